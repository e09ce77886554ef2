package io.tandem.waf.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds {@code scheme://authority} URLs in a value and splits out the host, without resolving
 * anything. At most {@value #MAX_URLS} URLs per value.
 */
final class UrlParts {

    private static final int MAX_URLS = 8;

    /** One URL found: scheme, host (lower case, brackets removed) and where it starts. */
    record Url(String scheme, String host, String rest, int start, int end) {
    }

    private UrlParts() {
    }

    static List<Url> find(String v) {
        List<Url> out = new ArrayList<>();
        int from = 0;
        while (out.size() < MAX_URLS) {
            int sep = v.indexOf("://", from);
            if (sep < 0) {
                return out;
            }
            int s = sep;
            while (s > 0 && s > sep - 20 && isSchemeChar(v.charAt(s - 1))) {
                s--;
            }
            String scheme = v.substring(s, sep).toLowerCase(Locale.ROOT);
            int a = sep + 3;
            int e = a;
            while (e < v.length() && "/?#\\ \t\r\n\"'<>".indexOf(v.charAt(e)) < 0) {
                e++;
            }
            String authority = v.substring(a, e);
            int at = authority.lastIndexOf('@');
            String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
            String host;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                host = close > 0 ? hostPort.substring(1, close) : hostPort.substring(1);
            } else {
                int colon = hostPort.indexOf(':');
                host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            }
            int restEnd = e;
            while (restEnd < v.length() && !Character.isWhitespace(v.charAt(restEnd)) && v.charAt(restEnd) != '"'
                    && v.charAt(restEnd) != '\'' && restEnd - e < 2048) {
                restEnd++;
            }
            out.add(new Url(scheme, host.toLowerCase(Locale.ROOT), v.substring(e, restEnd), s, restEnd));
            from = Math.max(e, sep + 3);
        }
        return out;
    }

    private static boolean isSchemeChar(char c) {
        return Character.isLetterOrDigit(c) && c < 0x80 || c == '+' || c == '.' || c == '-';
    }

    /**
     * Parses an IPv4 address the way {@code inet_aton} does: one to four parts, each decimal, hex
     * ({@code 0x}) or octal (leading {@code 0}); the last part fills the remaining bytes. Returns
     * the address as an unsigned 32-bit value, or -1.
     */
    static long ipv4(String host) {
        int n = host.length();
        if (n == 0 || n > 64) {
            return -1;
        }
        char first = host.charAt(0);
        if ((first < '0' || first > '9') && first != '+') {
            return -1; // every part starts so: names and words are not addresses
        }
        // parts between dots, parsed in place (this runs on every short value with a dot: prices, versions)
        int end = host.charAt(n - 1) == '.' ? n - 1 : n;
        long result = 0;
        int parts = 0;
        for (int from = 0; ; ) {
            int dot = host.indexOf('.', from);
            if (dot < 0 || dot > end) {
                dot = end;
            }
            if (++parts > 4) {
                return -1;
            }
            long value = number(host, from, dot);
            if (value < 0) {
                return -1;
            }
            if (dot == end) {
                long max = parts == 1 ? 0xffffffffL : parts == 2 ? 0xffffffL : parts == 3 ? 0xffffL : 0xffL;
                return value > max ? -1 : result | value;
            }
            if (value > 255) {
                return -1;
            }
            result |= value << (24 - 8 * (parts - 1));
            from = dot + 1;
        }
    }

    /** Whether the host is written as anything but plain dotted-decimal. */
    static boolean unusualIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return true;
        }
        for (String p : parts) {
            if (p.length() > 1 && (p.startsWith("0") || p.startsWith("0x"))) {
                return true;
            }
        }
        return false;
    }

    /** One part of an IPv4 address, {@code s[from, to)}: decimal, hex ({@code 0x}) or octal (leading 0); -1 if none. */
    private static long number(String s, int from, int to) {
        int length = to - from;
        if (length <= 0 || length > 12) {
            return -1;
        }
        if (length >= 2 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            return length == 2 ? 0 : digits(s, from + 2, to, 16);
        }
        if (length > 1 && s.charAt(from) == '0') {
            return digits(s, from + 1, to, 8);
        }
        return digits(s, from, to, 10);
    }

    /**
     * {@code Long.parseLong(s.substring(from, to), radix)} for at most 12 characters, or -1 where it
     * would throw or be negative; without the exception, which costs microseconds on every word
     * with a dot in it ({@code jane.doe@example.com}).
     */
    private static long digits(String s, int from, int to, int radix) {
        int i = from;
        if (i < to && s.charAt(i) == '+') {
            i++; // parseLong takes a sign
        }
        if (i == to) {
            return -1;
        }
        long value = 0;
        for (; i < to; i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            value = value * radix + d;
        }
        return value;
    }
}
