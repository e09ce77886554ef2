package io.tandem.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network, {@code 10.0.0.0/8} or {@code 2001:db8::/32}; immutable and
 * thread-safe.
 *
 * <p>Only address literals are accepted: parsing never consults DNS, so a trusted-proxy list
 * cannot be widened by whoever controls a name server. An IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) is the IPv4 address it maps, both when parsed (with a prefix of at
 * least 96) and in {@link #contains}; otherwise IPv4 and IPv6 never match each other.
 *
 * <p>Host bits must be zero: {@code 192.168.1.10/24} is rejected rather than silently widened to
 * {@code 192.168.1.0/24}, because in a trust list that is usually a typo for a single host.
 */
public final class Cidr {

    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code address} or {@code address/prefix}; without a prefix the network is the single
     * host ({@code /32} or {@code /128}).
     *
     * @throws IllegalArgumentException naming the text and what was expected, for anything else,
     *                                  including host names, zone ids, surrounding spaces and set host bits
     */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return parseWithExpectation(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid CIDR '" + text + "': expected " + e.getMessage(), e);
        }
    }

    /** Like {@link #parse}, but the exception message is only the expectation, as a {@link ConfigProblem} wants it. */
    static Cidr parseWithExpectation(String text) {
        int slash = text.indexOf('/');
        byte[] address = IpLiterals.parse(slash < 0 ? text : text.substring(0, slash),
                "an IPv4 or IPv6 address, optionally with /prefix");
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
                throw new IllegalArgumentException("a prefix length 0.." + bits + (bits == 32 ? " for IPv4" : " for IPv6"));
            }
            prefix = Integer.parseInt(prefixText);
        }
        byte[] v4 = IpLiterals.unmapped(address);
        if (v4 != address && prefix >= 96) {
            address = v4;
            prefix -= 96;
        }
        byte[] network = mask(address, prefix);
        if (!Arrays.equals(network, address)) {
            throw new IllegalArgumentException("no host bits set, like " + IpLiterals.format(network) + "/" + prefix);
        }
        return new Cidr(network, prefix);
    }

    /**
     * Whether {@code address} lies in this network. Pure: no DNS, no reverse lookup.
     * An IPv4-mapped IPv6 address is matched as the IPv4 address it carries.
     */
    public boolean contains(InetAddress address) {
        byte[] candidate = IpLiterals.unmapped(address.getAddress());
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    /** The network address (host bits zero): an {@link Inet4Address} or an {@link Inet6Address}. */
    public InetAddress address() {
        try {
            return network.length == 4
                    ? InetAddress.getByAddress(network.clone())
                    : Inet6Address.getByAddress(null, network.clone(), -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + network.length, e); // lengths are 4 or 16 by construction
        }
    }

    /** 0..32 for IPv4, 0..128 for IPv6. */
    public int prefixLength() {
        return prefixLength;
    }

    /** Whether this is an IPv4 network (including one written as IPv4-mapped IPv6 with prefix >= 96). */
    public boolean isIpv4() {
        return network.length == 4;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefixLength == other.prefixLength && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /** Canonical {@code address/prefix}, always with the prefix; IPv6 in RFC 5952 form. */
    @Override
    public String toString() {
        return IpLiterals.format(network) + "/" + prefixLength;
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = new byte[address.length];
        int full = prefix / 8;
        System.arraycopy(address, 0, masked, 0, full);
        if (full < address.length && prefix % 8 != 0) {
            masked[full] = (byte) (address[full] & (0xff << (8 - prefix % 8)));
        }
        return masked;
    }
}
