package io.tandem.proxy.admin;

import java.time.Instant;
import java.util.List;

/**
 * Rotation of the session key ring across the pair, in two phases so that nobody is logged out:
 *
 * <ol>
 * <li><b>Stage</b> ({@link #begin}, {@code POST /keys/rotate}): a new key is made and every member
 *     adds it as <em>accepted</em> but not signing. Until each member has it, no member signs
 *     with it, so a cookie signed with the new key can never reach a member that cannot verify it.</li>
 * <li><b>Commit</b> ({@link #commit}, {@code POST /keys/rotate/commit}): only once every member has
 *     accepted the key, each member signs with it. The old signing key stays accepted; cookies
 *     signed with it are re-signed on their next response.</li>
 * <li><b>Retire</b> ({@link #retire}, {@code DELETE /keys/{id}}): an old key may be removed once no
 *     valid cookie can carry it: after the session idle timeout plus the allowed clock skew since
 *     the <em>last</em> member committed. Earlier removal is refused.</li>
 * </ol>
 * {@link #abort} ({@code POST /keys/rotate/abort}) drops a staged key that was never used to sign.
 *
 * <p><b>Pair.</b> {@link StandaloneKeyRotation} is the implementation for one member. The pair
 * implementation (wired when HA lands) must send the new key to the peer without exposing it:
 * the suggested way is to wrap it with a key derived (HKDF) from the current signing key, which
 * both members already share, and to send it over the HA channel; the peer answers with the new
 * ring's fingerprint, which fills {@code acceptedBy}. While a rotation is staged the members'
 * ring fingerprints legitimately differ for a moment; the HA consistency check must tolerate a
 * difference that is a staged key. Each step saves the ring before using it, so a restart in the
 * middle loses nothing.
 *
 * <p>Each method either completes its step on this member or throws {@link RotationRefused}
 * (answered 409) without changing anything; a failure to save the ring throws
 * {@link java.io.UncheckedIOException} (answered 500), also without changing anything.
 */
public interface KeyRotation {

    RotationStatus status();

    /** Phase one: stage a new key as accepted on every member. */
    RotationStatus begin();

    /** Phase two: sign with the staged key, once every member has accepted it. */
    RotationStatus commit();

    /** Drops the staged key; only before {@link #commit}. */
    RotationStatus abort();

    /**
     * Removes an older key once its grace period is over.
     *
     * @return false if the ring has no key of that id
     */
    boolean retire(String keyId);

    /**
     * @param phase       {@code idle} (nothing staged), {@code staged} or {@code committed} (the last
     *                    rotation is done; older keys wait for their grace period)
     * @param newKey      id of the staged or last committed key, or {@code null}
     * @param previousKey id of the key that signed before it, or {@code null}
     * @param acceptedBy  members that accept {@code newKey}
     * @param waitingFor  members that have not accepted it yet; commit needs this empty
     * @param changedAt   when the phase was entered, or {@code null}
     */
    record RotationStatus(String phase, String newKey, String previousKey, List<String> acceptedBy,
                          List<String> waitingFor, Instant changedAt) {
        public RotationStatus {
            acceptedBy = List.copyOf(acceptedBy);
            waitingFor = List.copyOf(waitingFor);
        }

        static RotationStatus idle() {
            return new RotationStatus("idle", null, null, List.of(), List.of(), null);
        }
    }

    /** A rotation step that cannot be taken now; the message says why and what to do. */
    final class RotationRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RotationRefused(String message) {
            super(message, null, false, false);
        }
    }
}
