package io.tandem.it.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.farm.Hop;
import io.tandem.it.pair.PairDeployment.Takeover;
import io.tandem.it.pair.RetryingShopper.Attempt;
import io.tandem.it.pair.RetryingShopper.RetryOn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planned moves of the active role, and a member coming back after a crash (listener mode: one
 * service address that the active member binds).
 *
 * <ul>
 *   <li>A switchover through {@code POST /api/v1/ha/failover} under load fails no request: the
 *       leaving member drains what is in flight, and clients that find the port closed for a
 *       moment reconnect. The customers add to their carts in every round (POSTs), and every
 *       cart must hold exactly what was added. Fails if any request gets a 5xx, a reset or a
 *       timeout (clients here retry <em>only</em> a refused connection, which proves the request
 *       was never sent), if a cart is off by one, if the roles do not swap, or if the epoch does
 *       not increase.</li>
 *   <li>The same with POSTs (every round adds to the cart, carts must hold exactly what was
 *       added) over six switchovers back and forth: disabled, see the test's comment.</li>
 *   <li>With {@code override: false} a former active member that restarts stays standby: fails if
 *       it is ever seen active, or the other member ever seen not active, during the restart and
 *       a 5 s observation window after it (a role that bounces back costs a second takeover).</li>
 *   <li>With {@code override: true} on the better-priority member, its return takes the role
 *       back through a planned switchover: fails if that member does not become active, if the
 *       other did not hand over (its log), or if a client request fails (POSTs included, as
 *       above).</li>
 * </ul>
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a hung test must not hold the build; waits inside are bounded
class PlannedSwitchoverIT {

    private static final int CUSTOMERS = 6;
    private static final int SWITCHOVERS = 6;
    private static final Duration OBSERVATION = Duration.ofSeconds(5);
    private static final Duration OBSERVATION_STEP = Duration.ofMillis(250);

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
    void switchover_underLoad_zeroFailedRequests() throws Exception {
        pair = PairDeployment.start(dir, Takeover.LISTENER);
        Member a = pair.a();
        Member b = pair.b();
        long epochBefore = a.status().orElseThrow().epoch();
        crowd = new ShopperCrowd(a.serviceUrl(), CUSTOMERS, RetryOn.CONNECTION_REFUSED).start();
        crowd.awaitWarmedUp(3, Duration.ofSeconds(60));

        long requestedAt = System.nanoTime();
        Member.AdminReply reply = a.post("ha/failover");
        assertThat(reply.status()).as("POST /ha/failover: %s", reply.body()).isEqualTo(202);
        assertThat(reply.json().path("to").asText()).isEqualTo(b.nodeId());
        pair.awaitRole(b, "active", Duration.ofSeconds(30));
        long switchedAfter = RetryingShopper.millis(System.nanoTime() - requestedAt);
        crowd.awaitRoundsAfter(System.nanoTime(), 5, Duration.ofSeconds(60));
        crowd.stopAndJoin(Duration.ofSeconds(60));

        assertZeroFailedRequests();
        assertThat(a.isStandby()).as("%s after the switchover", a.nodeId()).isTrue();
        long epochAfter = b.status().orElseThrow().epoch();
        assertThat(epochAfter).as("epoch after the switchover").isGreaterThan(epochBefore);
        assertThat(a.process().stderr()).contains("role=STANDBY", "planned switchover to " + b.nodeId());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(a.process().stderr())
                .as("the released listener drained cleanly").contains("0 request(s) still in flight at the end"));
        System.out.printf("PlannedSwitchoverIT: %s active %d ms after the request; %s; epoch %d -> %d%n", b.nodeId(),
                switchedAfter, refusedSummary(), epochBefore, epochAfter);
    }

    /*
     * Guards the drain against losing a POST: a request in flight when the drain starts must be
     * answered with Connection: close (decided at response commit), or the client sends its next
     * request, a POST it will not retry, into a connection the drain is about to close. Before
     * that fix this failed in 5 of 8 runs with "no response (IOException: HTTP/1.1 header parser
     * received no bytes)".
     */
    @Test
    void switchoversBackAndForth_whilePostsAreSent_zeroFailedRequests() throws Exception {
        pair = PairDeployment.start(dir, Takeover.LISTENER);
        crowd = new ShopperCrowd(pair.a().serviceUrl(), CUSTOMERS, RetryOn.CONNECTION_REFUSED, true).start();
        crowd.awaitWarmedUp(3, Duration.ofSeconds(60));
        Member from = pair.a();
        for (int i = 0; i < SWITCHOVERS; i++) {
            long epochBefore = from.status().orElseThrow().epoch();
            Member.AdminReply reply = from.post("ha/failover");
            assertThat(reply.status()).as("POST /ha/failover on %s: %s", from.nodeId(), reply.body()).isEqualTo(202);
            Member to = pair.other(from);
            pair.awaitRole(to, "active", Duration.ofSeconds(30));
            assertThat(to.status().orElseThrow().epoch()).isGreaterThan(epochBefore);
            crowd.awaitRoundsAfter(System.nanoTime(), 3, Duration.ofSeconds(60));
            from = to;
        }
        crowd.stopAndJoin(Duration.ofSeconds(60));

        assertZeroFailedRequests();
        System.out.printf("PlannedSwitchoverIT (POSTs, %d switchovers): %s%n", SWITCHOVERS, refusedSummary());
    }

    @Test
    void formerActiveRestarted_overrideOff_rejoinsAsStandby_noFlapping() throws Exception {
        pair = PairDeployment.start(dir, Takeover.LISTENER);
        Member a = pair.a();
        Member b = pair.b();
        pair.kill(a);
        pair.awaitRole(b, "active", Duration.ofSeconds(30));
        long epoch = b.status().orElseThrow().epoch();
        int logBefore = a.process().stderr().length();
        int logOfB = b.process().stderr().length();

        pair.restart(a);
        List<String> seen = new ArrayList<>();
        long joinDeadline = System.nanoTime() + PairDeployment.SETTLE.toNanos();
        int joinPolls = 0;
        String decided = "role change: node=" + a.nodeId() + " role=STANDBY";
        while (!(a.process().stderr().indexOf(decided, logBefore) >= 0 && a.membersSeen() == 2
                && b.membersSeen() == 2)) {
            observe(a, b, seen);
            assertThat(System.nanoTime() - joinDeadline).as("%s rejoined within %s; roles seen %s", a.nodeId(),
                    PairDeployment.SETTLE, seen).isNegative();
            assertThat(++joinPolls).isLessThan(10_000);
            TimeUnit.MILLISECONDS.sleep(50); // a bounded poll, recording every role on the way
        }
        for (int i = 0; i < OBSERVATION.toMillis() / OBSERVATION_STEP.toMillis(); i++) {
            observe(a, b, seen);
            TimeUnit.MILLISECONDS.sleep(OBSERVATION_STEP.toMillis()); // the observation window itself
        }

        assertThat(seen).as("roles of %s and %s from the restart on", a.nodeId(), b.nodeId())
                .allMatch(s -> !s.startsWith(a.nodeId() + "=active") && s.contains(b.nodeId() + "=active"));
        assertThat(b.status().orElseThrow().epoch()).as("epoch: no role change happened").isEqualTo(epoch);
        assertThat(a.process().stderr().substring(logBefore)).as("%s's log after the restart", a.nodeId())
                .doesNotContain("role change: node=" + a.nodeId() + " role=ACTIVE");
        assertThat(b.process().stderr().substring(logOfB)).as("%s's log after its promotion", b.nodeId())
                .doesNotContain("role change: node=" + b.nodeId() + " role=STANDBY");
    }

    @Test
    void overrideOn_betterPriorityReturns_takesOverByPlannedSwitchover_zeroFailures() throws Exception {
        pair = PairDeployment.start(dir, Takeover.LISTENER, true);
        Member a = pair.a();
        Member b = pair.b();
        pair.kill(a);
        pair.awaitRole(b, "active", Duration.ofSeconds(30));
        long epochOfB = b.status().orElseThrow().epoch();
        crowd = new ShopperCrowd(b.serviceUrl(), CUSTOMERS, RetryOn.CONNECTION_REFUSED).start();
        crowd.awaitWarmedUp(3, Duration.ofSeconds(60));

        long restartedAt = System.nanoTime();
        pair.restart(a);
        pair.awaitRole(a, "active", PairDeployment.SETTLE);
        long tookOverAfter = RetryingShopper.millis(System.nanoTime() - restartedAt);
        crowd.awaitRoundsAfter(System.nanoTime(), 5, Duration.ofSeconds(60));
        crowd.stopAndJoin(Duration.ofSeconds(60));

        assertZeroFailedRequests();
        assertThat(b.isStandby()).as("%s after %s returned", b.nodeId(), a.nodeId()).isTrue();
        long epochAfter = a.status().orElseThrow().epoch();
        assertThat(epochAfter).as("epoch of the returning member").isGreaterThan(epochOfB);
        assertThat(b.process().stderr()).as("%s hands over rather than losing the role", b.nodeId())
                .contains("planned switchover to " + a.nodeId());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(b.process().stderr())
                .as("the released listener drained cleanly").contains("0 request(s) still in flight at the end"));
        System.out.printf("PlannedSwitchoverIT (override): %s active %d ms after its restart began; %s;"
                        + " epoch %d -> %d%n",
                a.nodeId(), tookOverAfter, refusedSummary(), epochOfB, epochAfter);
    }

    /** Every request got a non-5xx answer; the only misses were refused connections, retried. */
    private void assertZeroFailedRequests() {
        assertThat(crowd.problems()).as("customers whose request failed or whose cart changed").isEmpty();
        List<Attempt> attempts = allAttempts();
        List<Hop> failed = attempts.stream().flatMap(a -> a.step().hops().stream())
                .filter(h -> h.isError() && !RetryingShopper.isRefused(h)).toList();
        assertThat(failed).as("requests that got a 5xx or no response other than a refused connection").isEmpty();
    }

    private List<Attempt> allAttempts() {
        List<Attempt> attempts = new ArrayList<>();
        crowd.customers().forEach(c -> attempts.addAll(c.client.attempts()));
        return attempts;
    }

    private String refusedSummary() {
        List<Attempt> refused = allAttempts().stream().filter(a -> a.step().failed()).toList();
        if (refused.isEmpty()) {
            return "no connection refused";
        }
        long first = refused.stream().mapToLong(Attempt::startNanos).min().orElseThrow();
        long last = refused.stream().mapToLong(Attempt::endNanos).max().orElseThrow();
        return refused.size() + " refused connections (retried) over " + RetryingShopper.millis(last - first) + " ms";
    }

    private static void observe(Member a, Member b, List<String> seen) {
        String roleOfA = a.status().map(s -> s.role() + "@" + s.epoch()).orElse("no answer");
        String roleOfB = b.status().map(s -> s.role() + "@" + s.epoch()).orElse("no answer");
        seen.add(a.nodeId() + "=" + roleOfA + " " + b.nodeId() + "=" + roleOfB);
    }
}
