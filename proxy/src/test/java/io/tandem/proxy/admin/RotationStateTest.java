package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rotation state written into a key file: it survives a round trip, a broken line is skipped
 * and reported (the rest kept), only the newest finished rotations are kept, and a rotation id
 * that finished or is older than the newest finished one is a replay. Fails if a restart could
 * lose a staged key's state, or a replayed stage could pass for a new one.
 */
class RotationStateTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
    private static final String R1 = "r019aa6b0d1e2-00000001";
    private static final String R2 = "r019aa6b0d1e3-00000002";
    private static final String R3 = "r019aa6b0d1e4-00000003";

    @Test
    void lines_roundTrip() {
        RotationState state = RotationState.empty()
                .withStaged(Optional.of(new RotationState.Staged(R3, "k3", "a", T, T.plusSeconds(300))))
                .withLastCommit(new RotationState.Committed(R2, "k2", "k1", T))
                .withRetireAfter(Map.of("k1", T.plusSeconds(1260)))
                .finishing(R1).finishing(R2);
        List<String> problems = new ArrayList<>();

        RotationState read = RotationState.parse("k2 c2VjcmV0\n" + state.toLines(), problems);

        assertThat(read).isEqualTo(state);
        assertThat(problems).isEmpty();
        assertThat(state.toLines()).startsWith("# tandem-state: staged " + R3 + " k3 a 2026-11-21T10:00:00Z "
                + "2026-11-21T10:05:00Z\n");
    }

    @Test
    void brokenLine_isSkippedAndReported() {
        List<String> problems = new ArrayList<>();

        RotationState read = RotationState.parse("# tandem-state: staged nonsense\n"
                + "# tandem-state: retire-after k1 2026-11-21T10:21:00Z\n", problems);

        assertThat(read.staged()).isEmpty();
        assertThat(read.retireAfter()).containsEntry("k1", Instant.parse("2026-11-21T10:21:00Z"));
        assertThat(problems).containsExactly("line 1: not a rotation state line (ignored)");
    }

    @Test
    void finishedAndOlderRotations_areReplays() {
        RotationState state = RotationState.empty().finishing(R2);

        assertThat(state.isOutdated(R2)).isTrue();
        assertThat(state.isOutdated(R1)).as("older than the newest finished").isTrue();
        assertThat(state.isOutdated(R3)).isFalse();
    }

    @Test
    void onlyTheNewestFinished_areKept() {
        RotationState state = RotationState.empty();
        for (int i = 0; i < RotationState.MAX_FINISHED + 5; i++) {
            state = state.finishing(String.format("r%012x-00000000", 0x19aa6b0d1e2L + i));
        }

        assertThat(state.finished()).hasSize(RotationState.MAX_FINISHED);
        assertThat(state.newestFinished()).contains(String.format("r%012x-00000000",
                0x19aa6b0d1e2L + RotationState.MAX_FINISHED + 4));
    }

    @Test
    void reconciledWithTheRing_dropsWhatRefersToMissingKeys() {
        RotationState state = RotationState.empty()
                .withStaged(Optional.of(new RotationState.Staged(R3, "k3", "a", T, null)))
                .withRetireAfter(Map.of("k1", T, "k0", T));

        RotationState kept = state.reconciledWith(Set.of("k1", "k2"));

        assertThat(kept.staged()).isEmpty();
        assertThat(kept.retireAfter()).containsOnlyKeys("k1");
    }
}
