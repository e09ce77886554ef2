package io.tandem.it.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.farm.Page;
import io.tandem.farm.Shopper;
import io.tandem.farm.Step;
import io.tandem.it.pair.PairDeployment.Takeover;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The active member freezes (SIGSTOP: a suspended VM, a stop-the-world pause) instead of dying.
 * A frozen process still holds its sockets, so on one host it would keep the shared service port
 * of the {@code listener} mode bound (connections queue on it and nobody answers) and the
 * standby could never bind it; on two hosts the address would move, which one host cannot show.
 * This test therefore uses the {@code load-balancer} mode, where each member has its own service
 * port and a load balancer follows {@code /api/v1/ready}.
 *
 * <p>Fails if the standby does not report ready and serve a shopper within 10 s of the freeze
 * (the measured time is printed; the target is about 2 s), if the woken member does not step
 * down to STANDBY within 10 s of SIGCONT, if the pair then has anything but exactly one active
 * member, or if the new active member's epoch is not higher than before the freeze (the epoch
 * is what fences the stale active member).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a hung test must not hold the build; waits inside are bounded
class PairFreezeIT {

    @TempDir
    Path dir;

    private PairDeployment pair;

    @AfterEach
    void stopEverything() {
        if (pair != null) {
            pair.close(); // SIGKILL ends a frozen member too
        }
    }

    @Test
    void frozenActive_standbyServesWithinSeconds_wokenMemberStepsDown() throws Exception {
        pair = PairDeployment.start(dir, Takeover.LOAD_BALANCER);
        Member a = pair.a();
        Member b = pair.b();
        assertThat(a.isActive()).isTrue();
        long epochBefore = a.status().orElseThrow().epoch();
        assertThat(b.readyStatus()).as("readiness of the standby").isEqualTo(503);
        Page refused = new Shopper(b.serviceUrl()).get("/").value();
        assertThat(refused.status()).as("the standby's service port").isEqualTo(503);
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(new Shopper(a.serviceUrl()).home().ok()).as("the active member serves").isTrue();

        long frozenAt = System.nanoTime();
        pair.freeze(a);
        await("standby ready").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> b.readyStatus() == 200);
        long readyAfter = RetryingShopper.millis(System.nanoTime() - frozenAt);
        Shopper shopper = new Shopper(b.serviceUrl());
        await("the standby serves a shopper").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> shopper.home().ok());
        long servedAfter = RetryingShopper.millis(System.nanoTime() - frozenAt);
        assertThat(servedAfter).as("ms from SIGSTOP to a page served by %s", b.nodeId()).isLessThanOrEqualTo(10_000);
        Step<?> cart = shopper.addToCart(2, 1);
        assertThat(cart.ok()).as("a cart on the new active member: %s", cart.failure()).isTrue();

        long thawedAt = System.nanoTime();
        pair.thaw(a);
        await("one active member again, " + b.nodeId() + " with a higher epoch").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> a.isStandby() && b.status().map(s -> s.active() && s.epoch() > epochBefore).orElse(false));
        long convergedAfter = RetryingShopper.millis(System.nanoTime() - thawedAt);
        assertThat(a.readyStatus()).as("readiness of the woken member").isEqualTo(503);
        assertThat(b.readyStatus()).as("readiness of the new active member").isEqualTo(200);
        assertThat(shopper.cart().value().totalQty()).as("the cart made during the freeze").isEqualTo(1);
        assertThat(a.process().stderr()).contains("paused for");

        await("both members list each other again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> a.membersSeen() == 2 && b.membersSeen() == 2);
        long rejoinedAfter = RetryingShopper.millis(System.nanoTime() - thawedAt);
        assertThat(a.isStandby()).as("%s after rejoining", a.nodeId()).isTrue();
        assertThat(b.isActive()).as("%s after %s rejoined", b.nodeId(), a.nodeId()).isTrue();
        System.out.printf("PairFreezeIT: SIGSTOP -> %s ready %d ms, serving %d ms; SIGCONT -> %s standby %d ms,"
                        + " both members in view %d ms; epoch %d -> %d%n", b.nodeId(), readyAfter, servedAfter,
                a.nodeId(), convergedAfter, rejoinedAfter, epochBefore, b.status().orElseThrow().epoch());
    }
}
