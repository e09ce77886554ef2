package io.tandem.waf.transform;

import java.nio.charset.StandardCharsets;

/**
 * One round of percent-decoding: {@code %HH}, IIS-style {@code %uHHHH}, and optionally {@code +} as
 * a space (query strings and form bodies). Malformed escapes are kept literally and reported;
 * decoded bytes go through {@link LenientUtf8}, so overlong UTF-8 is normalized here. The output
 * is never longer than the input.
 */
public final class UrlDecode implements Transform {

    /** Decodes {@code +} as a space: query and form semantics. */
    public static final UrlDecode FORM = new UrlDecode(true);
    /** Keeps {@code +}: path semantics. */
    public static final UrlDecode PATH = new UrlDecode(false);

    private final boolean plusAsSpace;

    private UrlDecode(boolean plusAsSpace) {
        this.plusAsSpace = plusAsSpace;
    }

    @Override
    public String apply(String input) {
        return decode(input, plusAsSpace, DecodeListener.IGNORE);
    }

    /** Whether {@code s} contains anything this transform would change. */
    public static boolean needsDecoding(String s, boolean plusAsSpace) {
        return s.indexOf('%') >= 0 || (plusAsSpace && s.indexOf('+') >= 0);
    }

    public static String decode(String s, boolean plusAsSpace, DecodeListener listener) {
        if (!needsDecoding(s, plusAsSpace)) {
            if (s.indexOf('\0') >= 0) {
                listener.report(DecodeListener.Problem.NUL_BYTE);
            }
            return s;
        }
        int n = s.length();
        byte[] buf = new byte[n * 3];
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                    buf[len++] = (byte) (hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                    i += 2;
                    continue;
                }
                if (i + 5 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U') && hex(s.charAt(i + 2)) >= 0
                        && hex(s.charAt(i + 3)) >= 0 && hex(s.charAt(i + 4)) >= 0 && hex(s.charAt(i + 5)) >= 0) {
                    char u = (char) (hex(s.charAt(i + 2)) << 12 | hex(s.charAt(i + 3)) << 8
                            | hex(s.charAt(i + 4)) << 4 | hex(s.charAt(i + 5)));
                    listener.report(DecodeListener.Problem.UNICODE_PERCENT_ENCODING);
                    len = append(buf, len, String.valueOf(u));
                    i += 5;
                    continue;
                }
                // "%1G", "%w20", "%u12": an escape gone wrong. A '%' before anything else ("99%",
                // "80% off") is a literal percent sign that a lenient client left unencoded.
                if (i + 1 < n && Character.isLetterOrDigit(s.charAt(i + 1)) && s.charAt(i + 1) < 0x80) {
                    listener.report(DecodeListener.Problem.INVALID_PERCENT_ENCODING);
                }
                buf[len++] = '%';
            } else if (c == '+' && plusAsSpace) {
                buf[len++] = ' ';
            } else if (c < 0x80) {
                buf[len++] = (byte) c;
            } else {
                // Non-ASCII characters as sent: re-encode so that the byte stream decodes in one pass.
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < n && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                }
                len = append(buf, len, s.substring(i, end));
                i = end - 1;
            }
        }
        return LenientUtf8.decode(buf, 0, len, listener);
    }

    private static int append(byte[] buf, int len, String chars) {
        byte[] bytes = chars.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        return len + bytes.length;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    @Override
    public String toString() {
        return plusAsSpace ? "url-decode(form)" : "url-decode(path)";
    }
}
