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
        if (host.isEmpty() || host.length() > 64) {
            return -1;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = number(parts[i]);
            if (values[i] < 0) {
                return -1;
            }
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return -1;
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[parts.length - 1];
        long max = parts.length == 1 ? 0xffffffffL : parts.length == 2 ? 0xffffffL : parts.length == 3 ? 0xffffL : 0xffL;
        if (last > max) {
            return -1;
        }
        return result | last;
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

    private static long number(String p) {
        if (p.isEmpty() || p.length() > 12) {
            return -1;
        }
        if (p.startsWith("0x") || p.startsWith("0X")) {
            return p.length() == 2 ? 0 : digits(p, 2, 16);
        }
        if (p.length() > 1 && p.startsWith("0")) {
            return digits(p, 1, 8);
        }
        return digits(p, 0, 10);
    }

    /**
     * {@code Long.parseLong(p.substring(from), radix)} for at most 12 characters, or -1 where it
     * would throw or be negative; without the exception, which costs microseconds on every word
     * with a dot in it ({@code jane.doe@example.com}).
     */
    private static long digits(String p, int from, int radix) {
        int i = from;
        if (i < p.length() && p.charAt(i) == '+') {
            i++; // parseLong takes a sign
        }
        if (i == p.length()) {
            return -1;
        }
        long value = 0;
        for (; i < p.length(); i++) {
            int d = Character.digit(p.charAt(i), radix);
            if (d < 0) {
                return -1;
            }
            value = value * radix + d;
        }
        return value;
    }
}
