package io.tandem.waf.transform;

/**
 * Decodes JavaScript string escapes: {@code \\uHHHH}, {@code \\u{H..}}, {@code \\xHH}, octal
 * {@code \\NNN}, and drops the backslash before any other character ({@code a\\l\\ert} is
 * {@code alert} to a JS engine). Output never longer than the input.
 */
public final class JsEscapeDecode implements Transform {

    public static final JsEscapeDecode INSTANCE = new JsEscapeDecode();

    private JsEscapeDecode() {
    }

    @Override
    public String apply(String s) {
        int bs = s.indexOf('\\');
        if (bs < 0) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        out.append(s, 0, bs);
        int i = bs;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                out.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            if ((e == 'u' || e == 'U') && i + 2 < n && s.charAt(i + 2) == '{') {
                int j = i + 3;
                int value = 0;
                while (j < n && j - i < 12 && UrlDecode.hex(s.charAt(j)) >= 0) {
                    value = value * 16 + UrlDecode.hex(s.charAt(j));
                    j++;
                }
                if (j < n && s.charAt(j) == '}' && j > i + 3 && value <= 0x10ffff) {
                    out.appendCodePoint(value);
                    i = j + 1;
                    continue;
                }
            } else if ((e == 'u' || e == 'U') && hexRun(s, i + 2, 4)) {
                out.append((char) parseHex(s, i + 2, 4));
                i += 6;
                continue;
            } else if ((e == 'x' || e == 'X') && hexRun(s, i + 2, 2)) {
                out.append((char) parseHex(s, i + 2, 2));
                i += 4;
                continue;
            } else if (e >= '0' && e <= '7') {
                int j = i + 1;
                int value = 0;
                while (j < n && j - i <= 3 && s.charAt(j) >= '0' && s.charAt(j) <= '7') {
                    value = value * 8 + (s.charAt(j) - '0');
                    j++;
                }
                out.append((char) (value & 0xff));
                i = j;
                continue;
            }
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b', 'f', 'v' -> out.append(' ');
                default -> out.append(e);
            }
            i += 2;
        }
        return out.toString();
    }

    private static boolean hexRun(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int k = from; k < from + count; k++) {
            if (UrlDecode.hex(s.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int parseHex(String s, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            v = v * 16 + UrlDecode.hex(s.charAt(k));
        }
        return v;
    }

    @Override
    public String toString() {
        return "js-decode";
    }
}
