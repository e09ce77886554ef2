package io.tandem.proxy.admin;

import io.tandem.ha.KeyRingDigest;
import io.tandem.session.KeyRing;
import io.tandem.session.SessionKey;

/** What a member publishes about its session key ring to the pair: fingerprints only, never a key. */
public final class KeyRingDigests {

    private KeyRingDigests() {
    }

    /** The ring's fingerprint and its keys' fingerprints, the signing key first. */
    public static KeyRingDigest of(KeyRing ring) {
        return KeyRingDigest.of(ring.fingerprint(), ring.keys().stream().map(SessionKey::fingerprint).toList());
    }

    /** {@link #of} in the text form the elector publishes. */
    public static String text(KeyRing ring) {
        return of(ring).encode();
    }
}
