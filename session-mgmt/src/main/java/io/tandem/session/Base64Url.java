package io.tandem.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Base64url without padding (RFC 4648 section 5), on caller-supplied arrays.
 *
 * <p>{@link java.util.Base64} only encodes and decodes whole arrays and throws on bad input; the
 * codec needs ranges of per-thread buffers, decoding straight from a {@link CharSequence}, no
 * exceptions for attacker input, and a strict decoder: padding, whitespace and non-zero trailing
 * bits are rejected, so each byte string has exactly one accepted text form. Tests check it
 * against {@code java.util.Base64}.
 */
final class Base64Url {

    /** {@link #decode} result: a character outside the url-safe alphabet. */
    static final int BAD_CHARACTER = -1;
    /** {@link #decode} result: a length that no unpadded encoding has (4k+1). */
    static final int BAD_LENGTH = -2;
    /** {@link #decode} result: the last character carries non-zero unused bits. */
    static final int NOT_CANONICAL = -3;

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);
    /*
     * Character value already shifted into its place in a 4-character group, or -1 (negative
     * even after OR-ing) for a character outside the alphabet. Four small tables instead of one
     * plus shifts: decoding is on every request, and this is measurably faster.
     */
    private static final int[] SHIFT_18 = new int[256];
    private static final int[] SHIFT_12 = new int[256];
    private static final int[] SHIFT_6 = new int[256];
    private static final int[] VALUE = new int[256];

    static {
        Arrays.fill(SHIFT_18, -1);
        Arrays.fill(SHIFT_12, -1);
        Arrays.fill(SHIFT_6, -1);
        Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            SHIFT_18[ALPHABET[i]] = i << 18;
            SHIFT_12[ALPHABET[i]] = i << 12;
            SHIFT_6[ALPHABET[i]] = i << 6;
            VALUE[ALPHABET[i]] = i;
        }
    }

    private Base64Url() {
    }

    /** Characters needed for {@code n} bytes. */
    static int encodedLength(int n) {
        return (n * 4 + 2) / 3;
    }

    /** Encodes {@code src[0..len)} into {@code dst} as ASCII; returns the number of characters. */
    static int encode(byte[] src, int len, byte[] dst) {
        int s = 0;
        int d = 0;
        int full = len - len % 3;
        while (s < full) {
            int bits = (src[s] & 0xFF) << 16 | (src[s + 1] & 0xFF) << 8 | (src[s + 2] & 0xFF);
            s += 3;
            dst[d] = ALPHABET[bits >>> 18];
            dst[d + 1] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[d + 2] = ALPHABET[(bits >>> 6) & 0x3F];
            dst[d + 3] = ALPHABET[bits & 0x3F];
            d += 4;
        }
        int rest = len - full;
        if (rest == 1) {
            int bits = src[s] & 0xFF;
            dst[d++] = ALPHABET[bits >>> 2];
            dst[d++] = ALPHABET[(bits << 4) & 0x3F];
        } else if (rest == 2) {
            int bits = (src[s] & 0xFF) << 8 | (src[s + 1] & 0xFF);
            dst[d++] = ALPHABET[bits >>> 10];
            dst[d++] = ALPHABET[(bits >>> 4) & 0x3F];
            dst[d++] = ALPHABET[(bits << 2) & 0x3F];
        }
        return d;
    }

    /**
     * Decodes {@code text[0..len)} into {@code dst}, which must hold {@code len * 3 / 4} bytes.
     *
     * @return the number of bytes, or {@link #BAD_CHARACTER}, {@link #BAD_LENGTH} or
     *         {@link #NOT_CANONICAL}
     */
    static int decode(CharSequence text, int len, byte[] dst) {
        if (len % 4 == 1) {
            return BAD_LENGTH;
        }
        int s = 0;
        int d = 0;
        int full = len - len % 4;
        while (s < full) {
            char a = text.charAt(s);
            char b = text.charAt(s + 1);
            char c = text.charAt(s + 2);
            char e = text.charAt(s + 3);
            if ((a | b | c | e) > 0xFF) {
                return BAD_CHARACTER;
            }
            int bits = SHIFT_18[a] | SHIFT_12[b] | SHIFT_6[c] | VALUE[e];
            if (bits < 0) {
                return BAD_CHARACTER;
            }
            dst[d] = (byte) (bits >>> 16);
            dst[d + 1] = (byte) (bits >>> 8);
            dst[d + 2] = (byte) bits;
            s += 4;
            d += 3;
        }
        int rest = len - full;
        if (rest == 2) {
            int a = value(text.charAt(s));
            int b = value(text.charAt(s + 1));
            if ((a | b) < 0) {
                return BAD_CHARACTER;
            }
            if ((b & 0x0F) != 0) {
                return NOT_CANONICAL;
            }
            dst[d++] = (byte) (a << 2 | b >>> 4);
        } else if (rest == 3) {
            int a = value(text.charAt(s));
            int b = value(text.charAt(s + 1));
            int c = value(text.charAt(s + 2));
            if ((a | b | c) < 0) {
                return BAD_CHARACTER;
            }
            if ((c & 0x03) != 0) {
                return NOT_CANONICAL;
            }
            int bits = a << 12 | b << 6 | c;
            dst[d++] = (byte) (bits >>> 10);
            dst[d++] = (byte) (bits >>> 2);
        }
        return d;
    }

    private static int value(char c) {
        return c <= 0xFF ? VALUE[c] : -1;
    }
}
