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
                return asciiLower(s, bytes);
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code s} lower-cased, given its bytes, which are all ASCII; {@code s} itself if it has no upper case. */
    private static String asciiLower(String s, byte[] bytes) {
        int n = bytes.length;
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
        return changed == 0 ? s : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "lowercase";
    }
}
