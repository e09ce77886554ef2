package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.session.KeyRing;
import io.tandem.session.KeyTransport;
import io.tandem.session.SessionKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text form of the rotation messages: every kind survives a round trip, anything malformed is
 * ignored (never an exception), a declined reason is cut and stripped of control characters, and
 * no message shows a key's secret. Fails if a malformed or foreign message decodes.
 */
class RotationMessageTest {

    private static final String RID = "r019aa6b0d1e2-5c3d2a1b";
    private static final KeyRing RING = KeyRing.generate("k1");
    private static final SessionKey NEW = KeyRing.generate("k2").signingKey();

    @Test
    void everyKind_roundTrips() {
        KeyTransport.Sealed sealed = KeyTransport.seal(NEW, RING.signingKey(),
                new KeyTransport.Binding("stage", "shop-pair", RID, "a", "k2"));
        String proof = KeyTransport.prove(NEW, new KeyTransport.Binding("accepted", "shop-pair", RID, "b", "k2"));
        List<RotationMessage> all = List.of(
                new RotationMessage.Stage("shop-pair", RID, "k2", sealed),
                new RotationMessage.Accepted("shop-pair", RID, "k2", proof),
                new RotationMessage.Declined("shop-pair", RID, "k2", "cannot save the key ring"),
                new RotationMessage.Commit("shop-pair", RID, "k2", sealed),
                new RotationMessage.Abort("shop-pair", RID, "k2", proof),
                new RotationMessage.Retire("shop-pair", "k1", proof));
        for (RotationMessage m : all) {
            assertThat(RotationMessage.decode(m.encode())).as(m.encode()).contains(m);
        }
        assertThat(all.get(0).encode()).startsWith("tandem-keys/1\tstage\tshop-pair\t" + RID + "\tk2\tk1.");
        assertThat(all.get(5).encode()).startsWith("tandem-keys/1\tretire\tshop-pair\t-\tk1\t");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "tandem-keys/1",
            "tandem-keys/2\taccepted\tshop-pair\tr019aa6b0d1e2-5c3d2a1b\tk2\tAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "tandem-keys/1\taccepted\tshop pair\tr019aa6b0d1e2-5c3d2a1b\tk2\tAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "tandem-keys/1\taccepted\tshop-pair\tr1\tk2\tAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "tandem-keys/1\taccepted\tshop-pair\tr019aa6b0d1e2-5c3d2a1b\tk2\tshort",
            "tandem-keys/1\taccepted\tshop-pair\tr019aa6b0d1e2-5c3d2a1b\tkey id too long!\tAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "tandem-keys/1\tstage\tshop-pair\tr019aa6b0d1e2-5c3d2a1b\tk2\tnot-sealed",
            "tandem-keys/1\tretire\tshop-pair\tr019aa6b0d1e2-5c3d2a1b\tk2\tAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "tandem-keys/1\tunknown\tshop-pair\tr019aa6b0d1e2-5c3d2a1b\tk2\tx",
            "tandem-keys/1\taccepted\tshop-pair\tr019aa6b0d1e2-5c3d2a1b\tk2\tAAAA\textra"})
    void malformed_isEmpty(String text) {
        assertThat(RotationMessage.decode(text)).isEmpty();
    }

    @Test
    void declinedReason_isBoundedAndPrintable() {
        String encoded = new RotationMessage.Declined("g", RID, "k2", "bad\u0007" + "x".repeat(300)).encode();
        RotationMessage.Declined d = (RotationMessage.Declined) RotationMessage.decode(encoded).orElseThrow();

        assertThat(d.reason()).startsWith("bad?x").hasSize(200);
    }

    @Test
    void noMessage_showsTheSecret() {
        KeyTransport.Sealed sealed = KeyTransport.seal(NEW, RING.signingKey(),
                new KeyTransport.Binding("commit", "g", RID, "a", "k2"));
        String text = new RotationMessage.Commit("g", RID, "k2", sealed).encode();
        String ring = KeyRing.of(NEW).toText();
        String b64 = ring.lines().filter(l -> l.startsWith("k2 ")).findFirst().orElseThrow().substring(3);

        assertThat(text).doesNotContain(b64).doesNotContain(b64.substring(0, 12));
    }
}
