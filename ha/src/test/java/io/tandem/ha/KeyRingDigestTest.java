package io.tandem.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The key-ring digest a member publishes: its text form survives a round trip, and two rings are
 * compatible exactly when each accepts the key the other signs with (the states a pair-wide
 * rotation passes through), not when the fingerprints are equal. Fails if a transient rotation
 * state is taken for a different ring, or a different ring for a rotation.
 */
class KeyRingDigestTest {

    private static final KeyRingDigest IDLE = KeyRingDigest.of("f1", List.of("k1"));
    private static final KeyRingDigest STAGED = KeyRingDigest.of("f2", List.of("k1", "k2"));
    private static final KeyRingDigest COMMITTED = KeyRingDigest.of("f3", List.of("k2", "k1"));
    private static final KeyRingDigest RETIRED = KeyRingDigest.of("f4", List.of("k2"));

    @Test
    void textForm_roundTrips() {
        assertThat(COMMITTED.encode()).isEqualTo("f3;k2,k1");
        assertThat(KeyRingDigest.parse("f3;k2,k1")).isEqualTo(COMMITTED);
        assertThat(KeyRingDigest.parse("4312e12b41f10380")).isEqualTo(KeyRingDigest.of("4312e12b41f10380", List.of()));
        assertThat(KeyRingDigest.parse("")).isEqualTo(KeyRingDigest.of("", List.of()));
        assertThat(COMMITTED.signingKey()).contains("k2");
        assertThat(KeyRingDigest.parse("f1").signingKey()).isEmpty();
    }

    @Test
    void malformedKeyList_isAnOpaqueFingerprint() {
        assertThat(KeyRingDigest.parse("f1;k1,,k2")).isEqualTo(KeyRingDigest.of("f1;k1,,k2", List.of()));
        assertThat(KeyRingDigest.parse("f1;k1,k1")).isEqualTo(KeyRingDigest.of("f1;k1,k1", List.of()));
        assertThatThrownBy(() -> KeyRingDigest.of("f", List.of("a b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyStateOfARotation_isCompatibleWithTheNextAndThePrevious() {
        List<KeyRingDigest> states = List.of(IDLE, STAGED, COMMITTED, RETIRED);
        for (int i = 0; i + 1 < states.size(); i++) {
            assertThat(states.get(i).conflictWith(states.get(i + 1), "a", "b")).as("%s vs %s", i, i + 1).isEmpty();
            assertThat(states.get(i + 1).conflictWith(states.get(i), "a", "b")).as("%s vs %s", i + 1, i).isEmpty();
        }
        assertThat(IDLE.conflictWith(COMMITTED, "a", "b")).as("one committed, the other never got the key")
                .contains("b signs with key k2, which a's ring lacks");
        assertThat(IDLE.conflictWith(RETIRED, "a", "b"))
                .contains("a signs with key k1, which b's ring lacks, and b signs with key k2, which a's ring lacks");
    }

    @Test
    void sameKeyIdWithAnotherSecret_isAnotherFingerprint_andConflicts() {
        KeyRingDigest other = KeyRingDigest.of("f9", List.of("k9"));

        assertThat(IDLE.conflictWith(other, "a", "c")).isPresent();
    }

    @Test
    void withoutKeyFingerprints_theRingFingerprintsMustBeEqual() {
        assertThat(KeyRingDigest.parse("f1").conflictWith(IDLE, "a", "b")).isEmpty();
        assertThat(KeyRingDigest.parse("f0").conflictWith(IDLE, "a", "b")).contains("the fingerprints differ");
    }
}
