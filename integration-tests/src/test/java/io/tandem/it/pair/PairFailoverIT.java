package io.tandem.it.pair;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.it.pair.PairDeployment.Takeover;
import io.tandem.it.pair.RetryingShopper.Attempt;
import io.tandem.it.pair.RetryingShopper.RetryOn;
import io.tandem.session.CookieDecoding;
import io.tandem.session.HmacCookieCodec;
import io.tandem.session.SessionCookie;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair's defining property across a crash: 20 customers shop through the pair (listener
 * mode, one service address), and the active member is killed with SIGKILL while they browse.
 * The customers retry requests that got no answer, as browsers and users do.
 *
 * <p>Fails if any customer's cart or login is lost after the takeover, if a customer lands on
 * another shop instance (the signed cookie carries the backend), if a customer's Tandem session
 * changes (the session id inside {@code cookiesession1}, decoded with the shared key ring; the
 * cookie text may be renewed), if any request fails except those in flight at the kill or sent
 * before the new active member answered its first request, if the new active member does not
 * hold a higher epoch, or if it does not log that it adopted the sessions.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a hung test must not hold the build; waits inside are bounded
class PairFailoverIT {

    private static final int CUSTOMERS = 20;

    @TempDir
    Path dir;

    private PairDeployment pair;
    private ShopperCrowd crowd;

    @AfterEach
    void stopEverything() {
        if (crowd != null) {
            crowd.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void killActive_underLoad_everyShopperKeepsCartBackendAndLogin() throws Exception {
        pair = PairDeployment.start(dir, Takeover.LISTENER);
        Member first = pair.active();
        Member second = pair.standby();
        long epochBefore = first.status().orElseThrow().epoch();
        HmacCookieCodec codec = new HmacCookieCodec(pair.keyRing());

        crowd = new ShopperCrowd(first.serviceUrl(), CUSTOMERS, RetryOn.ANY_ERROR).start();
        crowd.awaitWarmedUp(3, Duration.ofSeconds(90));
        Map<ShopperCrowd.Customer, SessionCookie> sessionsBefore = new HashMap<>();
        for (ShopperCrowd.Customer c : crowd.customers()) {
            sessionsBefore.put(c, session(codec, c));
        }

        long killedAt = System.nanoTime();
        pair.kill(first);
        pair.awaitRole(second, "active", Duration.ofSeconds(30));
        crowd.awaitRoundsAfter(killedAt, 5, Duration.ofSeconds(90));
        crowd.stopAndJoin(Duration.ofSeconds(60));

        assertThat(crowd.problems()).as("carts, logins and requests of every customer").isEmpty();
        List<Attempt> attempts = new ArrayList<>();
        crowd.customers().forEach(c -> attempts.addAll(c.client.attempts()));
        OptionalLong firstServed = attempts.stream()
                .filter(a -> a.step().ok() && a.startNanos() - killedAt > 0)
                .mapToLong(Attempt::endNanos).min();
        assertThat(firstServed).as("a request answered by the new active member").isPresent();
        long servedAt = firstServed.getAsLong();

        List<Attempt> failedEarly = attempts.stream()
                .filter(a -> !a.errorHops().isEmpty() && a.startNanos() - killedAt < 0 && a.endNanos() - killedAt < 0)
                .toList();
        assertThat(failedEarly).as("failed requests before the kill").isEmpty();
        List<Attempt> failedAfterTakeover = attempts.stream()
                .filter(a -> !a.errorHops().isEmpty() && a.startNanos() - servedAt >= 0)
                .toList();
        assertThat(failedAfterTakeover).as("failed requests sent after the new active member served its first one")
                .isEmpty();
        long takeoverErrors = attempts.stream().mapToLong(a -> a.errorHops().size()).sum();

        for (ShopperCrowd.Customer c : crowd.customers()) {
            SessionCookie before = sessionsBefore.get(c);
            SessionCookie after = session(codec, c);
            assertThat(after.id()).as("%s's Tandem session after the takeover", c).isEqualTo(before.id());
            assertThat(after.backend()).as("%s's persistence target", c).isEqualTo(before.backend());
            assertThat(c.client.shopper().backendsSeen()).as("%s's backends over the whole run", c)
                    .containsExactly(before.backend());
            assertThat(second.process().stderr()).as("%s adopted by %s", c, second.nodeId())
                    .contains("session adopted: session=" + before.id());
        }
        long epochAfter = second.status().orElseThrow().epoch();
        assertThat(epochAfter).as("epoch of the new active member").isGreaterThan(epochBefore);
        System.out.printf("PairFailoverIT: %d actions; first answer from %s %d ms after the kill; %d failed tries"
                        + " (%d requests without an answer or with a 5xx) during the takeover; epoch %d -> %d%n",
                attempts.size(), second.nodeId(), RetryingShopper.millis(servedAt - killedAt),
                attempts.stream().filter(a -> a.step().failed()).count(), takeoverErrors, epochBefore, epochAfter);
    }

    private static SessionCookie session(HmacCookieCodec codec, ShopperCrowd.Customer c) {
        String value = c.cookie("cookiesession1").orElseThrow(() -> new AssertionError(c + " has no cookiesession1"));
        CookieDecoding decoded = codec.decode(value);
        assertThat(decoded).as("%s's cookiesession1 under the shared key ring", c)
                .isInstanceOf(CookieDecoding.Decoded.class);
        return ((CookieDecoding.Decoded) decoded).cookie();
    }
}
