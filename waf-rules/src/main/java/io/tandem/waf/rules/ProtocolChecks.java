package io.tandem.waf.rules;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.Param;
import io.tandem.waf.RequestView;
import io.tandem.waf.parse.ContentType;
import io.tandem.waf.parse.Excerpts;
import io.tandem.waf.parse.HttpToken;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP validity checks behind FortiWeb's protocol constraints that are not plain limits:
 * illegal method, version, request target, host, header names and values, content length and
 * type, request smuggling (conflicting Content-Length and Transfer-Encoding), ranges,
 * conflicting Connection options, bodies on GET/HEAD, restricted file extensions and the
 * encoding and parse anomalies the parsers recorded. Each factory returns a pure {@link Check}.
 */
public final class ProtocolChecks {

    private ProtocolChecks() {
    }

    /** Method must be an HTTP token and, when a list is given, one of it. */
    public static Check method(Set<String> allowed) {
        return (r, x) -> {
            String m = r.method();
            if (!HttpToken.isToken(m) || m.length() > 32) {
                return Finding.request("illegal method", Excerpts.escape(m, 40));
            }
            if (!allowed.isEmpty() && !allowed.contains(m)) {
                return Finding.request("method " + Excerpts.escape(m, 40) + " not allowed", Excerpts.escape(m, 40));
            }
            return null;
        };
    }

    /** Protocol must be HTTP/1.0, 1.1 or 2 (when the caller told us the version). */
    public static Check version() {
        return (r, x) -> {
            String p = r.protocol();
            if (p.isEmpty() || p.equals("HTTP/1.1") || p.equals("HTTP/1.0") || p.equals("HTTP/2.0") || p.equals("HTTP/2")) {
                return null;
            }
            return Finding.request("illegal HTTP version", Excerpts.escape(p, 40));
        };
    }

    /** The request target must be origin or absolute form without fragments, spaces or control characters. */
    public static Check requestTarget() {
        return (r, x) -> anomaly(r, Set.of(Anomaly.Kind.MALFORMED_REQUEST_TARGET), "malformed request target");
    }

    /** HTTP/1.1 needs a Host; it must be one name or address with an optional port. */
    public static Check host(boolean rejectIpHost) {
        return (r, x) -> {
            List<String> hosts = r.headerValues("host");
            if (hosts.isEmpty()) {
                return Finding.request("missing Host header", "");
            }
            if (hosts.size() > 1) {
                return Finding.request("more than one Host header", Excerpts.escape(String.join(", ", hosts), 80));
            }
            String h = hosts.get(0).trim();
            if (h.isEmpty()) {
                return Finding.request("empty Host header", "");
            }
            if (!validHost(h)) {
                return Finding.request("illegal Host header", Excerpts.escape(h, 80));
            }
            if (rejectIpHost && isIpHost(h)) {
                return Finding.request("Host is an IP address", Excerpts.escape(h, 80));
            }
            return null;
        };
    }

    /** Header names must be tokens and not restricted; values without CR, LF, NUL or other controls. */
    public static Check headerNames(Set<String> restricted) {
        return (r, x) -> {
            for (String name : r.headers().keySet()) {
                if (!HttpToken.isToken(name)) {
                    return new Finding(Location.HEADER, Excerpts.escape(name, 40), "illegal header name", Excerpts.escape(name, 80));
                }
                if (restricted.contains(name)) {
                    return new Finding(Location.HEADER, name, "restricted header " + name, "");
                }
            }
            return null;
        };
    }

    public static Check headerValues() {
        Set<String> notEmpty = Set.of("user-agent", "accept", "host", "content-type", "content-length");
        Set<String> cacheDirectives = Set.of("max-age", "max-stale", "min-fresh", "no-cache", "no-store", "no-transform",
                "only-if-cached", "stale-if-error", "stale-while-revalidate");
        return (r, x) -> {
            for (String cc : r.headerValues("cache-control")) {
                for (String directive : cc.split(",", -1)) {
                    String d = directive.trim().toLowerCase(java.util.Locale.ROOT);
                    int eq = d.indexOf('=');
                    String name = eq < 0 ? d : d.substring(0, eq).trim();
                    if (!cacheDirectives.contains(name)) {
                        return new Finding(Location.HEADER, "cache-control", "invalid request Cache-Control directive",
                                Excerpts.escape(cc, 96));
                    }
                }
            }
            for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
                for (String v : e.getValue()) {
                    if (v.isBlank() && notEmpty.contains(e.getKey())) {
                        return new Finding(Location.HEADER, e.getKey(), "empty " + e.getKey() + " header", "");
                    }
                    if (v.indexOf('%') >= 0 && (v.contains("%00") || v.contains("%0d") || v.contains("%0a") || v.contains("%0D")
                            || v.contains("%0A"))) {
                        return new Finding(Location.HEADER, e.getKey(), "encoded control character in header value",
                                Excerpts.escape(v, 96));
                    }
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if (c == '\r' || c == '\n' || c == 0 || (c < 0x20 && c != '\t') || c == 0x7f) {
                            return new Finding(Location.HEADER, e.getKey(), "control character in header value",
                                    Excerpts.escape(v, 96));
                        }
                    }
                }
            }
            return null;
        };
    }

    /** Content-Length digits only, one value; Transfer-Encoding exactly chunked; never both. */
    public static Check smuggling() {
        return (r, x) -> {
            List<String> cl = r.headerValues("content-length");
            List<String> te = r.headerValues("transfer-encoding");
            if (!cl.isEmpty() && !te.isEmpty()) {
                return Finding.request("both Content-Length and Transfer-Encoding (request smuggling)",
                        Excerpts.escape("content-length: " + cl + ", transfer-encoding: " + te, 96));
            }
            if (cl.size() > 1 || (cl.size() == 1 && cl.get(0).indexOf(',') >= 0)) {
                return Finding.request("more than one Content-Length (request smuggling)", Excerpts.escape(cl.toString(), 96));
            }
            if (te.size() > 1 || (te.size() == 1 && !te.get(0).trim().equalsIgnoreCase("chunked"))) {
                return Finding.request("Transfer-Encoding other than chunked (request smuggling)", Excerpts.escape(te.toString(), 96));
            }
            if (!te.isEmpty() && r.protocol().equals("HTTP/1.0")) {
                return Finding.request("Transfer-Encoding in HTTP/1.0 (request smuggling)", Excerpts.escape(te.toString(), 96));
            }
            return null;
        };
    }

    public static Check contentLength() {
        return (r, x) -> {
            for (String v : r.headerValues("content-length")) {
                String t = v.trim();
                if (t.isEmpty() || t.length() > 18 || !digits(t)) {
                    return Finding.request("illegal Content-Length", Excerpts.escape(v, 40));
                }
            }
            return null;
        };
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Content-Type well formed, allowed (when the request has one), with one allowed charset and known parameters. */
    public static Check contentType(Set<String> allowedTypes, Set<String> allowedCharsets) {
        Set<String> params = Set.of("action", "boundary", "charset", "component", "start", "start-info", "type", "version");
        return (r, x) -> {
            List<String> values = r.headerValues("content-type");
            if (values.isEmpty()) {
                return null;
            }
            if (values.size() > 1) {
                return Finding.request("more than one Content-Type", Excerpts.escape(values.toString(), 96));
            }
            String raw = values.get(0);
            ContentType ct = r.contentType();
            if (!ct.valid() || ct.duplicateParams() > 0 || raw.contains("= ") || raw.contains("=\t")) {
                return Finding.request("malformed Content-Type", Excerpts.escape(raw, 96));
            }
            for (String p : ct.params().keySet()) {
                if (!params.contains(p)) {
                    return Finding.request("unexpected Content-Type parameter " + Excerpts.escape(p, 32), Excerpts.escape(raw, 96));
                }
            }
            if (!allowedTypes.isEmpty() && !typeAllowed(ct.mediaType(), allowedTypes)) {
                return Finding.request("Content-Type not allowed", Excerpts.escape(raw, 96));
            }
            String charset = ct.param("charset").toLowerCase(Locale.ROOT);
            if (!charset.isEmpty() && !allowedCharsets.isEmpty() && !allowedCharsets.contains(charset)) {
                return Finding.request("charset not allowed", Excerpts.escape(raw, 96));
            }
            if (raw.toLowerCase(Locale.ROOT).indexOf("charset") != raw.toLowerCase(Locale.ROOT).lastIndexOf("charset")) {
                return Finding.request("charset given twice", Excerpts.escape(raw, 96));
            }
            return null;
        };
    }

    private static boolean typeAllowed(String media, Set<String> allowed) {
        if (allowed.contains(media)) {
            return true;
        }
        int slash = media.indexOf('/');
        int plus = media.lastIndexOf('+');
        return slash > 0 && (allowed.contains(media.substring(0, slash) + "/*")
                || plus > slash && allowed.contains(media.substring(0, slash) + "/*" + media.substring(plus)));
    }

    /** Range: well-formed byte ranges, each first <= last, at most {@code maxRanges}. */
    public static Check range(int maxRanges) {
        return (r, x) -> {
            for (String name : new String[] {"range", "request-range"}) {
                for (String v : r.headerValues(name)) {
                    String t = v.trim().toLowerCase(Locale.ROOT);
                    if (!t.startsWith("bytes=")) {
                        return Finding.request("illegal Range header", Excerpts.escape(v, 96));
                    }
                    String[] ranges = t.substring(6).split(",", -1);
                    if (ranges.length > maxRanges) {
                        return Finding.request("too many ranges", Excerpts.escape(v, 96));
                    }
                    for (String range : ranges) {
                        String[] ends = range.trim().split("-", -1);
                        if (ends.length != 2 || ends[0].isEmpty() && ends[1].isEmpty()) {
                            return Finding.request("illegal Range header", Excerpts.escape(v, 96));
                        }
                        try {
                            if (!ends[0].isEmpty() && !ends[1].isEmpty() && Long.parseLong(ends[1]) < Long.parseLong(ends[0])) {
                                return Finding.request("Range with last byte before first", Excerpts.escape(v, 96));
                            }
                        } catch (NumberFormatException e) {
                            return Finding.request("illegal Range header", Excerpts.escape(v, 96));
                        }
                    }
                }
            }
            return null;
        };
    }

    /** Connection must not ask for both keep-alive and close, or list an option twice. */
    public static Check connection() {
        return (r, x) -> {
            List<String> values = r.headerValues("connection");
            if (values.isEmpty() || values.size() == 1 && values.get(0).indexOf(',') < 0) {
                return null; // one option can neither repeat nor contradict itself
            }
            String all = String.join(",", values).toLowerCase(Locale.ROOT);
            boolean keepAlive = false;
            boolean close = false;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String option : all.split(",")) {
                String o = option.trim();
                if (o.isEmpty()) {
                    continue;
                }
                if (!seen.add(o)) {
                    return Finding.request("Connection option repeated", Excerpts.escape(all, 96));
                }
                keepAlive |= o.equals("keep-alive");
                close |= o.equals("close");
            }
            return keepAlive && close ? Finding.request("Connection asks for keep-alive and close", Excerpts.escape(all, 96)) : null;
        };
    }

    /** GET and HEAD carry no body. */
    public static Check bodyInGetOrHead() {
        return (r, x) -> {
            String m = r.method();
            if (!m.equals("GET") && !m.equals("HEAD")) {
                return null;
            }
            String cl = r.header("content-length").trim();
            boolean declared = !cl.isEmpty() && !cl.equals("0");
            if (r.bodyLength() > 0 || declared || !r.headerValues("transfer-encoding").isEmpty()) {
                return Finding.request(m + " request with a body", Excerpts.escape("content-length: " + cl, 64));
            }
            return null;
        };
    }

    /** HTTP/1.x POST, PUT and PATCH need Content-Length or Transfer-Encoding. */
    public static Check missingContentLength() {
        return (r, x) -> {
            String m = r.method();
            if (!(m.equals("POST") || m.equals("PUT") || m.equals("PATCH")) || !r.protocol().startsWith("HTTP/1")) {
                return null;
            }
            if (r.headerValues("content-length").isEmpty() && r.headerValues("transfer-encoding").isEmpty()) {
                return Finding.request(m + " without Content-Length", "");
            }
            return null;
        };
    }

    /** File extensions that are backups, dumps, configuration or VCS data, and names ending in {@code ~}. */
    public static Check fileExtension(Set<String> restricted) {
        return (r, x) -> {
            String path = r.normalizedPath();
            int slash = path.lastIndexOf('/');
            String file = path.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (file.endsWith("~") || path.contains("~/")) {
                return new Finding(Location.PATH, "", "backup file name (~)", Excerpts.escape(path, 96));
            }
            int dot = file.lastIndexOf('.');
            if (dot >= 0 && restricted.contains(file.substring(dot))) {
                return new Finding(Location.PATH, "", "restricted file extension " + Excerpts.escape(file.substring(dot), 16),
                        Excerpts.escape(path, 96));
            }
            return null;
        };
    }

    /** One of the recorded parse anomalies. */
    public static Check anomalies(Set<Anomaly.Kind> kinds, String what) {
        return (r, x) -> anomaly(r, kinds, what);
    }

    private static Finding anomaly(RequestView r, Set<Anomaly.Kind> kinds, String what) {
        for (Anomaly a : r.anomalies()) {
            if (kinds.contains(a.kind())) {
                return Finding.request(what + ": " + a, a.detail());
            }
        }
        return null;
    }

    /** Cookies, for the cookie count limit. */
    static int cookieCount(RequestView r) {
        int n = 0;
        for (Param p : r.params()) {
            if (p.location() == Location.COOKIE) {
                n++;
            }
        }
        return n;
    }

    private static boolean validHost(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'
                    || c == '_')) {
                return false;
            }
        }
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon && !h.startsWith("[") && h.indexOf(':') == colon) {
            String port = h.substring(colon + 1);
            return !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9');
        }
        return true;
    }

    private static boolean isIpHost(String h) {
        if (h.startsWith("[")) {
            return true;
        }
        int colon = h.indexOf(':');
        String host = colon >= 0 ? h.substring(0, colon) : h;
        return !host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
