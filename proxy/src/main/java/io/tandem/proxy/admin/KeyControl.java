package io.tandem.proxy.admin;

import java.time.Instant;
import java.util.List;

/**
 * The session key ring as the admin API shows it: ids, fingerprints and rotation state, never a
 * secret. Thread-safe.
 */
public interface KeyControl {

    KeyRingInfo keys();

    /**
     * @param signingKey  id of the key that signs new cookies
     * @param fingerprint fingerprint of the whole ring, compared between members
     * @param keys        every key, the signing key first
     * @param rotation    the rotation in progress or the last one
     * @param store       where a changed ring is saved, in words
     */
    record KeyRingInfo(String signingKey, String fingerprint, List<KeyInfo> keys, KeyRotation.RotationStatus rotation,
                       String store) {
        public KeyRingInfo {
            keys = List.copyOf(keys);
        }
    }

    /**
     * @param id          the key id written into cookies
     * @param fingerprint the key's own fingerprint (never the secret)
     * @param state       {@code signing}, {@code staged} (accepted, not yet signing: rotation
     *                    phase one) or {@code accepted} (an older key, still verifying)
     * @param retireAfter for an accepted key: from when removing it logs nobody out, or {@code null}
     */
    record KeyInfo(String id, String fingerprint, String state, Instant retireAfter) {
    }
}
