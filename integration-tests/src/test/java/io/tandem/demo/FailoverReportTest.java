package io.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.demo.FailoverReport.Failures;
import io.tandem.demo.FailoverReport.Member;
import io.tandem.demo.FailoverReport.Window;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * How the failover report counts and judges: a request's window relative to the kill and the
 * takeover, and PASS only with every cart intact, a takeover, and no failure before the kill or
 * after the takeover. Fails if a failure while nobody listened is held against the pair, or one
 * after the takeover is not.
 */
class FailoverReportTest {

    private static final long KILL = 1_000;
    private static final OptionalLong TAKEOVER = OptionalLong.of(2_000);

    @Test
    void window_ofARequest_dependsOnWhenItWasSentAndEnded() {
        assertThat(FailoverReport.window(100, 900, KILL, TAKEOVER)).isEqualTo(Window.BEFORE_KILL);
        assertThat(FailoverReport.window(900, 1_100, KILL, TAKEOVER)).isEqualTo(Window.AT_KILL);
        assertThat(FailoverReport.window(1_000, 1_100, KILL, TAKEOVER)).isEqualTo(Window.DURING_TAKEOVER);
        assertThat(FailoverReport.window(1_999, 2_500, KILL, TAKEOVER)).isEqualTo(Window.DURING_TAKEOVER);
        assertThat(FailoverReport.window(2_000, 2_001, KILL, TAKEOVER)).isEqualTo(Window.AFTER_TAKEOVER);
        assertThat(FailoverReport.window(9_000, 9_001, KILL, OptionalLong.empty())).isEqualTo(Window.DURING_TAKEOVER);
    }

    private static FailoverReport report(int intactAfter, Failures failures, OptionalLong takeover) {
        return new FailoverReport(20, 20, intactAfter, 20, 4321, failures, takeover, new Member("demo-a", 1),
                new Member("demo-b", takeover.isPresent() ? 2 : 0), List.of());
    }

    @Test
    void pass_allowsFailuresAtTheKillAndDuringTheTakeover() {
        FailoverReport report = report(20, new Failures(0, 3, 12, 0), OptionalLong.of(412));

        assertThat(report.passed()).isTrue();
        assertThat(report.format()).isEqualTo("""

                Failover report
                  shoppers:                 20
                  carts intact:             20/20 before the kill, 20/20 after the takeover (same items, same login)
                  stayed on their backend:  20/20
                  requests:                 4321
                  failed requests:          0 before the kill, 3 in flight at the kill, 12 during the takeover, 0 after the takeover
                  takeover time:            412 ms (kill -9 of demo-a to the first response through the pair, polled every 10 ms)
                  epoch:                    1 before (demo-a active), 2 after (demo-b active)
                result: PASS: every cart survived and no request failed outside the takeover
                """);
    }

    @Test
    void fail_forALostCart_aFailureAfterTheTakeover_orNoTakeover() {
        assertThat(report(19, Failures.NONE, OptionalLong.of(400)).format())
                .endsWith("result: FAIL: 1 cart(s) or login(s) lost\n");
        assertThat(report(20, Failures.NONE.plus(Window.AFTER_TAKEOVER, 2), OptionalLong.of(400)).format())
                .endsWith("result: FAIL: 2 request(s) failed outside the takeover\n");
        assertThat(report(20, Failures.NONE.plus(Window.BEFORE_KILL, 1), OptionalLong.of(400)).passed()).isFalse();
        FailoverReport none = report(20, Failures.NONE, OptionalLong.empty());
        assertThat(none.format()).contains("  takeover time:            none: nobody answered after the kill\n",
                "unknown after (demo-b never reported the active role)")
                .endsWith("result: FAIL: the standby did not take over\n");
    }
}
