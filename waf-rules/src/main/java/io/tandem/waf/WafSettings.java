package io.tandem.waf;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link RuleSet} needs to build the rule engine; the proxy maps the {@code waf:}
 * section of the YAML configuration onto it (see {@code docs/rules.md}). Plain data: values are
 * checked when {@link RuleSet#build} runs, which reports every problem at once.
 *
 * @param monitorMode  log what would be blocked, never block
 * @param parseLimits  how much of a request the parsers read
 * @param protocol     protocol-constraint limits and lists
 * @param rules        per built-in rule id: enabled, action, severity (absent ids keep their defaults)
 * @param ipLists      trusted (allow) and blocked (deny) networks, in order
 * @param urlAccess    URL access rules, in order
 * @param exceptions   false-positive exceptions per rule, URL and argument
 */
public record WafSettings(
        boolean monitorMode,
        ParseLimits parseLimits,
        Protocol protocol,
        Map<String, RuleSettings> rules,
        List<IpList> ipLists,
        List<UrlAccess> urlAccess,
        List<ExceptionSettings> exceptions) {

    public WafSettings {
        Objects.requireNonNull(parseLimits, "parseLimits");
        Objects.requireNonNull(protocol, "protocol");
        rules = Map.copyOf(rules);
        ipLists = List.copyOf(ipLists);
        urlAccess = List.copyOf(urlAccess);
        exceptions = List.copyOf(exceptions);
    }

    /** Every rule on with its default action, no lists, no exceptions, blocking mode. */
    public static WafSettings defaults() {
        return new WafSettings(false, ParseLimits.DEFAULTS, Protocol.DEFAULTS, Map.of(), List.of(), List.of(), List.of());
    }

    public WafSettings withMonitorMode(boolean monitor) {
        return new WafSettings(monitor, parseLimits, protocol, rules, ipLists, urlAccess, exceptions);
    }

    public WafSettings withRules(Map<String, RuleSettings> newRules) {
        return new WafSettings(monitorMode, parseLimits, protocol, newRules, ipLists, urlAccess, exceptions);
    }

    public WafSettings withIpLists(List<IpList> lists) {
        return new WafSettings(monitorMode, parseLimits, protocol, rules, lists, urlAccess, exceptions);
    }

    public WafSettings withUrlAccess(List<UrlAccess> access) {
        return new WafSettings(monitorMode, parseLimits, protocol, rules, ipLists, access, exceptions);
    }

    public WafSettings withExceptions(List<ExceptionSettings> list) {
        return new WafSettings(monitorMode, parseLimits, protocol, rules, ipLists, urlAccess, list);
    }

    public WafSettings withProtocol(Protocol p) {
        return new WafSettings(monitorMode, parseLimits, p, rules, ipLists, urlAccess, exceptions);
    }

    /**
     * Overrides for one built-in rule.
     *
     * @param enabled  whether the rule runs
     * @param action   the action, {@code null} for the rule's default
     * @param severity the severity, {@code null} for the rule's default
     */
    public record RuleSettings(boolean enabled, Action action, Severity severity) {

        public static RuleSettings disabled() {
            return new RuleSettings(false, null, null);
        }

        public static RuleSettings action(Action action) {
            return new RuleSettings(true, action, null);
        }
    }

    /**
     * Protocol constraints (FortiWeb's "HTTP protocol constraints").
     *
     * @param maxHeaderCount       header lines
     * @param maxHeaderLineLength  one header line, name and value
     * @param maxHeadersLength     all header lines together
     * @param maxUrlLength         the request target
     * @param maxArgCount          arguments (query, form, multipart, JSON, XML values)
     * @param maxArgNameLength     one argument name
     * @param maxArgValueLength    one argument value
     * @param maxArgsLength        all argument names and values together
     * @param maxBodyLength        the declared or seen body length
     * @param maxCookieCount       cookies
     * @param maxRanges            ranges in a Range header
     * @param allowedMethods       methods (empty: any token)
     * @param allowedContentTypes  request media types ({@code type/*} and {@code type/*+suffix} wildcards; empty: any)
     * @param allowedCharsets      charsets in Content-Type (empty: any)
     * @param restrictedHeaders    header names (lower case) that are refused
     * @param restrictedExtensions file extensions (with the dot, lower case) that are refused
     * @param rejectIpHost         refuse a Host header that is an IP address
     */
    public record Protocol(int maxHeaderCount, int maxHeaderLineLength, int maxHeadersLength, int maxUrlLength,
            int maxArgCount, int maxArgNameLength, int maxArgValueLength, long maxArgsLength, long maxBodyLength,
            int maxCookieCount, int maxRanges, Set<String> allowedMethods, Set<String> allowedContentTypes,
            Set<String> allowedCharsets, Set<String> restrictedHeaders, Set<String> restrictedExtensions,
            boolean rejectIpHost) {

        public static final Protocol DEFAULTS = new Protocol(100, 8192, 65_536, 8192, 1000, 256, 1 << 20, 16L << 20,
                32L << 20, 128, 5,
                Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
                Set.of("application/x-www-form-urlencoded", "multipart/form-data", "application/json", "application/*+json",
                        "text/json", "application/xml", "text/xml", "application/*+xml", "text/plain",
                        "application/octet-stream", "application/graphql", "application/csp-report",
                        "application/reports+json", "application/x-amf", "image/*", "video/*", "audio/*"),
                Set.of("utf-8", "iso-8859-1", "iso-8859-15", "windows-1252", "us-ascii"),
                Set.of("proxy-connection", "lock-token", "content-range", "if", "translate", "x-original-url",
                        "x-rewrite-url"),
                Set.of(".bak", ".backup", ".old", ".orig", ".sql", ".sqlite", ".db", ".mdb", ".swp", ".swo", ".tmp",
                        ".temp", ".log", ".ini", ".conf", ".config", ".cfg", ".dist", ".save", ".passwd", ".pem",
                        ".key", ".crt", ".p12", ".pfx", ".git", ".svn", ".htaccess", ".htpasswd", ".ds_store", ".env",
                        ".idea", ".dump", ".tar", ".gz", ".tgz", ".zip", ".rar", ".7z"),
                false);

        public Protocol {
            allowedMethods = Set.copyOf(allowedMethods);
            allowedContentTypes = Set.copyOf(allowedContentTypes);
            allowedCharsets = Set.copyOf(allowedCharsets);
            restrictedHeaders = Set.copyOf(restrictedHeaders);
            restrictedExtensions = Set.copyOf(restrictedExtensions);
        }
    }

    /**
     * A list of networks that is trusted (skips every other rule) or blocked.
     *
     * @param id       stable rule id
     * @param allow    true for a trusted list, false for a blocked one
     * @param networks IPv4/IPv6 addresses or CIDRs
     * @param action   the action for a blocked list ({@code null}: alert-deny); ignored when trusted
     */
    public record IpList(String id, boolean allow, List<String> networks, Action action) {
        public IpList {
            Objects.requireNonNull(id, "id");
            networks = List.copyOf(networks);
        }
    }

    /**
     * A URL access rule: host and path, each plain (exact, or prefix with a trailing {@code *}) or
     * RE2 regex; allow (skip every later rule) or deny with an action.
     *
     * @param id        stable rule id
     * @param host      the host, {@code null} for any
     * @param hostRegex whether {@code host} is a regex
     * @param path      the normalized path, {@code null} for any
     * @param pathRegex whether {@code path} is a regex
     * @param allow     allow (trust) or deny
     * @param action    the action for deny ({@code null}: alert-deny)
     */
    public record UrlAccess(String id, String host, boolean hostRegex, String path, boolean pathRegex, boolean allow,
            Action action) {
        public UrlAccess {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * An exception: on matching requests the listed rules skip the listed arguments, or do not run
     * at all when no arguments are listed.
     *
     * @param id        name for logs
     * @param rules     rule ids, or {@code *}
     * @param host      host, {@code null} for any
     * @param hostRegex whether {@code host} is a regex
     * @param path      normalized path, {@code null} for any
     * @param pathRegex whether {@code path} is a regex
     * @param methods   methods, empty for any
     * @param args      argument names ({@code *} wildcard), empty for the whole rule
     */
    public record ExceptionSettings(String id, List<String> rules, String host, boolean hostRegex, String path,
            boolean pathRegex, List<String> methods, List<String> args) {
        public ExceptionSettings {
            Objects.requireNonNull(id, "id");
            rules = List.copyOf(rules);
            methods = List.copyOf(methods);
            args = List.copyOf(args);
        }
    }
}
