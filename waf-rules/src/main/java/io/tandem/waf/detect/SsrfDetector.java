package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Target;
import java.util.Locale;
import java.util.List;
import java.util.Set;

/**
 * Server-side request forgery toward cloud metadata services and, when obfuscated, toward the
 * server itself: URLs (or bare hosts) naming {@code 169.254.169.254} in any IPv4 notation
 * (decimal {@code 2852039166}, hex, octal, mixed), the ECS/Alibaba/Oracle metadata addresses,
 * {@code fd00:ec2::254}, IPv4-mapped IPv6, {@code metadata.google.internal}; loopback or
 * unspecified addresses written in a non-dotted-decimal form; and the gopher/dict schemes used
 * to smuggle other protocols. Nothing is resolved.
 */
public final class SsrfDetector implements Detector {

    /** Metadata service names (also the dotted ones {@link KeywordGate} gates on). */
    static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog",
            "metadata.azure.com", "instance-data", "instance-data.ec2.internal", "metadata.packet.net",
            "metadata.platformequinix.com", "169.254.169.254.nip.io");
    /**
     * Every dotted {@link #METADATA_HOSTS} name contains one of these, so two scans of a long value
     * decide whether the search per name is needed at all (checked when the class loads). They
     * matter where the keyword gate cannot say: when entity or escape decoding changed the value.
     */
    private static final String[] DOTTED_HOST_MARKS = {"data.", ".nip.io"};

    static {
        for (String name : METADATA_HOSTS) {
            if (name.contains(".") && !name.contains(DOTTED_HOST_MARKS[0]) && !name.contains(DOTTED_HOST_MARKS[1])) {
                throw new IllegalStateException("metadata host " + name + " has none of " + List.of(DOTTED_HOST_MARKS));
            }
        }
    }

    private static final long AWS = ip(169, 254, 169, 254);
    private static final long ECS = ip(169, 254, 170, 2);
    private static final long ALIBABA = ip(100, 100, 100, 200);
    private static final long ORACLE = ip(192, 0, 0, 192);

    @Override
    public String name() {
        return "ssrf";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.COLON | Features.DOT | Features.BRACKET;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String v = target.urlDecoded();
        String lower = target.urlLower();
        if (!target.hasAny(Features.COLON | Features.DOT)) {
            // No URL, no dotted name, no IPv6 or dotted IPv4 address: only a bare host in brackets
            // is left ("[instance-data]"); a name such as product[attribute_12] is not one.
            String bare = trimmedUpTo64(lower);
            return bare != null && bare.startsWith("[") ? bareHost(v, bare) : null;
        }
        if (target.hasAny(Features.COLON) && lower.contains("://")) {
            for (UrlParts.Url url : UrlParts.find(v)) {
                if (url.scheme().equals("gopher") || url.scheme().equals("dict")) {
                    return Detection.at(v, url.start(), url.end(), "ssrf " + url.scheme() + ":// URL");
                }
                String why = host(url.host());
                if (why != null) {
                    return Detection.at(v, url.start(), url.end(), "ssrf URL to " + why);
                }
            }
        }
        if (KeywordGate.mayHaveUrlDecoded(target, KeywordGate.SSRF_HOSTS)
                && (lower.contains(DOTTED_HOST_MARKS[0]) || lower.contains(DOTTED_HOST_MARKS[1]))) {
            for (String name : METADATA_HOSTS) {
                int at = lower.indexOf(name);
                if (at >= 0 && name.contains(".")) {
                    return Detection.at(v, at, at + name.length(), "ssrf metadata host " + name);
                }
            }
        }
        String bare = trimmedUpTo64(lower);
        return bare != null ? bareHost(v, bare) : null;
    }

    /** A value that is only a host (and port) of a metadata service; {@code bare}: the value trimmed, lower-cased. */
    private static Detection bareHost(String v, String bare) {
        if (bare.contains(" ")) {
            return null;
        }
        int colon = bare.lastIndexOf(':');
        String host = colon > 0 && bare.indexOf(':') == colon ? bare.substring(0, colon) : bare;
        String why = host.startsWith("[") ? host(host.substring(1, Math.max(1, host.length() - 1))) : host(host);
        if (why != null && why.startsWith("metadata")) {
            return Detection.at(v, 0, v.length(), "ssrf host " + why);
        }
        return null;
    }

    /** {@code s.trim()} if that is at most 64 characters long, else null (without copying a long value). */
    private static String trimmedUpTo64(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) <= ' ') {
            end--;
        }
        return end - start <= 64 ? s.substring(start, end) : null;
    }

    /** Why a host is a forgery target, or {@code null}. */
    static String host(String host) {
        if (host.isEmpty()) {
            return null;
        }
        if (METADATA_HOSTS.contains(host)) {
            return "metadata host " + host;
        }
        if (host.indexOf(':') >= 0) {
            return ipv6(host);
        }
        long ip = UrlParts.ipv4(host);
        if (ip < 0) {
            return null;
        }
        if (ip == AWS || ip == ECS || ip == ALIBABA || ip == ORACLE) {
            return "metadata address " + dotted(ip) + (UrlParts.unusualIpv4(host) ? " (obfuscated)" : "");
        }
        boolean loopback = (ip >>> 24) == 127 || ip == 0;
        if (loopback && UrlParts.unusualIpv4(host)) {
            return "obfuscated loopback address " + dotted(ip);
        }
        if ((ip >>> 16) == ip(169, 254, 0, 0) >>> 16) {
            return "link-local address " + dotted(ip);
        }
        return null;
    }

    private static String ipv6(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
        }
        byte[] a;
        try {
            // Only address literals reach here (checked above), so this never consults DNS.
            a = java.net.InetAddress.getByName("[" + h + "]").getAddress();
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return null;
        }
        if (a.length == 4) {
            return host(dotted(((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL)));
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= a[i] == 0;
        }
        mapped &= (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        if (mapped) {
            long ip = ((a[12] & 0xffL) << 24) | ((a[13] & 0xffL) << 16) | ((a[14] & 0xffL) << 8) | (a[15] & 0xffL);
            String inner = host(dotted(ip));
            return inner != null ? inner : (ip >>> 24) == 127 ? "IPv4-mapped loopback" : null;
        }
        if ((a[0] & 0xff) == 0xfd && a[1] == 0 && (a[2] & 0xff) == 0x0e && (a[3] & 0xff) == 0xc2 && a[15] == 0x54
                && (a[14] & 0xff) == 0x02) {
            return "metadata address fd00:ec2::254";
        }
        if ((a[0] & 0xff) == 0xfe && (a[1] & 0xc0) == 0x80) {
            return "link-local IPv6 address";
        }
        return null;
    }

    private static long ip(int a, int b, int c, int d) {
        return ((long) a << 24) | ((long) b << 16) | ((long) c << 8) | d;
    }

    private static String dotted(long ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
    }
}
