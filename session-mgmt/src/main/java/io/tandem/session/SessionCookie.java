package io.tandem.session;

import java.util.Arrays;
import java.util.Objects;

/**
 * The content of Tandem's session cookie, before signing or after verifying. Only
 * {@link HmacCookieCodec} turns it into a cookie value and back.
 *
 * <p>All fields are checked here, so every instance can be encoded and fits the codec's bounds.
 * Immutable: the checkpoint is copied in and out.
 *
 * @param id         the session id
 * @param issuedAt   when the session began, epoch seconds (0..2<sup>32</sup>-1, i.e. until 2106)
 * @param renewedAt  when the cookie was last (re-)issued, epoch seconds, {@code >= issuedAt}
 * @param keyId      id of the key that signed it; on {@linkplain HmacCookieCodec#encode encode} the
 *                   codec always writes its signing key's id instead
 * @param issuer     node id of the member that issued it, {@code [A-Za-z0-9_.-]{1,32}}
 * @param backend    backend persistence target, same characters, or empty for none
 * @param checkpoint opaque continuity checkpoint for history-based rules, at most
 *                   {@value #MAX_CHECKPOINT_BYTES} bytes, empty for none
 */
public record SessionCookie(SessionId id, long issuedAt, long renewedAt, String keyId, String issuer,
                            String backend, byte[] checkpoint) {

    /** Largest time value: the cookie stores seconds as 4 unsigned bytes. */
    public static final long MAX_EPOCH_SECONDS = 0xFFFF_FFFFL;
    /** Longest issuer or backend id. */
    public static final int MAX_NAME_LENGTH = 32;
    /** Largest continuity checkpoint. */
    public static final int MAX_CHECKPOINT_BYTES = 64;

    private static final byte[] EMPTY = new byte[0];

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the field, its value and what was expected
     */
    public SessionCookie {
        Objects.requireNonNull(id, "id");
        if (issuedAt < 0 || issuedAt > MAX_EPOCH_SECONDS) {
            throw new IllegalArgumentException("issuedAt: " + issuedAt + " (expected: 0.." + MAX_EPOCH_SECONDS + ")");
        }
        if (renewedAt < issuedAt || renewedAt > MAX_EPOCH_SECONDS) {
            throw new IllegalArgumentException("renewedAt: " + renewedAt + " (expected: " + issuedAt + ".."
                    + MAX_EPOCH_SECONDS + ")");
        }
        if (!SessionKey.isValidId(keyId)) {
            throw new IllegalArgumentException("keyId: " + Bytes.quoteShort(keyId)
                    + " (expected: 1-16 characters of [A-Za-z0-9_-])");
        }
        if (!isValidName(issuer)) {
            throw new IllegalArgumentException("issuer: " + Bytes.quoteShort(issuer)
                    + " (expected: 1-32 characters of [A-Za-z0-9_.-])");
        }
        if (backend == null || !(backend.isEmpty() || isValidName(backend))) {
            throw new IllegalArgumentException("backend: " + Bytes.quoteShort(backend)
                    + " (expected: empty or 1-32 characters of [A-Za-z0-9_.-])");
        }
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (checkpoint.length > MAX_CHECKPOINT_BYTES) {
            throw new IllegalArgumentException("checkpoint: " + checkpoint.length + " bytes (expected: <= "
                    + MAX_CHECKPOINT_BYTES + ")");
        }
        checkpoint = checkpoint.length == 0 ? EMPTY : checkpoint.clone();
    }

    /** A cookie without a continuity checkpoint. */
    public SessionCookie(SessionId id, long issuedAt, long renewedAt, String keyId, String issuer, String backend) {
        this(id, issuedAt, renewedAt, keyId, issuer, backend, EMPTY);
    }

    /** True if {@code name} may be an issuer (node id) or backend id: {@code [A-Za-z0-9_.-]{1,32}}. */
    public static boolean isValidName(String name) {
        return name != null && Bytes.isToken(name, MAX_NAME_LENGTH, true);
    }

    /** A copy of the continuity checkpoint; empty if none. */
    @Override
    public byte[] checkpoint() {
        return checkpoint.length == 0 ? EMPTY : checkpoint.clone();
    }

    /** The checkpoint without a copy, for the codec; callers must not modify it. */
    byte[] checkpointBytes() {
        return checkpoint;
    }

    /** True if the cookie names a backend to stick to. */
    public boolean hasBackend() {
        return !backend.isEmpty();
    }

    /** This cookie with another backend ({@code ""} for none). */
    public SessionCookie withBackend(String newBackend) {
        return new SessionCookie(id, issuedAt, renewedAt, keyId, issuer, newBackend, checkpoint);
    }

    /** This cookie with another continuity checkpoint (empty for none). */
    public SessionCookie withCheckpoint(byte[] newCheckpoint) {
        return new SessionCookie(id, issuedAt, renewedAt, keyId, issuer, backend, newCheckpoint);
    }

    /**
     * This cookie as re-issued: same id, issue time, backend and checkpoint; renewed now, by this
     * key and member.
     */
    public SessionCookie renewed(long nowSeconds, String newKeyId, String newIssuer) {
        return new SessionCookie(id, issuedAt, nowSeconds, newKeyId, newIssuer, backend, checkpoint);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionCookie other
                && id.equals(other.id) && issuedAt == other.issuedAt && renewedAt == other.renewedAt
                && keyId.equals(other.keyId) && issuer.equals(other.issuer) && backend.equals(other.backend)
                && Arrays.equals(checkpoint, other.checkpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, issuedAt, renewedAt, keyId, issuer, backend) * 31 + Arrays.hashCode(checkpoint);
    }

    @Override
    public String toString() {
        return "SessionCookie[id=" + id + ", issuedAt=" + issuedAt + ", renewedAt=" + renewedAt + ", keyId=" + keyId
                + ", issuer=" + issuer + ", backend=" + backend + ", checkpoint=" + checkpoint.length + " bytes]";
    }
}
