package io.tandem.waf.transform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of a byte array handled as one {@code long} ("SWAR"), for the decoders' fast paths
 * over long runs of plain ASCII. Little-endian: byte {@code i + k} of the array is byte {@code k}
 * (bits {@code 8k..8k+7}) of the word read at {@code i}. Reads and writes may be unaligned.
 */
final class ByteWords {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final long HIGH = 0x8080808080808080L;

    private ByteWords() {
    }

    static long get(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    static void set(byte[] bytes, int index, long word) {
        LONGS.set(bytes, index, word);
    }

    /**
     * {@code 0x80} in each byte of {@code word} equal to {@code b}, {@code 0} in the others. Exact:
     * adding {@code 0x7f} to the low seven bits of a byte carries into its top bit only if one of
     * them is set, and never into the next byte.
     */
    static long bytesEqual(long word, int b) {
        long x = word ^ (ONES * b);
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** {@code word} with each byte equal to {@code from} replaced by {@code to}. */
    static long replace(long word, int from, int to) {
        return word ^ ((bytesEqual(word, from) >>> 7) * (from ^ to));
    }

    /** Whether all eight bytes are in {@code 1..0x7f}: ASCII, and no NUL. */
    static boolean allAsciiNonNul(long word) {
        return ((word & HIGH) | bytesEqual(word, 0)) == 0;
    }

    /**
     * {@code word}, whose bytes are all ASCII (below {@code 0x80}), with {@code A..Z} lower-cased.
     * Adding {@code 0x3f} sets a byte's top bit when it is at least {@code 'A'}, adding {@code 0x25}
     * when it is above {@code 'Z'}; neither carries into the next byte for ASCII bytes.
     */
    static long asciiLower(long word) {
        long upper = (word + ONES * 0x3f) & ~(word + ONES * 0x25) & HIGH;
        return word | (upper >>> 2);
    }

    /** The index (0..7) of the first byte flagged in a non-zero {@link #bytesEqual} result. */
    static int firstFlagged(long flags) {
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }
}
