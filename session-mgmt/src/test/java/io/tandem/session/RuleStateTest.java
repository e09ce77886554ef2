package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.session.RuleState.RateWindow;
import org.junit.jupiter.api.Test;

class RuleStateTest {

    @Test
    void untracked_isEmpty_andSharedByNewRecords() {
        assertThat(RuleState.UNTRACKED.isEmpty()).isTrue();
        assertThat(RuleState.UNTRACKED.status()).isEqualTo(RuleState.Status.UNTRACKED);
        assertThat(SessionRecord.first(0, false, "").ruleState()).isSameAs(RuleState.UNTRACKED);
    }

    @Test
    void started_isASetOfTags_keptSorted() {
        RuleState s = RuleState.tracked(2).withStarted(0xFFFF).withStarted(3).withStarted(40).withStarted(3);

        assertThat(s.startedCount()).isEqualTo(3);
        assertThat(new int[] {s.startedTag(0), s.startedTag(1), s.startedTag(2)}).containsExactly(3, 40, 0xFFFF);
        assertThat(s.started(40)).isTrue();
        assertThat(s.started(41)).isFalse();
        assertThat(s.withStarted(40)).isSameAs(s);
    }

    @Test
    void steps_setReplaceAndRemove_withHighTags() {
        RuleState s = RuleState.tracked(1).withStep(0xFFFE, 2).withStep(1, 5);

        assertThat(s.step(0xFFFE)).isEqualTo(2);
        assertThat(s.step(1)).isEqualTo(5);
        assertThat(s.step(2)).isZero();
        assertThat(s.stepTag(0)).isEqualTo(1);
        assertThat(s.stepTag(1)).isEqualTo(0xFFFE);
        assertThat(s.highestStep()).isEqualTo(5);
        assertThat(s.withStep(1, 7).step(1)).isEqualTo(7);
        assertThat(s.withStep(1, 0).stepCount()).isEqualTo(1);
        assertThat(s.withStep(1, 5)).isSameAs(s);
        assertThat(s.withStep(9, 0)).isSameAs(s);
    }

    @Test
    void windows_roundTripEveryField() {
        RateWindow big = new RateWindow(0xFFFF, 0xFFFF_FFFFL, RuleState.MAX_COUNT, true);
        RateWindow small = new RateWindow(0, 0, 0, false);
        RuleState s = RuleState.tracked(1).withWindow(big).withWindow(small);

        assertThat(s.window(0xFFFF)).contains(big);
        assertThat(s.window(0)).contains(small);
        assertThat(s.window(1)).isEmpty();
        assertThat(s.windowAt(0)).isEqualTo(small);
        assertThat(s.windowAt(1)).isEqualTo(big);
        RateWindow next = new RateWindow(0xFFFF, 17, 1, false);
        assertThat(s.withWindow(next).window(0xFFFF)).contains(next);
        assertThat(s.withWindow(big)).isSameAs(s);
    }

    @Test
    void withMethods_neverChangeTheOriginal() {
        RuleState s = RuleState.tracked(1).withStarted(1);

        s.withStarted(2).withStep(3, 1).withWindow(new RateWindow(4, 1, 1, false));

        assertThat(s).isEqualTo(RuleState.tracked(1).withStarted(1));
        assertThat(s.stepCount()).isZero();
        assertThat(s.windowCount()).isZero();
    }

    @Test
    void retainTags_dropsUnknownRules() {
        RuleState s = RuleState.tracked(1).withStarted(1).withStarted(2).withStep(3, 1).withStep(4, 2)
                .withWindow(new RateWindow(5, 1, 1, false)).withWindow(new RateWindow(6, 1, 1, false));

        RuleState kept = s.retainTags(t -> t % 2 == 0);

        assertThat(kept).isEqualTo(RuleState.tracked(1).withStarted(2).withStep(4, 2)
                .withWindow(new RateWindow(6, 1, 1, false)));
        assertThat(s.retainTags(t -> true)).isSameAs(s);
    }

    @Test
    void asTracked_keepsEntries_changesGeneration() {
        RuleState s = RuleState.tracked(1).withStep(3, 2);

        assertThat(s.asTracked(1)).isSameAs(s);
        assertThat(s.asTracked(2).generation()).isEqualTo(2);
        assertThat(s.asTracked(2).step(3)).isEqualTo(2);
        assertThat(RuleState.exempt().asTracked(4)).isEqualTo(RuleState.tracked(4));
    }

    @Test
    void badArguments_areRejected() {
        assertThatThrownBy(() -> RuleState.tracked(1).withStarted(0x10000))
                .hasMessage("tag: 65536 (expected: 0..65535)");
        assertThatThrownBy(() -> RuleState.tracked(1).withStep(1, 0x10000))
                .hasMessage("step: 65536 (expected: 0..65535)");
        assertThatThrownBy(() -> new RateWindow(1, -1, 0, false))
                .hasMessage("index: -1 (expected: 0..4294967295)");
        assertThatThrownBy(() -> new RateWindow(1, 0, 0x8000, false))
                .hasMessage("count: 32768 (expected: 0..32767)");
    }

    @Test
    void toString_namesEntries() {
        RuleState s = RuleState.tracked(3).withStarted(0xa).withStep(0xb, 2)
                .withWindow(new RateWindow(0xc, 9, 6, true));

        assertThat(s).hasToString("RuleState[TRACKED, generation=3, started a, step b=2, window c@9=6 charged]");
    }
}
