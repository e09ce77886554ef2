package io.tandem.waf.transform;

/**
 * A per-thread byte buffer holding an ASCII string's characters, for passes that are faster over
 * bytes than over a string's characters (lower-casing eight at a time, the keyword automaton).
 * One buffer per thread serves every such pass: each uses it only until it returns, and none
 * calls another while it holds it.
 */
public final class AsciiScratch {

    /** Longest string {@link #bytesOf} copies; callers take another path for longer ones. */
    public static final int MAX = 1 << 16;

    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[1024]);

    private AsciiScratch() {
    }

    /**
     * This thread's buffer with {@code ascii}'s characters in {@code [0, ascii.length())}; valid
     * until the next call on this thread. {@code ascii} must be ASCII (each character's low byte
     * is kept) and at most {@link #MAX} characters long.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) keeps each char's low byte: exact for ASCII
    public static byte[] bytesOf(String ascii) {
        int n = ascii.length();
        if (n > MAX) {
            throw new IllegalArgumentException("length: " + n + " (expected: at most " + MAX + ")");
        }
        byte[] bytes = BUFFER.get();
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, 2 * bytes.length)];
            BUFFER.set(bytes);
        }
        ascii.getBytes(0, n, bytes, 0);
        return bytes;
    }
}
