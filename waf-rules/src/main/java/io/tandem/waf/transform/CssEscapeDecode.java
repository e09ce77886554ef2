package io.tandem.waf.transform;

/**
 * Decodes CSS escapes: a backslash followed by one to six hex digits (and one optional
 * whitespace) is that code point; a backslash before any other character is that character; a
 * backslash before a newline disappears. {@code \\6a avascript} becomes {@code javascript}.
 * Output never longer than the input.
 */
public final class CssEscapeDecode implements Transform {

    public static final CssEscapeDecode INSTANCE = new CssEscapeDecode();

    private CssEscapeDecode() {
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
            int j = i + 1;
            int value = 0;
            while (j < n && j - i <= 6 && UrlDecode.hex(s.charAt(j)) >= 0) {
                value = value * 16 + UrlDecode.hex(s.charAt(j));
                j++;
            }
            if (j > i + 1) {
                if (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t' || s.charAt(j) == '\n')) {
                    j++;
                }
                out.appendCodePoint(value == 0 || value > 0x10ffff ? 0xfffd : value);
                i = j;
            } else if (s.charAt(i + 1) == '\n') {
                i += 2;
            } else {
                out.append(s.charAt(i + 1));
                i += 2;
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "css-decode";
    }
}
