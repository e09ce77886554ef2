package io.tandem.waf.transform;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Lower-cases with the root locale (no Turkish dotless i surprises). Same length as the input. */
public final class CaseFold implements Transform {

    public static final CaseFold INSTANCE = new CaseFold();

    private CaseFold() {
    }

    @Override
    public String apply(String s) {
        int n = s.length();
        if (n >= 32) {
            // ASCII text (most of what is inspected) eight characters at a time; the JDK's
            // lower-casing looks every character up in its Latin-1 tables (about 1 ns each)
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == n) {
                return lowerInPlace(s, bytes, n);
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * {@link #apply} for a caller that knows {@code s} is ASCII (a {@code Features} summary
     * without non-ASCII characters): its characters are copied into a per-thread buffer
     * ({@link AsciiScratch}) and lowered there, so the lower-cased string is the only copy made
     * ({@link #apply} makes two, one to check for ASCII). Given a string that is not ASCII it
     * would be wrong; callers check.
     */
    public String applyAscii(String s) {
        int n = s.length();
        if (n < 32 || n > AsciiScratch.MAX) {
            return apply(s);
        }
        byte[] bytes = AsciiScratch.bytesOf(s);
        return lowerInPlace(s, bytes, n);
    }

    /** Lower-cases {@code bytes[0, n)}, the ASCII characters of {@code s}; a new string, or {@code s} if nothing changed. */
    private static String lowerInPlace(String s, byte[] bytes, int n) {
        long changed = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long word = ByteWords.get(bytes, i);
            long lower = ByteWords.asciiLower(word);
            changed |= word ^ lower;
            ByteWords.set(bytes, i, lower);
        }
        for (; i < n; i++) {
            byte b = bytes[i];
            if (b >= 'A' && b <= 'Z') {
                bytes[i] = (byte) (b + ('a' - 'A'));
                changed = 1;
            }
        }
        return changed == 0 ? s : new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "lowercase";
    }
}
