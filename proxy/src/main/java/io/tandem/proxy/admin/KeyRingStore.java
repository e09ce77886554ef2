package io.tandem.proxy.admin;

import io.tandem.session.KeyRing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a rotated key ring is saved, so that a restart keeps the keys in use (a lost signing key
 * would log every user out). Implementations never log a secret.
 */
public interface KeyRingStore {

    /**
     * Saves the ring durably before it is used.
     *
     * @throws IOException             if it could not be saved; nothing was changed then
     * @throws KeyRotation.RotationRefused if this store cannot be written at all
     */
    void save(KeyRing ring) throws IOException;

    /**
     * Saves the ring together with the rotation state of a pair member, both or neither. The
     * default saves the ring only (the state is then lost on restart: fine for an ephemeral ring).
     *
     * @throws IOException             if it could not be saved; nothing was changed then
     * @throws KeyRotation.RotationRefused if this store cannot be written at all
     */
    default void save(KeyRing ring, RotationState state) throws IOException {
        save(ring);
    }

    /**
     * The rotation state saved with the ring, read when the member starts; empty if there is
     * none or the store keeps none. Never throws: a state that cannot be read is logged and
     * treated as empty (the keys themselves were read and checked at start).
     */
    default RotationState state() {
        return RotationState.empty();
    }

    /** Where the ring lives, in words, for the API and logs. */
    String description();

    /** The key-ring file the member was started with: replaced atomically, mode 600. */
    static KeyRingStore file(Path file) {
        return new KeyRingFile(file);
    }

    /**
     * For an ephemeral ring (no {@code session.keys} configured): nothing is saved, as the ring
     * dies with the process anyway.
     */
    static KeyRingStore memoryOnly() {
        return new KeyRingStore() {
            @Override
            public void save(KeyRing ring) {
                // nothing to save: the ring is ephemeral
            }

            @Override
            public String description() {
                return "memory only (ephemeral key ring)";
            }
        };
    }

    /** A ring that must not be rotated here, e.g. one read from an environment variable. */
    static KeyRingStore readOnly(String reason) {
        return new KeyRingStore() {
            @Override
            public void save(KeyRing ring) {
                throw new KeyRotation.RotationRefused("the key ring cannot be saved here: " + reason);
            }

            @Override
            public String description() {
                return "read-only (" + reason + ")";
            }
        };
    }
}
