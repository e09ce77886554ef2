package io.tandem.waf.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.session.RuleState;
import io.tandem.session.RuleState.RateWindow;
import io.tandem.waf.Action;
import io.tandem.waf.rules.TextMatcher;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.Per;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The join and the proof of {@link Continuity}, on their own. */
class ContinuityTest {

    private static final List<TextMatcher> STEPS = List.of(TextMatcher.simple("/a", false),
            TextMatcher.simple("/b", false), TextMatcher.simple("/c", false), TextMatcher.simple("/d", false));
    private static final StartPageRule START = new StartPageRule("s", List.of(), List.of(TextMatcher.simple("/", false)),
            Action.alertDeny(), false);
    private static final PageOrderRule ORDER = new PageOrderRule("o", STEPS, Action.alertDeny(), false);
    private static final RateLimitRule RATE = new RateLimitRule("r", TextMatcher.simple("/login", false), Set.of(), 5,
            60, Per.SESSION, Action.alertDeny(), false);

    private static Continuity.Context context(long activeSince, long completeSince, long idleExpiry) {
        return new Continuity.Context(AfterFailover.CHECKPOINT, 1, activeSince, completeSince, idleExpiry,
                List.of(START), List.of(ORDER), List.of(RATE), 1_000_000);
    }

    private static RuleState random(Random r) {
        RuleState s = RuleState.tracked(1);
        if (r.nextBoolean()) {
            s = s.withStarted(START.tag);
        }
        s = s.withStep(ORDER.tag, r.nextInt(5));
        if (r.nextBoolean()) {
            s = s.withWindow(new RateWindow(RATE.tag, 100 + r.nextInt(3), r.nextInt(8), r.nextBoolean()));
        }
        return s;
    }

    /** {@code a} is at least as strict for limits and at least as far along as {@code b}. */
    private static void assertDominates(RuleState a, RuleState b) {
        assertThat(a.started(START.tag) || !b.started(START.tag)).isTrue();
        assertThat(a.step(ORDER.tag)).isGreaterThanOrEqualTo(b.step(ORDER.tag));
        b.window(RATE.tag).ifPresent(wb -> {
            RateWindow wa = a.window(RATE.tag).orElseThrow();
            assertThat(wa.index()).isGreaterThanOrEqualTo(wb.index());
            if (wa.index() == wb.index()) {
                assertThat(wa.count()).isGreaterThanOrEqualTo(wb.count());
            }
        });
    }

    @Test
    void join_neverLowersEitherSide_andAnOlderCookieAddsNothing() {
        Random r = new Random(7);
        Continuity.Context c = context(0, 0, 1_200_000);
        for (int i = 0; i < 20_000; i++) {
            RuleState local = random(r);
            RuleState cookie = random(r);

            RuleState joined = Continuity.join(local, cookie, c);

            assertDominates(joined, local);
            assertDominates(joined, cookie);
            assertThat(Continuity.join(joined, cookie, c)).as("idempotent").isEqualTo(joined);
            assertThat(Continuity.join(joined, local, c)).isEqualTo(joined);
        }
    }

    @Test
    void join_ignoresEntriesOfUnknownRules_andClampsProgressToTheRule() {
        RuleState cookie = RuleState.tracked(0).withStarted(START.tag ^ 1).withStep(ORDER.tag, 200);

        RuleState joined = Continuity.join(RuleState.tracked(1), cookie, context(0, 0, 1));

        assertThat(joined.started(START.tag ^ 1)).isFalse();
        assertThat(joined.step(ORDER.tag)).isEqualTo(4);
    }

    @Test
    void charge_raisesTheWindowInProgressToTheLimit_neverLowers() {
        RuleState none = Continuity.charge(RuleState.tracked(1), RATE, 50);
        RuleState low = Continuity.charge(RuleState.tracked(1).withWindow(new RateWindow(RATE.tag, 50, 2, false)), RATE, 50);
        RuleState older = Continuity.charge(RuleState.tracked(1).withWindow(new RateWindow(RATE.tag, 49, 9, false)), RATE, 50);
        RuleState high = RuleState.tracked(1).withWindow(new RateWindow(RATE.tag, 50, 7, false));

        assertThat(none.window(RATE.tag)).contains(new RateWindow(RATE.tag, 50, 5, true));
        assertThat(low.window(RATE.tag)).contains(new RateWindow(RATE.tag, 50, 5, true));
        assertThat(older.window(RATE.tag)).contains(new RateWindow(RATE.tag, 50, 5, true));
        assertThat(Continuity.charge(high, RATE, 50)).as("already over: seen, not presumed").isSameAs(high);
    }

    @ParameterizedTest(name = "active since {0}, complete since {1}, idle {2}, record survived {3}: proven {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # the window starts at 60000 ms and lasts 60000 ms
            0      | 0      | 1200000 | false | true
            60000  | 0      | 1200000 | false | true
            60001  | 0      | 1200000 | false | false
            0      | 59999  | 1200000 | false | true
            0      | 60000  | 1200000 | false | false
            0      | 0      | 59999   | false | false
            0      | 60000  | 59999   | true  | true
            60001  | 0      | 1200000 | true  | false
            """)
    void proof(long activeSince, long completeSince, long idleExpiry, boolean survived, boolean proven) {
        assertThat(Continuity.proven(context(activeSince, completeSince, idleExpiry), RATE, 60_000, survived))
                .isEqualTo(proven);
    }
}
