package io.tandem.waf.parse;

/**
 * Makes attacker-controlled text safe for logs: bounded length, control and non-ASCII characters
 * escaped ({@code \n}, {@code \x00}, {@code \\u2028}), so a log line can neither be split nor
 * flooded.
 */
public final class Excerpts {

    private Excerpts() {
    }

    public static String escape(String s, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), maxChars) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (out.length() >= maxChars) {
                out.append("...");
                break;
            }
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else if (c >= 0x80) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** An escaped window of {@code value} around {@code [start, end)}, at most {@code maxChars} long before escaping. */
    public static String around(String value, int start, int end, int maxChars) {
        int s = Math.max(0, Math.min(start, value.length()));
        int e = Math.max(s, Math.min(end, value.length()));
        int room = Math.max(0, maxChars - (e - s));
        int from = Math.max(0, s - room / 2);
        int to = Math.min(value.length(), Math.max(e, from + maxChars));
        if (to - from > maxChars) {
            to = from + maxChars;
        }
        return (from > 0 ? "..." : "") + escape(value.substring(from, to), maxChars * 2) + (to < value.length() ? "..." : "");
    }
}
