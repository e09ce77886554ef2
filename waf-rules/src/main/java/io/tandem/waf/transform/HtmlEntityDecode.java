package io.tandem.waf.transform;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes HTML character references the way browsers do in attribute values and text: numeric
 * ({@code &#106;}, {@code &#x6A;}, leading zeros, missing semicolon) and the named references
 * attackers use to hide syntax ({@code &colon;}, {@code &Tab;}, {@code &lpar;}, ...). Unknown
 * names stay as they are. Output never longer than the input.
 */
public final class HtmlEntityDecode implements Transform {

    public static final HtmlEntityDecode INSTANCE = new HtmlEntityDecode();

    private static final Map<String, String> NAMED = new HashMap<>();

    static {
        String[][] table = {
            {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\u00a0"},
            {"tab", "\t"}, {"newline", "\n"}, {"colon", ":"}, {"semi", ";"}, {"comma", ","},
            {"period", "."}, {"sol", "/"}, {"bsol", "\\"}, {"lpar", "("}, {"rpar", ")"},
            {"lsqb", "["}, {"rsqb", "]"}, {"lbrack", "["}, {"rbrack", "]"}, {"lcub", "{"},
            {"rcub", "}"}, {"lbrace", "{"}, {"rbrace", "}"}, {"excl", "!"}, {"quest", "?"},
            {"num", "#"}, {"dollar", "$"}, {"percnt", "%"}, {"plus", "+"}, {"equals", "="},
            {"commat", "@"}, {"grave", "`"}, {"hat", "^"}, {"lowbar", "_"}, {"verbar", "|"},
            {"vert", "|"}, {"ast", "*"}, {"midast", "*"}, {"tilde", "~"}, {"apos", "'"},
            {"lsquo", "\u2018"}, {"rsquo", "\u2019"}, {"ldquo", "\u201c"}, {"rdquo", "\u201d"},
            {"zwnj", ""}, {"zwj", ""}, {"shy", ""},
        };
        for (String[] entry : table) {
            NAMED.put(entry[0], entry[1]);
        }
    }

    private HtmlEntityDecode() {
    }

    @Override
    public String apply(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        out.append(s, 0, amp);
        int n = s.length();
        int i = amp;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int consumed = decodeAt(s, i, out);
            if (consumed == 0) {
                out.append('&');
                i++;
            } else {
                i += consumed;
            }
        }
        return out.toString();
    }

    /** Decodes the reference at {@code s[i] == '&'} into {@code out}; returns chars consumed or 0. */
    private static int decodeAt(String s, int i, StringBuilder out) {
        int n = s.length();
        int j = i + 1;
        if (j < n && s.charAt(j) == '#') {
            j++;
            boolean hexForm = j < n && (s.charAt(j) == 'x' || s.charAt(j) == 'X');
            if (hexForm) {
                j++;
            }
            int start = j;
            long value = 0;
            while (j < n && j - start < 16) {
                int d = hexForm ? UrlDecode.hex(s.charAt(j)) : Character.digit(s.charAt(j), 10);
                if (d < 0 || (!hexForm && s.charAt(j) > '9')) {
                    break;
                }
                value = value * (hexForm ? 16 : 10) + d;
                j++;
            }
            if (j == start) {
                return 0;
            }
            if (j < n && s.charAt(j) == ';') {
                j++;
            }
            int cp = value > 0x10ffff || value == 0 ? 0xfffd : (int) value;
            out.appendCodePoint(cp);
            return j - i;
        }
        int start = j;
        while (j < n && j - start < 10 && Character.isLetterOrDigit(s.charAt(j)) && s.charAt(j) < 0x80) {
            j++;
        }
        if (j == start) {
            return 0;
        }
        // Longest known name that is a prefix of the letters (browsers accept "&ltscript").
        for (int end = j; end > start; end--) {
            String name = s.substring(start, end).toLowerCase(Locale.ROOT);
            String value = NAMED.get(name);
            if (value != null) {
                boolean semicolon = end < n && s.charAt(end) == ';';
                if (!semicolon && end != j && !isLegacyName(name)) {
                    continue;
                }
                out.append(value);
                return end - i + (semicolon ? 1 : 0);
            }
        }
        return 0;
    }

    private static boolean isLegacyName(String name) {
        return name.equals("lt") || name.equals("gt") || name.equals("amp") || name.equals("quot");
    }

    @Override
    public String toString() {
        return "html-entity-decode";
    }
}
