package io.tandem.waf;

import io.tandem.waf.parse.ContentType;
import io.tandem.waf.parse.Excerpts;
import io.tandem.waf.parse.CookieParser;
import io.tandem.waf.parse.JsonParser;
import io.tandem.waf.parse.MultipartParser;
import io.tandem.waf.parse.ParseContext;
import io.tandem.waf.parse.UrlEncodedParser;
import io.tandem.waf.parse.Utf8Head;
import io.tandem.waf.parse.XmlScanner;
import io.tandem.waf.transform.Base64Decode;
import io.tandem.waf.transform.DecodeListener;
import io.tandem.waf.transform.LenientUtf8;
import io.tandem.waf.transform.PathNormalize;
import io.tandem.waf.transform.UrlDecode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The immutable view of one request that rules see. Rules never see Undertow types, so they can
 * be tested from plain tables and run unchanged if the server changes.
 *
 * <p>Everything rules need is parsed once, when the view is built: the raw and normalized path,
 * query arguments, cookies, and the body (urlencoded form, multipart fields and file names,
 * flattened JSON, XML values) up to {@link ParseLimits#maxBodyInspect()} bytes. Parsing never
 * throws on hostile input: malformed encodings, parse failures and exceeded limits are recorded
 * as {@link #anomalies()} and parsing continues with what could be read. The decoded forms of the
 * inspected values ({@link #targets()}) are computed lazily, once.
 *
 * <p>Thread-safety: immutable after construction; the lazily computed targets are derived
 * deterministically and may be computed twice under a race, never observed half-built.
 */
public final class RequestView {

    /** Headers whose values are structured protocol data, not application input; not inspected by signatures. */
    private static final Set<String> PROTOCOL_HEADERS = Set.of("host", "connection", "content-length", "content-type",
            "accept", "accept-encoding", "accept-language", "accept-charset", "cache-control", "pragma",
            "upgrade-insecure-requests", "te", "transfer-encoding", "keep-alive", "if-modified-since", "if-none-match",
            "if-match", "if-unmodified-since", "if-range", "range", "dnt", "authorization", "proxy-authorization",
            "cookie", "priority", "content-encoding", "upgrade", "expect", "sec-fetch-dest", "sec-fetch-mode",
            "sec-fetch-site", "sec-fetch-user", "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
            "x-requested-with", "origin", "x-forwarded-proto", "x-forwarded-port", "via", "proxy-connection");

    private static final Base64Decode BASE64 = new Base64Decode(Target.MAX_INSPECT);

    private final String requestId;
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> headers;
    private final InetAddress clientAddress;
    private final String sessionState;
    private final String sessionId;
    private final String rawTarget;
    private final String protocol;
    private final byte[] body;
    private final boolean bodyTruncated;
    private final ParseLimits limits;

    private final String decodedPath;
    private final String normalizedPath;
    private final ContentType contentType;
    private final List<Param> params;
    private final List<Anomaly> anomalies;
    private volatile List<Target> targets;

    /**
     * The view without a body, as the proxy built it before request bodies were inspected.
     *
     * @param requestId     the id Tandem gave the request (for logs)
     * @param method        the HTTP method as sent
     * @param path          the request path as sent, not decoded
     * @param query         the raw query string without {@code ?}, empty when none
     * @param headers       header name (lower case) to its values, in order
     * @param clientAddress the client address after trusted-proxy resolution
     * @param sessionState  the label of the session cookie's outcome ({@code known}, {@code adopted}, {@code new}, ...)
     */
    public RequestView(String requestId, String method, String path, String query, Map<String, List<String>> headers,
            InetAddress clientAddress, String sessionState) {
        this(builder().requestId(requestId).method(method).path(path).query(query).headers(headers)
                .clientAddress(clientAddress).sessionState(sessionState));
    }

    private RequestView(Builder b) {
        this.requestId = Objects.requireNonNull(b.requestId, "requestId");
        this.method = Objects.requireNonNull(b.method, "method");
        this.clientAddress = Objects.requireNonNull(b.clientAddress, "clientAddress");
        this.sessionState = Objects.requireNonNull(b.sessionState, "sessionState");
        this.sessionId = Objects.requireNonNull(b.sessionId, "sessionId");
        this.protocol = Objects.requireNonNull(b.protocol, "protocol");
        this.limits = Objects.requireNonNull(b.limits, "limits");
        this.headers = b.headersOwned && allLowerCase(b.headers.keySet()) ? Collections.unmodifiableMap(b.headers)
                : normalizedHeaders(b.headers);

        ParseContext ctx = new ParseContext(limits);
        if (b.rawTarget != null) {
            this.rawTarget = b.rawTarget;
            int q = rawTarget.indexOf('?');
            String p = q < 0 ? rawTarget : rawTarget.substring(0, q);
            this.query = q < 0 ? "" : rawTarget.substring(q + 1);
            this.path = originForm(p);
            checkTarget(rawTarget, ctx);
        } else {
            this.path = Objects.requireNonNull(b.path, "path");
            this.query = Objects.requireNonNull(b.query, "query");
            this.rawTarget = query.isEmpty() ? path : path + "?" + query;
        }
        this.decodedPath = UrlDecode.decode(path, false, ctx.listener("path"));
        this.normalizedPath = PathNormalize.INSTANCE.apply(decodedPath);

        int keep = Math.min(b.body.length, limits.maxBodyInspect());
        this.body = b.bodyOwned && keep == b.body.length ? b.body : Arrays.copyOf(b.body, keep);
        this.bodyTruncated = b.bodyTruncated || keep < b.body.length;
        if (bodyTruncated) {
            ctx.anomaly(Anomaly.Kind.BODY_TRUNCATED, "body", "inspected " + keep + " bytes");
        }
        this.contentType = ContentType.parse(header("content-type"));

        if (!query.isEmpty()) {
            UrlEncodedParser.parse(query, Location.QUERY_ARG, Location.QUERY_ARG_NAME, "query", ctx);
        }
        CookieParser.parse(headerValues("cookie"), ctx);
        parseBody(ctx);
        long inspect = Math.min(body.length, Target.MAX_INSPECT);
        for (Param p : ctx.params()) {
            inspect += Math.min(p.length(), Target.MAX_INSPECT);
        }
        if (inspect > limits.maxInspectTotal()) {
            ctx.anomaly(Anomaly.Kind.INSPECTION_BUDGET_EXCEEDED, "request",
                    inspect + " characters to inspect, budget " + limits.maxInspectTotal());
        }
        this.params = List.copyOf(ctx.params());
        this.anomalies = List.copyOf(ctx.anomalies());
    }

    /** Lower-case names, each once (names that differ only in case are one header), immutable value lists. */
    private static Map<String, List<String>> normalizedHeaders(Map<String, List<String>> given) {
        Map<String, List<String>> h = new LinkedHashMap<>(given.size() * 2);
        given.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            List<String> before = h.putIfAbsent(key, List.copyOf(values));
            if (before != null) {
                List<String> merged = new ArrayList<>(before);
                merged.addAll(values);
                h.put(key, List.copyOf(merged));
            }
        });
        return Collections.unmodifiableMap(h);
    }

    private static boolean allLowerCase(Iterable<String> names) {
        for (String name : names) {
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c >= 'A' && c <= 'Z' || c >= 0x80) {
                    return false;
                }
            }
        }
        return true;
    }

    public static Builder builder() {
        return new Builder();
    }

    private void parseBody(ParseContext ctx) {
        if (body.length == 0) {
            return;
        }
        if (contentType.isForm()) {
            // ASCII without NUL (the usual form) lets long values be decoded only where inspected
            String text = LenientUtf8.asciiWithoutNul(body, 0, body.length);
            boolean ascii = text != null;
            if (!ascii) {
                text = LenientUtf8.decode(body, 0, body.length, DecodeListener.IGNORE);
            }
            UrlEncodedParser.parse(text, ascii ? body : null, Location.FORM_ARG, Location.FORM_ARG_NAME, "body", ctx);
        } else if (contentType.isMultipart()) {
            MultipartParser.parse(body, body.length, contentType.param("boundary"), bodyTruncated, ctx);
        } else if (contentType.isJson() || contentType.isXml()) {
            // a body cut at the inspection limit is parsed as the head of a document (JsonParser, XmlScanner)
            int length = bodyTruncated ? Utf8Head.completeLength(body, 0, body.length) : body.length;
            String text = LenientUtf8.decode(body, 0, length, ctx.listener("body"));
            if (contentType.isJson()) {
                JsonParser.parse(text, bodyTruncated, ctx);
            } else {
                XmlScanner.scan(text, bodyTruncated, ctx);
            }
        }
    }

    /** {@code http://host/p} (absolute form) becomes {@code /p}; the origin form is kept as is. */
    private static String originForm(String p) {
        int scheme = p.indexOf("://");
        if (scheme > 0 && scheme < 10 && !p.startsWith("/")) {
            int slash = p.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : p.substring(slash);
        }
        return p;
    }

    private static void checkTarget(String target, ParseContext ctx) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '#') {
                ctx.anomaly(Anomaly.Kind.MALFORMED_REQUEST_TARGET, "target",
                        c == '#' ? "fragment in request target" : "control or space character in request target");
                return;
            }
        }
        if (!target.startsWith("/") && !target.equals("*") && !target.contains("://")) {
            ctx.anomaly(Anomaly.Kind.MALFORMED_REQUEST_TARGET, "target", "not origin or absolute form");
        }
    }

    // ---- the original components ----

    public String requestId() {
        return requestId;
    }

    public String method() {
        return method;
    }

    /** The request path as sent, not decoded (origin form, without the query). */
    public String path() {
        return path;
    }

    /** The raw query string without {@code ?}, empty when none. */
    public String query() {
        return query;
    }

    /** Header name (lower case) to its values, in order. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    public InetAddress clientAddress() {
        return clientAddress;
    }

    public String sessionState() {
        return sessionState;
    }

    // ---- added for rules ----

    /** The session id from Tandem's cookie, empty when there is none; keys session-scoped period blocks. */
    public String sessionId() {
        return sessionId;
    }

    /** The request target exactly as sent ({@code /a/b?x=1}). */
    public String rawTarget() {
        return rawTarget;
    }

    /** {@code HTTP/1.1}, {@code HTTP/2.0}, ...; empty when the caller did not say. */
    public String protocol() {
        return protocol;
    }

    /** The path percent-decoded once (a {@code +} stays a plus). */
    public String decodedPath() {
        return decodedPath;
    }

    /** The decoded path with {@code .}, {@code ..}, empty segments and backslashes resolved. */
    public String normalizedPath() {
        return normalizedPath;
    }

    /** The first value of a header (name case-insensitive), or the empty string. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** All values of a header (name case-insensitive); empty when absent. */
    public List<String> headerValues(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? List.of() : values;
    }

    public ContentType contentType() {
        return contentType;
    }

    /** The inspected body bytes (a copy), at most {@link ParseLimits#maxBodyInspect()} long. */
    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    /** Whether the body was longer than what is inspected here. */
    public boolean bodyTruncated() {
        return bodyTruncated;
    }

    /** Every parsed value: arguments and their names, JSON and XML fields, multipart fields, file names, cookies. */
    public List<Param> params() {
        return params;
    }

    /** The parsed values from one location, in request order. */
    public List<Param> params(Location location) {
        List<Param> out = new ArrayList<>();
        for (Param p : params) {
            if (p.location() == location) {
                out.add(p);
            }
        }
        return out;
    }

    public List<Param> queryArgs() {
        return params(Location.QUERY_ARG);
    }

    public List<Param> formArgs() {
        return params(Location.FORM_ARG);
    }

    public List<Param> jsonFields() {
        return params(Location.JSON_VALUE);
    }

    public List<Param> multipartFields() {
        return params(Location.MULTIPART_VALUE);
    }

    public List<Param> fileNames() {
        return params(Location.FILE_NAME);
    }

    public List<Param> cookies() {
        return params(Location.COOKIE);
    }

    /** Number of arguments (query, form, multipart, JSON and XML values). */
    public int argumentCount() {
        int n = 0;
        for (Param p : params) {
            if (p.location().isArgValue()) {
                n++;
            }
        }
        return n;
    }

    /** Malformed encodings, parse failures and exceeded parse limits, in the order found. */
    public List<Anomaly> anomalies() {
        return anomalies;
    }

    public boolean hasAnomaly(Anomaly.Kind kind) {
        for (Anomaly a : anomalies) {
            if (a.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    public ParseLimits limits() {
        return limits;
    }

    /**
     * The values signature rules inspect: the path, argument values and names, cookies and their
     * names, file names, application headers (not protocol headers such as Accept or Cookie), the
     * body as text when no parser understood it, and the base64-decoded text of values that are
     * base64 text.
     */
    public List<Target> targets() {
        List<Target> t = targets;
        if (t == null) {
            t = buildTargets();
            targets = t;
        }
        return t;
    }

    /** {@link #targets()} if something asked for them already, else an empty list (nothing is built). */
    public List<Target> targetsIfBuilt() {
        List<Target> t = targets;
        return t == null ? List.of() : t;
    }

    private List<Target> buildTargets() {
        List<Target> out = new BudgetedList(limits.maxInspectTotal(), params.size() + headers.size() + 4);
        String p = decodedPath.startsWith("/") ? decodedPath.substring(1) : decodedPath;
        if (!p.isEmpty()) {
            out.add(new Target(Location.PATH, "", p, ""));
        }
        for (Param param : params) {
            out.add(Target.of(param));
        }
        if (query.indexOf('&') >= 0) {
            out.add(new Target(Location.QUERY_STRING, "", UrlDecode.decode(query, true, DecodeListener.IGNORE), ""));
        }
        headers.forEach((name, values) -> {
            if (!PROTOCOL_HEADERS.contains(name) && !name.startsWith("sec-")) {
                for (String v : values) {
                    out.add(new Target(Location.HEADER, name, v, ""));
                }
            }
        });
        if (body.length > 0 && !parsedBody() && textual()) {
            String text = LenientUtf8.decode(body, 0, body.length, DecodeListener.IGNORE);
            if (mostlyText(text)) {
                out.add(new Target(Location.BODY, "", text, ""));
            }
        }
        int direct = out.size();
        for (int i = 0; i < direct; i++) {
            Target t = out.get(i);
            if (t.location() == Location.PATH) {
                for (int from = 0, slash; from <= p.length(); from = slash + 1) {
                    slash = p.indexOf('/', from);
                    if (slash < 0) {
                        slash = p.length();
                    }
                    addBase64(out, t, p.substring(from, slash));
                }
            } else if (t.location() == Location.BODY) {
                // an unparsed body: try its words (k=v pairs of a text/plain form, tokens of a log line)
                String text = t.value();
                int tried = 0;
                int start = 0;
                for (int k = 0; k <= text.length() && tried < 64; k++) {
                    char c = k < text.length() ? text.charAt(k) : ' ';
                    if (c == '&' || c == '=' || c == ';' || c == ',' || Character.isWhitespace(c)) {
                        if (k - start >= 8) {
                            tried++;
                            addBase64(out, t, text.substring(start, k));
                        }
                        start = k + 1;
                    }
                }
            } else if (t.location() != Location.QUERY_STRING) {
                addBase64(out, t, t.value());
            }
        }
        return List.copyOf(out);
    }

    /** Whether an unparsed body may hold text worth inspecting (not an image or an octet stream). */
    private boolean textual() {
        String type = contentType.mediaType();
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.contains("graphql") || type.contains("javascript") || type.contains("form");
    }

    /** Fewer than 10 % replacement or control characters: text, not binary data decoded by accident. */
    private static boolean mostlyText(String text) {
        int bad = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\ufffd' || c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                bad++;
            }
        }
        return bad * 10 < text.length();
    }

    /**
     * A target list that stops accepting values once their inspected length reaches the budget
     * (the request carries {@link Anomaly.Kind#INSPECTION_BUDGET_EXCEEDED} then), so that a
     * request full of huge arguments cannot buy unbounded detector time.
     */
    private static final class BudgetedList extends ArrayList<Target> {
        private final long budget;
        private long used;

        BudgetedList(long budget, int capacity) {
            super(capacity);
            this.budget = budget;
        }

        @Override
        public boolean add(Target t) {
            if (used >= budget) {
                return false;
            }
            used += t.value().length();
            return super.add(t);
        }
    }

    private boolean parsedBody() {
        if (contentType.isForm()) {
            return true;
        }
        if (contentType.isMultipart()) {
            return !hasAnomaly(Anomaly.Kind.MULTIPART_NO_BOUNDARY) && !hasAnomaly(Anomaly.Kind.MULTIPART_MALFORMED);
        }
        if (contentType.isJson()) {
            return !hasAnomaly(Anomaly.Kind.JSON_MALFORMED);
        }
        return false;
    }

    private static void addBase64(List<Target> out, Target from, String value) {
        String text = BASE64.decodeText(value);
        if (text != null) {
            out.add(new Target(from.location(), from.name(), text, "base64"));
        }
    }

    @Override
    public String toString() {
        return "RequestView[" + requestId + " " + method + " " + Excerpts.escape(rawTarget, 200) + "]";
    }

    /** Collects the parts of a request; {@link #build()} parses them. Not thread-safe. */
    public static final class Builder {
        private String requestId = "-";
        private String method = "GET";
        private String path = "/";
        private String query = "";
        private String rawTarget;
        private String protocol = "";
        private Map<String, List<String>> headers = Map.of();
        private boolean headersOwned;
        private InetAddress clientAddress;
        private String sessionState = "none";
        private String sessionId = "";
        private byte[] body = new byte[0];
        private boolean bodyOwned;
        private boolean bodyTruncated;
        private ParseLimits limits = ParseLimits.DEFAULTS;

        private Builder() {
        }

        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** The path as sent (not decoded); ignored when {@link #rawTarget} is given. */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** The raw query without {@code ?}; ignored when {@link #rawTarget} is given. */
        public Builder query(String query) {
            this.query = query;
            return this;
        }

        /** The request target exactly as sent, e.g. {@code /a%20b?x=1}; path and query are split from it. */
        public Builder rawTarget(String rawTarget) {
            this.rawTarget = rawTarget;
            return this;
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        /** Header name (any case) to values; names are lower-cased and merged. */
        public Builder headers(Map<String, List<String>> headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            this.headersOwned = false;
            return this;
        }

        /**
         * As {@link #headers}, for a map made for this view alone (the proxy builds one per
         * request): with lower-case names (checked) and immutable value lists, the view keeps it
         * instead of copying it. The caller must not change it afterwards.
         */
        public Builder ownedHeaders(Map<String, List<String>> headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            this.headersOwned = true;
            return this;
        }

        public Builder clientAddress(InetAddress clientAddress) {
            this.clientAddress = clientAddress;
            return this;
        }

        public Builder sessionState(String sessionState) {
            this.sessionState = sessionState;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /**
         * The body bytes read so far (the caller stops reading at its inspection limit) and whether
         * more followed. The array is copied, cut to {@link ParseLimits#maxBodyInspect()}.
         */
        public Builder body(byte[] body, boolean truncated) {
            this.body = Objects.requireNonNull(body, "body");
            this.bodyOwned = false;
            this.bodyTruncated = truncated;
            return this;
        }

        /**
         * As {@link #body}, for an array made for this view alone (the proxy copies each request's
         * body head once): the view keeps it instead of copying it again. The caller must not
         * change it afterwards.
         */
        public Builder ownedBody(byte[] body, boolean truncated) {
            body(body, truncated);
            this.bodyOwned = true;
            return this;
        }

        public Builder limits(ParseLimits limits) {
            this.limits = limits;
            return this;
        }

        public RequestView build() {
            return new RequestView(this);
        }
    }
}
