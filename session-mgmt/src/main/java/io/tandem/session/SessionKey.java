package io.tandem.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One HMAC key of a {@link KeyRing}: an id written into every cookie it signs, and a secret of at
 * least {@value #MIN_SECRET_BYTES} bytes.
 *
 * <p>The secret never leaves this package: there is no public accessor, and {@link #toString()}
 * shows only the id and a {@linkplain #fingerprint() fingerprint}. Instances are immutable (the
 * secret is copied in) and compare by content.
 */
public final class SessionKey {

    /** Shortest secret accepted: 256 bits, the output size of HMAC-SHA256. */
    public static final int MIN_SECRET_BYTES = 32;
    /** Longest key id; ids travel in every cookie. */
    public static final int MAX_ID_LENGTH = 16;

    private static final byte[] FINGERPRINT_LABEL = "tandem session key v1".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final byte[] secret;
    private final String fingerprint;

    private SessionKey(String id, byte[] secret) {
        this.id = id;
        this.secret = secret.clone();
        this.fingerprint = computeFingerprint(id, this.secret);
    }

    /**
     * Returns a key after checking it.
     *
     * @throws IllegalArgumentException if the id is not {@code [A-Za-z0-9_-]{1,16}} or the secret is
     *                                  shorter than {@value #MIN_SECRET_BYTES} bytes (the message
     *                                  never contains the secret)
     */
    public static SessionKey of(String id, byte[] secret) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("key id: " + Bytes.quoteShort(id)
                    + " (expected: 1-" + MAX_ID_LENGTH + " characters of [A-Za-z0-9_-])");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret of key '" + id + "': " + secret.length
                    + " bytes (expected: >= " + MIN_SECRET_BYTES + " bytes)");
        }
        return new SessionKey(id, secret);
    }

    /** True if {@code id} may name a key: 1-16 characters of {@code [A-Za-z0-9_-]}. */
    public static boolean isValidId(String id) {
        return id != null && Bytes.isToken(id, MAX_ID_LENGTH, false);
    }

    public String id() {
        return id;
    }

    /**
     * A short digest of the id and secret (16 hex characters), safe to log and to compare between
     * members; it does not reveal the secret.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** The secret itself, for the codec and for {@link KeyRing#toText()} only. */
    byte[] secret() {
        return secret.clone();
    }

    /** Feeds the id and secret into a ring fingerprint without copying the secret out. */
    void digestInto(MessageDigest md) {
        Bytes.updateLengthPrefixed(md, id);
        Bytes.updateLengthPrefixed(md, secret);
    }

    private static String computeFingerprint(String id, byte[] secret) {
        MessageDigest md = Bytes.sha256();
        md.update(FINGERPRINT_LABEL);
        Bytes.updateLengthPrefixed(md, id);
        Bytes.updateLengthPrefixed(md, secret);
        return Bytes.hex(md.digest(), 8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionKey other && id.equals(other.id) && MessageDigest.isEqual(secret, other.secret);
    }

    @Override
    public int hashCode() {
        // Derived from the fingerprint, not from the raw secret bytes.
        return id.hashCode() * 31 + fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "SessionKey[id=" + id + ", fingerprint=" + fingerprint + "]";
    }
}
