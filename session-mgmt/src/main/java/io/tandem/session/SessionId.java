package io.tandem.session;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A session identifier: 128 random bits, written as 32 lowercase hex characters.
 *
 * <p>Ids are drawn from a per-thread {@link SecureRandom} (a DRBG where available), so issuing
 * sessions on many worker threads does not contend on one generator. The id carries no meaning;
 * it is unguessable, and it is authenticated only by the MAC of the cookie that carries it.
 *
 * @param hi the most significant 64 bits
 * @param lo the least significant 64 bits
 */
public record SessionId(long hi, long lo) {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SessionId::newRandom);

    /** Returns a new id of 128 bits from a cryptographically strong generator. */
    public static SessionId random() {
        byte[] bits = new byte[16];
        RANDOM.get().nextBytes(bits);
        return new SessionId(Bytes.getLong(bits, 0), Bytes.getLong(bits, 8));
    }

    /**
     * Parses the form written by {@link #toString()} (hex digits of either case are accepted).
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static SessionId parse(String hex32) {
        if (hex32 == null || hex32.length() != 32 || !Bytes.isHex(hex32)) {
            throw new IllegalArgumentException("session id: " + Bytes.quoteShort(hex32)
                    + " (expected: 32 hex characters)");
        }
        long hi = Bytes.parseHex64(hex32, 0);
        long lo = Bytes.parseHex64(hex32, 16);
        return new SessionId(hi, lo);
    }

    /** Writes the big-endian bytes of this id into {@code dst} at {@code offset}. */
    void writeTo(byte[] dst, int offset) {
        Bytes.putLong(dst, offset, hi);
        Bytes.putLong(dst, offset + 8, lo);
    }

    /** Returns 32 lowercase hex characters. */
    @Override
    public String toString() {
        char[] out = new char[32];
        Bytes.hex64(hi, out, 0);
        Bytes.hex64(lo, out, 16);
        return new String(out);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
