package io.tandem.session;

import java.util.Arrays;

/** Fixed test keys: reproducible, and distinct from each other. */
final class Keys {

    private Keys() {
    }

    static byte[] secret(int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return secret;
    }

    static SessionKey key(String id, int fill) {
        return SessionKey.of(id, secret(fill));
    }

    static KeyRing ring(SessionKey signing, SessionKey... older) {
        return KeyRing.of(signing, older);
    }
}
