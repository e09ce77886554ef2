package io.tandem.waf.transform;

/**
 * Replaces every run of whitespace and control characters (including NUL, vertical tab, form
 * feed and NBSP) by one space and trims both ends. Output never longer than the input.
 */
public final class WhitespaceCompress implements Transform {

    public static final WhitespaceCompress INSTANCE = new WhitespaceCompress();

    private WhitespaceCompress() {
    }

    public static boolean isSpace(char c) {
        return c <= ' ' || c == 0x7f || c == 0xa0 || c == 0x85 || (c >= 0x2000 && c <= 0x200a) || c == 0x3000;
    }

    @Override
    public String apply(String s) {
        // the common cases without a copy: already compressed, or only spaces at the ends
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        if (compressed(s, start, end)) {
            return start == 0 && end == s.length() ? s : s.substring(start, end);
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean pending = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                pending = out.length() > 0;
            } else {
                if (pending) {
                    out.append(' ');
                    pending = false;
                }
                out.append(c);
            }
        }
        return out.length() == s.length() ? s : out.toString();
    }

    /**
     * {@link #apply}, for a caller that knows the only whitespace or control character {@code s}
     * may contain is the plain space (from a {@code Features} summary without tabs, line breaks,
     * control or non-ASCII characters): then, its end spaces trimmed, it is compressed unless it
     * has two spaces in a row, which the JDK's vectorized search finds faster than a loop over
     * every character (this check ran on every prose value).
     */
    public String applyPlainSpaced(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        String trimmed = start == 0 && end == s.length() ? s : s.substring(start, end);
        return trimmed.indexOf("  ") < 0 ? trimmed : apply(trimmed);
    }

    /** Whether {@code s[start, end)}, which has no space at either end, has only single plain spaces. */
    private static boolean compressed(String s, int start, int end) {
        for (int i = start + 1; i < end; i++) {
            char c = s.charAt(i);
            if (c <= ' ' ? c != ' ' || s.charAt(i - 1) == ' ' : c >= 0x7f && isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "compress-whitespace";
    }
}
