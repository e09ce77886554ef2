package io.tandem.config;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * IP address literals, parsed by hand because {@link java.net.InetAddress#getByName} falls back
 * to DNS for anything that is not a literal; configuration must never wait on, or be steered
 * by, a name server.
 */
public final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]*[A-Za-z][A-Za-z0-9.-]*");

    private IpLiterals() {
    }

    /**
     * @param otherwise the expectation to report when {@code text} is neither an address nor
     *                  a host name, e.g. "an IPv4 or IPv6 address"
     * @return 4 bytes for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address stays 16 bytes)
     * @throws IllegalArgumentException whose message is the expectation, fit for a {@link ConfigProblem}
     */
    static byte[] parse(String text, String otherwise) {
        byte[] address = text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
        if (address != null) {
            return address;
        }
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("an IP address without a zone id");
        }
        if (HOST_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("an IP address, not a host name");
        }
        throw new IllegalArgumentException(otherwise);
    }

    /**
     * The address written in {@code text}, for untrusted input such as an {@code X-Forwarded-For}
     * hop: {@code null} for anything that is not an IPv4 or IPv6 literal (optionally in brackets).
     * Never resolves a name.
     */
    public static java.net.InetAddress parseOrNull(String text) {
        String literal = text.length() > 2 && text.startsWith("[") && text.endsWith("]")
                ? text.substring(1, text.length() - 1) : text;
        if (literal.isEmpty() || literal.length() > 45) {
            return null;
        }
        try {
            return java.net.InetAddress.getByAddress(parse(literal, "an IP address"));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return null;
        }
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), else {@code address} itself. */
    static byte[] unmapped(byte[] address) {
        if (address.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return address;
            }
        }
        if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return address;
        }
        return Arrays.copyOfRange(address, 12, 16);
    }

    /** Dotted quad for IPv4; RFC 5952 (lower case, longest zero run as {@code ::}) for IPv6. */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static byte[] parseV4(String text) {
        if (!IPV4.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("\\.");
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            address[i] = (byte) octet;
        }
        return address;
    }

    private static byte[] parseV6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = groups(gap >= 0 ? text.substring(0, gap) : text, gap < 0);
        int[] tail = gap >= 0 ? groups(text.substring(gap + 2), true) : new int[0];
        if (head == null || tail == null) {
            return null;
        }
        int given = head.length + tail.length;
        if (gap >= 0 ? given > 7 : given != 8) {
            return null;
        }
        byte[] address = new byte[16];
        for (int i = 0; i < head.length; i++) {
            putGroup(address, i, head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            putGroup(address, 8 - tail.length + i, tail[i]);
        }
        return address;
    }

    /** 16-bit groups of one side of {@code ::}; an embedded IPv4 address may only end the address. */
    private static int[] groups(String part, boolean mayEndWithIpv4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        int[] groups = new int[texts.length + 1];
        int n = 0;
        for (int i = 0; i < texts.length; i++) {
            String group = texts[i];
            if (mayEndWithIpv4 && i == texts.length - 1 && group.indexOf('.') >= 0) {
                byte[] v4 = parseV4(group);
                if (v4 == null) {
                    return null;
                }
                groups[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                groups[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
            } else if (HEX_GROUP.matcher(group).matches()) {
                groups[n++] = Integer.parseInt(group, 16);
            } else {
                return null;
            }
        }
        return Arrays.copyOf(groups, n);
    }

    private static void putGroup(byte[] address, int index, int group) {
        address[2 * index] = (byte) (group >>> 8);
        address[2 * index + 1] = (byte) group;
    }
}
