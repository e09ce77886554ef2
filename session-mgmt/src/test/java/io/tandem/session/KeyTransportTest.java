package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.session.KeyTransport.Binding;
import io.tandem.session.KeyTransport.KeyTransportException;
import io.tandem.session.KeyTransport.Sealed;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A new key sealed by one member opens only on a member holding the same wrap key, and only for
 * the purpose, group, rotation, sender and key id it was sealed for; a changed byte is detected;
 * proofs check only with the proven key and binding. Fails if a key opens where it must not, or a
 * secret shows in any text.
 */
class KeyTransportTest {

    private static final SessionKey K1 = Keys.key("k1", 1);
    private static final SessionKey K2 = Keys.key("k2", 2);
    private static final KeyRing RING = Keys.ring(K1);
    private static final Binding STAGE = new Binding("stage", "shop-pair", "r0192a3b4c5d6-0a0b0c0d", "a", "k2");

    @Test
    void sealedKey_opensWithTheSameRing_toTheSameKey() throws Exception {
        Sealed sealed = KeyTransport.seal(K2, K1, STAGE);
        Sealed travelled = Sealed.parse(sealed.toText()).orElseThrow();

        assertThat(KeyTransport.open(travelled, RING, STAGE)).isEqualTo(K2);
        assertThat(travelled).isEqualTo(sealed);
        assertThat(sealed.wrapKeyId()).isEqualTo("k1");
    }

    @Test
    void sealedKey_textAndToString_neverShowTheSecret() {
        Sealed sealed = KeyTransport.seal(K2, K1, STAGE);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(Keys.secret(2));

        assertThat(sealed.toText()).doesNotContain(secret.substring(0, 16));
        assertThat(sealed.toString()).isEqualTo("Sealed[wrapKey=k1, 48 bytes]");
        assertThat(KeyTransport.seal(K2, K1, STAGE).toText()).as("a fresh nonce every time").isNotEqualTo(sealed.toText());
    }

    @Test
    void tamperedCiphertextOrNonce_isRejected() {
        Sealed sealed = KeyTransport.seal(K2, K1, STAGE);
        for (int i = 0; i < sealed.ciphertext().length; i++) {
            byte[] c = sealed.ciphertext();
            c[i] ^= 1;
            Sealed tampered = new Sealed("k1", sealed.nonce(), c);
            assertThatThrownBy(() -> KeyTransport.open(tampered, RING, STAGE)).as("byte %d flipped", i)
                    .isInstanceOf(KeyTransportException.class)
                    .hasMessage("sealed key of k2 does not open with key k1 of this ring: another ring, group or "
                            + "rotation, or changed on the way");
        }
        byte[] n = sealed.nonce();
        n[0] ^= 1;
        assertThatThrownBy(() -> KeyTransport.open(new Sealed("k1", n, sealed.ciphertext()), RING, STAGE))
                .isInstanceOf(KeyTransportException.class);
    }

    @Test
    void wrongRing_sameKeyIdOtherSecret_isRejected() {
        Sealed sealed = KeyTransport.seal(K2, K1, STAGE);
        KeyRing other = Keys.ring(Keys.key("k1", 9));

        assertThatThrownBy(() -> KeyTransport.open(sealed, other, STAGE)).isInstanceOf(KeyTransportException.class)
                .hasMessageContaining("does not open with key k1 of this ring");
    }

    @Test
    void ringWithoutTheWrapKey_isRejected_namingIdsOnly() {
        Sealed sealed = KeyTransport.seal(K2, K1, STAGE);

        assertThatThrownBy(() -> KeyTransport.open(sealed, Keys.ring(Keys.key("k0", 7)), STAGE))
                .isInstanceOf(KeyTransportException.class)
                .hasMessage("sealed with key k1, which this ring does not hold (expected: a key of [k0])");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "another purpose (a stage replayed as a commit), commit, shop-pair, r0192a3b4c5d6-0a0b0c0d, a, k2",
            "another group,                                  stage,  other-pair, r0192a3b4c5d6-0a0b0c0d, a, k2",
            "another (older) rotation id,                    stage,  shop-pair, r0192a3b4c5d5-0a0b0c0d, a, k2",
            "another sender,                                 stage,  shop-pair, r0192a3b4c5d6-0a0b0c0d, b, k2",
            "another key id,                                 stage,  shop-pair, r0192a3b4c5d6-0a0b0c0d, a, k3"})
    void sealedKey_opensOnlyForItsBinding(String what, String purpose, String group, String rotation, String sender,
                                          String keyId) {
        Sealed sealed = KeyTransport.seal(K2, K1, STAGE);
        Binding other = new Binding(purpose, group, rotation, sender, keyId);

        assertThatThrownBy(() -> KeyTransport.open(sealed, RING, other)).as(what)
                .isInstanceOf(KeyTransportException.class);
    }

    @Test
    void proof_checksOnlyWithTheKeyAndBinding() {
        Binding ack = new Binding("accepted", "shop-pair", "r0192a3b4c5d6-0a0b0c0d", "b", "k2");
        String proof = KeyTransport.prove(K2, ack);

        assertThat(proof).hasSize(43);
        assertThat(KeyTransport.verify(K2, ack, proof)).isTrue();
        assertThat(KeyTransport.verify(Keys.key("k2", 3), ack, proof)).as("same id, other secret").isFalse();
        assertThat(KeyTransport.verify(K2, new Binding("accepted", "shop-pair", "r0192a3b4c5d6-0a0b0c0e", "b", "k2"),
                proof)).as("another rotation").isFalse();
        assertThat(KeyTransport.verify(K2, new Binding("abort", "shop-pair", "r0192a3b4c5d6-0a0b0c0d", "b", "k2"),
                proof)).as("another purpose").isFalse();
        assertThat(KeyTransport.verify(K2, ack, "not base64 !")).isFalse();
        assertThat(KeyTransport.verify(K2, ack, null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"''", "k1", "k1.AAAA.AAAA", "k1..", "bad id!.AAAAAAAAAAAAAAAA.AAAA", "k1.AAAAAAAAAAAAAAAA.short",
            "k1.AAAAAAAAAAAAAAAA.***"})
    void malformedSealedText_isEmpty(String text) {
        assertThat(Sealed.parse(text)).isEmpty();
    }

    @Test
    void binding_rejectsSpacesAndEmptyFields() {
        assertThatThrownBy(() -> new Binding("stage", "a b", "r", "a", "k2"))
                .hasMessage("groupId: 'a b' (expected: 1-64 printable ASCII characters without spaces)");
        assertThatThrownBy(() -> new Binding("stage", "g", "", "a", "k2")).isInstanceOf(IllegalArgumentException.class);
    }
}
