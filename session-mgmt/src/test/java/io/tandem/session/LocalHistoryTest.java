package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalHistoryTest {

    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final LocalHistory history = new LocalHistory(1_000, Duration.ofSeconds(1200), clock);

    private static SessionCookie cookie(long n, String backend) {
        return new SessionCookie(new SessionId(0, n), 0, 0, "k1", "tandem-a", backend);
    }

    @Test
    void recordRequest_createsThenUpdates() {
        long t0 = clock.millis();
        SessionRecord first = history.recordRequest(cookie(1, "web1"), true, t0);
        SessionRecord second = history.recordRequest(cookie(1, "web2"), false, t0 + 500);

        assertThat(first).isEqualTo(new SessionRecord(t0, t0, 1, true, "web1", RuleState.UNTRACKED));
        assertThat(second).isEqualTo(new SessionRecord(t0, t0 + 500, 2, true, "web2", RuleState.UNTRACKED));
        assertThat(history.find(new SessionId(0, 1))).contains(second);
        assertThat(history.find(new SessionId(0, 2))).isEmpty();
    }

    @Test
    void recordRequest_clockStepsBack_lastSeenDoesNotMoveBackwards() {
        history.recordRequest(cookie(1, ""), false, 10_000);

        assertThat(history.recordRequest(cookie(1, ""), false, 9_000).lastSeenMillis()).isEqualTo(10_000);
    }

    @Test
    void size_isBoundedByMaxEntries() {
        for (long i = 0; i < 20_000; i++) {
            history.recordRequest(cookie(i, ""), false, clock.millis());
        }

        history.cleanUp();

        assertThat(history.estimatedSize()).isLessThanOrEqualTo(1_000);
        assertThat(history.stats().evictionCount()).isGreaterThanOrEqualTo(19_000);
    }

    @Test
    void idleEntries_expire_activeOnesStay() {
        history.recordRequest(cookie(1, ""), false, clock.millis());
        history.recordRequest(cookie(2, ""), false, clock.millis());

        clock.advance(Duration.ofSeconds(1000));
        assertThat(history.find(new SessionId(0, 2))).isPresent(); // an access keeps it
        clock.advance(Duration.ofSeconds(201));
        history.cleanUp();

        assertThat(history.find(new SessionId(0, 1))).isEmpty();
        assertThat(history.find(new SessionId(0, 2))).isPresent();
        assertThat(history.estimatedSize()).isEqualTo(1);
    }

    @Test
    void snapshot_mostRecentFirst_limited_withoutCountingAsAccess() {
        for (long i = 1; i <= 5; i++) {
            history.recordRequest(cookie(i, ""), false, clock.millis());
            clock.advance(Duration.ofSeconds(1));
        }

        Map<SessionId, SessionRecord> snapshot = history.snapshot(3);

        assertThat(snapshot.keySet()).containsExactly(new SessionId(0, 5), new SessionId(0, 4), new SessionId(0, 3));
        assertThat(history.stats().requestCount()).isZero();
        assertThatThrownBy(() -> snapshot.clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidate_forgetsSession() {
        history.recordRequest(cookie(1, ""), false, clock.millis());

        history.invalidate(new SessionId(0, 1));

        assertThat(history.find(new SessionId(0, 1))).isEmpty();
    }

    @Test
    void update_changesRuleState_onlyOfRememberedSessions() {
        history.recordRequest(cookie(1, ""), false, clock.millis());
        RuleState state = RuleState.tracked(1).withStep(7, 3);

        assertThat(history.update(new SessionId(0, 1), r -> r.withRuleState(state)))
                .hasValueSatisfying(r -> assertThat(r.pageOrderStep()).isEqualTo(3));
        assertThat(history.update(new SessionId(0, 2), r -> r.withRuleState(state))).isEmpty();
        assertThat(history.find(new SessionId(0, 1)).orElseThrow().ruleState()).isEqualTo(state);
    }

    @Test
    void updateOrStart_createsMissingRecord_andUpdatesExistingOne() {
        long t0 = clock.millis();
        RuleState state = RuleState.tracked(1).withStarted(5);

        SessionRecord created = history.updateOrStart(new SessionId(0, 1), true, t0, r -> r.withRuleState(state));
        history.recordRequest(cookie(1, "web1"), false, t0 + 1);
        SessionRecord updated = history.updateOrStart(new SessionId(0, 1), false, t0 + 2,
                r -> r.withRuleState(r.ruleState().withStep(9, 1)));

        assertThat(created).isEqualTo(new SessionRecord(t0, t0, 1, true, "", state));
        assertThat(updated).isEqualTo(new SessionRecord(t0, t0 + 1, 2, true, "web1", state.withStep(9, 1)));
    }

    @Test
    void completeSince_startsAtCreation_movesOnSizeEvictionAndInvalidate_notOnIdleExpiry() {
        long created = clock.millis();
        assertThat(history.completeSinceMillis()).isEqualTo(created);

        history.recordRequest(cookie(1, ""), false, clock.millis());
        clock.advance(Duration.ofSeconds(1201));
        history.cleanUp();
        assertThat(history.find(new SessionId(0, 1))).isEmpty();
        assertThat(history.completeSinceMillis()).as("idle expiry is not a loss").isEqualTo(created);

        history.recordRequest(cookie(2, ""), false, clock.millis());
        clock.advance(Duration.ofSeconds(5));
        history.invalidate(new SessionId(0, 2));
        assertThat(history.completeSinceMillis()).isEqualTo(clock.millis());

        clock.advance(Duration.ofSeconds(5));
        for (long i = 10; i < 3_000; i++) {
            history.recordRequest(cookie(i, ""), false, clock.millis());
        }
        history.cleanUp();
        assertThat(history.completeSinceMillis()).as("size eviction is a loss").isEqualTo(clock.millis());
    }

    @Test
    void stats_countKnownAndUnknownLookups() {
        history.recordRequest(cookie(1, ""), false, clock.millis());

        history.find(new SessionId(0, 1));
        history.find(new SessionId(0, 2));

        assertThat(history.stats().hitCount()).isEqualTo(1);
        assertThat(history.stats().missCount()).isEqualTo(1);
    }

    @Test
    void constructor_badBounds_areRejected() {
        assertThatThrownBy(() -> new LocalHistory(0, Duration.ofSeconds(1), clock))
                .hasMessage("maxEntries: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new LocalHistory(1, Duration.ZERO, clock))
                .hasMessage("idleExpiry: PT0S (expected: > 0)");
    }
}
