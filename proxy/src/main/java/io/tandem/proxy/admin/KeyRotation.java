package io.tandem.proxy.admin;

import java.time.Duration;
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
 * <p><b>Pair.</b> {@link StandaloneKeyRotation} is the implementation for a member without a peer;
 * {@link PairKeyRotation} runs the phases on every member of a pair: the new key travels to the
 * peer sealed with a key derived from the ring both already share, the peer's authenticated
 * acknowledgement fills {@code acceptedBy}, and only then may the member that started the
 * rotation commit it. Each step saves the ring before using it, so a restart in the middle loses
 * nothing.
 *
 * <p>Each method either completes its step on this member or throws {@link RotationRefused}
 * (answered 409) without changing anything; a failure to save the ring throws
 * {@link java.io.UncheckedIOException} (answered 500), also without changing anything.
 */
public interface KeyRotation {

    RotationStatus status();

    /** How long a staged key waits for every member to accept it by default. */
    Duration DEFAULT_ACCEPT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Phase one: stage a new key as accepted on every member.
     *
     * @param acceptTimeout how long the rotation waits for every member to accept the key; then it
     *                      is aborted (a member without peers needs no wait and ignores it)
     */
    RotationStatus begin(Duration acceptTimeout);

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
     * @param phase       {@code idle} (no rotation yet), {@code staged} (the new key is accepted, not
     *                    signing), {@code committed} (the last rotation is done; older keys wait for
     *                    their grace period) or {@code aborted} (the last rotation was dropped: by an
     *                    operator, or because a member did not accept in time)
     * @param rotationId  id of the rotation ({@code r<time>-<random>}), or {@code null} on a member without peers
     * @param initiator   the member that started it, which alone commits it; or {@code null}
     * @param newKey      id of the staged or last committed key, or {@code null}
     * @param previousKey id of the key that signed before it, or {@code null}
     * @param acceptedBy  members that accept {@code newKey}
     * @param waitingFor  staged: members that have not accepted it yet (commit needs this empty);
     *                    committed: members that do not sign with it yet (they follow by themselves)
     * @param changedAt   when the phase was entered, or {@code null}
     * @param expiresAt   staged: when the rotation is aborted unless every member accepted it; else {@code null}
     * @param detail      what the rotation waits for or why it ended, in words; or {@code null}
     */
    record RotationStatus(String phase, String rotationId, String initiator, String newKey, String previousKey,
                          List<String> acceptedBy, List<String> waitingFor, Instant changedAt, Instant expiresAt,
                          String detail) {
        public RotationStatus {
            acceptedBy = List.copyOf(acceptedBy);
            waitingFor = List.copyOf(waitingFor);
        }

        static RotationStatus idle() {
            return new RotationStatus("idle", null, null, null, null, List.of(), List.of(), null, null, null);
        }
    }

    /** A rotation step that cannot be taken now; the message says why and what to do. */
    final class RotationRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Not serialized: only the API answer reads it. */
        private final transient List<String> waitingFor;

        public RotationRefused(String message) {
            this(message, List.of());
        }

        /** @param waitingFor members the step waits for (the answer lists them as {@code waiting_for}) */
        public RotationRefused(String message, List<String> waitingFor) {
            super(message, null, false, false);
            this.waitingFor = List.copyOf(waitingFor);
        }

        public List<String> waitingFor() {
            return waitingFor == null ? List.of() : waitingFor;
        }
    }
}
