package io.tandem.session;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) with one key, for one thread.
 *
 * <p>Why not {@link javax.crypto.Mac}: the JDK's HMAC re-hashes the 64-byte padded key block at
 * the start of every tag, so a tag of a cookie (under 56 bytes) costs four SHA-256 compressions.
 * RFC 2104 section 4 allows storing the hash state after the inner and outer key blocks instead;
 * here that state lives in two {@link MessageDigest} prototypes that are cloned per tag, which
 * leaves two compressions. On the reference machine that is about 160 ns per tag instead of
 * about 280 ns, and it keeps the codec within its 400 ns budget (see {@code docs/benchmarks.md}).
 * Tests check every tag against {@code javax.crypto.Mac}.
 *
 * <p>Not thread-safe: the codec keeps one per thread per key. Where the platform's SHA-256
 * cannot be cloned (some FIPS providers), it falls back to hashing the key blocks per tag.
 */
final class HmacSha256 {

    static final int TAG_BYTES = 32;
    private static final int BLOCK_BYTES = 64;

    private final MessageDigest inner;
    private final MessageDigest outer;
    private final byte[] innerPad;
    private final byte[] outerPad;
    private final boolean cloneable;

    HmacSha256(byte[] key) {
        this(key, true);
    }

    /** {@code allowClone = false} forces the fallback, for tests. */
    HmacSha256(byte[] key, boolean allowClone) {
        byte[] k = key.length > BLOCK_BYTES ? Bytes.sha256().digest(key) : key;
        innerPad = new byte[BLOCK_BYTES];
        outerPad = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_BYTES; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
        inner = Bytes.sha256();
        outer = Bytes.sha256();
        cloneable = allowClone && canClone(inner);
        if (cloneable) {
            // The prototypes hold the keyed state; the pads are needed only without cloning.
            inner.update(innerPad);
            outer.update(outerPad);
            Arrays.fill(innerPad, (byte) 0);
            Arrays.fill(outerPad, (byte) 0);
        }
    }

    /** Writes the 32-byte tag of {@code data[0..len)} into {@code out[0..32)}. */
    void tag(byte[] data, int len, byte[] out) {
        try {
            if (cloneable) {
                MessageDigest in = (MessageDigest) inner.clone();
                in.update(data, 0, len);
                in.digest(out, 0, TAG_BYTES);
                MessageDigest ou = (MessageDigest) outer.clone();
                ou.update(out, 0, TAG_BYTES);
                ou.digest(out, 0, TAG_BYTES);
            } else {
                inner.update(innerPad);
                inner.update(data, 0, len);
                inner.digest(out, 0, TAG_BYTES);
                outer.update(outerPad);
                outer.update(out, 0, TAG_BYTES);
                outer.digest(out, 0, TAG_BYTES);
            }
        } catch (CloneNotSupportedException | DigestException e) {
            throw new IllegalStateException("SHA-256 failed", e);
        }
    }

    private static boolean canClone(MessageDigest md) {
        try {
            md.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }
}
