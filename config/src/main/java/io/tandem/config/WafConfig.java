package io.tandem.config;

import java.time.Duration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code waf:} section: how requests are inspected and what the rules do. Immutable and
 * validated when the file is read ({@code docs/configuration.md}, section {@code waf}); the
 * waf-rules module maps it onto its engine settings ({@code io.tandem.waf.WafSettingsMapper}).
 *
 * <p><b>Absence.</b> {@link TandemConfig#waf()} is never {@code null}. Without a {@code waf:}
 * section it is {@link #defaults()}: blocking mode, default limits and protocol constraints,
 * every built-in rule on with its default action, no lists, no exceptions, no session rules.
 *
 * <p><b>Ids.</b> Rule ids appear in verdicts, logs and the admin API. The ids of IP lists, URL
 * access rules and session rules are unique among all of them and differ from the
 * {@link #BUILT_IN_RULE_IDS} and {@link #PERIOD_BLOCK_RULE_ID}; exception ids are unique among
 * exceptions.
 *
 * @param enabled      {@code waf.enabled}: false turns every rule off (no inspection at all, the
 *                     request goes straight to the backend); for troubleshooting and for measuring
 *                     what inspection costs
 * @param monitorMode  log what would be blocked, never block
 * @param limits       how much of a request the parsers read
 * @param protocol     HTTP protocol constraints
 * @param rules        overrides per built-in rule id, in file order; ids absent keep their defaults
 * @param ipLists      trusted and blocked networks, evaluated first, in order
 * @param urlAccess    URL access rules, evaluated after period blocks, in order
 * @param exceptions   exceptions for false positives
 * @param sessionRules start pages, page order and rate limits (enforced by the session rules engine)
 */
public record WafConfig(
        boolean enabled,
        boolean monitorMode,
        Limits limits,
        Protocol protocol,
        Map<String, RuleOverride> rules,
        List<IpList> ipLists,
        List<UrlAccess> urlAccess,
        List<ExceptionRule> exceptions,
        SessionRulesConfig sessionRules) {

    /**
     * The ids of the built-in rules, in evaluation order ({@code docs/rules.md}, section 2): what
     * {@code rules:} and {@code exceptions[].rules} may name. A test in waf-rules keeps this list
     * equal to the rules the engine builds.
     */
    public static final List<String> BUILT_IN_RULE_IDS = List.of(
            "http-method", "http-version", "http-request-target", "http-host", "http-smuggling", "http-content-length",
            "http-header-name", "http-header-value", "http-content-type", "http-range", "http-connection",
            "http-body-in-get", "http-missing-content-length", "http-file-extension", "http-encoding", "http-body-parse",
            "http-parse-limits", "http-body-over-inspect-limit", "http-header-count", "http-header-length",
            "http-url-length", "http-arg-count", "http-arg-name-length", "http-arg-value-length", "http-args-length",
            "http-body-length", "http-cookie-count",
            "scanner", "http-splitting", "sqli", "xss", "lfi", "rfi", "rce", "php", "java", "node", "ssrf", "xxe", "ssti",
            "ssi", "nosqli", "ldapi", "session-fixation");

    /** The id of the rule that refuses clients and sessions an earlier period-block action shut out. */
    public static final String PERIOD_BLOCK_RULE_ID = "period-block";

    private static final WafConfig DEFAULTS = new WafConfig(true, false, Limits.DEFAULTS, Protocol.DEFAULTS, Map.of(),
            List.of(), List.of(), List.of(), SessionRulesConfig.defaults());

    public WafConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(protocol, "protocol");
        rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        ipLists = List.copyOf(ipLists);
        urlAccess = List.copyOf(urlAccess);
        exceptions = List.copyOf(exceptions);
        Objects.requireNonNull(sessionRules, "sessionRules");
    }

    /** The configuration of a file without a {@code waf:} section. */
    public static WafConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Bounds on how much of a request the parsers read ({@code waf.limits}). Beyond a bound,
     * parsing stops and records an anomaly; the protocol rules decide what happens.
     *
     * @param maxArgs           query + form + multipart + JSON + XML values, 1..100000
     * @param maxArgNameLength  longer names are cut, 16..1MiB
     * @param maxArgValueLength longer values are inspected as head and tail, 64..16MiB
     * @param maxCookies        1..10000
     * @param maxJsonDepth      1..512
     * @param maxXmlDepth       1..512
     * @param maxMultipartParts 1..10000
     * @param bodyInspect       bytes of the body the proxy buffers and the parsers read, 0..64MiB
     * @param inspectBudget     characters the signatures inspect per request, 1KiB..64MiB
     * @param bodyInspectTimeout how long a client may take to send the inspected head of a body
     *                           (what {@code bodyInspect} buffers), from the end of its request head,
     *                           1s..10m; beyond it the request is answered 408
     */
    public record Limits(int maxArgs, int maxArgNameLength, int maxArgValueLength, int maxCookies, int maxJsonDepth,
            int maxXmlDepth, int maxMultipartParts, int bodyInspect, int inspectBudget, Duration bodyInspectTimeout) {

        public static final Limits DEFAULTS = new Limits(1024, 1024, 64 << 10, 128, 32, 64, 256, 1 << 20, 256 << 10,
                Duration.ofSeconds(30));

        public Limits {
            java.util.Objects.requireNonNull(bodyInspectTimeout, "bodyInspectTimeout");
        }
    }

    /**
     * HTTP protocol constraints ({@code waf.protocol}, FortiWeb's "HTTP protocol constraints").
     * Names in the lists are normalized: methods as written (upper case), everything else lower case.
     *
     * @param maxHeaderCount       header lines, 1..10000
     * @param maxHeaderLineLength  one header line, name and value, 64..1MiB
     * @param maxHeadersLength     all header lines together, 64..16MiB
     * @param maxUrlLength         the request target, 64..1MiB
     * @param maxArgCount          arguments, 1..100000
     * @param maxArgNameLength     one argument name, 1..1MiB
     * @param maxArgValueLength    one argument value, 1..1GiB
     * @param maxArgsLength        all argument names and values together, 1..16GiB
     * @param maxBodyLength        the declared or seen body length, 0..16GiB
     * @param maxCookieCount       cookies, 1..10000
     * @param maxRanges            ranges in a Range header, 1..100
     * @param allowedMethods       methods; empty: any
     * @param allowedContentTypes  request media types, {@code type/*} and {@code type/*+suffix} wildcards; empty: any
     * @param allowedCharsets      charsets in Content-Type; empty: any
     * @param restrictedHeaders    header names that are refused
     * @param restrictedExtensions file extensions, with the dot, that are refused
     * @param rejectIpHost         refuse a Host header that is an IP address
     */
    public record Protocol(int maxHeaderCount, int maxHeaderLineLength, int maxHeadersLength, int maxUrlLength,
            int maxArgCount, int maxArgNameLength, int maxArgValueLength, long maxArgsLength, long maxBodyLength,
            int maxCookieCount, int maxRanges, List<String> allowedMethods, List<String> allowedContentTypes,
            List<String> allowedCharsets, List<String> restrictedHeaders, List<String> restrictedExtensions,
            boolean rejectIpHost) {

        public static final Protocol DEFAULTS = new Protocol(100, 8192, 65_536, 8192, 1000, 256, 1 << 20, 16L << 20,
                32L << 20, 128, 5,
                List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
                List.of("application/x-www-form-urlencoded", "multipart/form-data", "application/json",
                        "application/*+json", "text/json", "application/xml", "text/xml", "application/*+xml",
                        "text/plain", "application/octet-stream", "application/graphql", "application/csp-report",
                        "application/reports+json", "application/x-amf", "image/*", "video/*", "audio/*"),
                List.of("utf-8", "iso-8859-1", "iso-8859-15", "windows-1252", "us-ascii"),
                List.of("proxy-connection", "lock-token", "content-range", "if", "translate", "x-original-url",
                        "x-rewrite-url"),
                List.of(".bak", ".backup", ".old", ".orig", ".sql", ".sqlite", ".db", ".mdb", ".swp", ".swo", ".tmp",
                        ".temp", ".log", ".ini", ".conf", ".config", ".cfg", ".dist", ".save", ".passwd", ".pem",
                        ".key", ".crt", ".p12", ".pfx", ".git", ".svn", ".htaccess", ".htpasswd", ".ds_store", ".env",
                        ".idea", ".dump", ".tar", ".gz", ".tgz", ".zip", ".rar", ".7z"),
                false);

        public Protocol {
            allowedMethods = List.copyOf(allowedMethods);
            allowedContentTypes = List.copyOf(allowedContentTypes);
            allowedCharsets = List.copyOf(allowedCharsets);
            restrictedHeaders = List.copyOf(restrictedHeaders);
            restrictedExtensions = List.copyOf(restrictedExtensions);
        }
    }

    /** How bad a match is (shown in the attack log). */
    public enum Severity {
        LOW, MEDIUM, HIGH, CRITICAL
    }

    /** Whether an IP list or URL access rule trusts or refuses what it matches. */
    public enum AccessType {
        /** Trusted: every later rule is skipped and the request passes. */
        ALLOW,
        /** Refused with the rule's action. */
        DENY
    }

    /**
     * Overrides for one built-in rule ({@code waf.rules.<id>}).
     *
     * @param enabled  whether the rule runs (default true)
     * @param action   the action, {@code null} for the rule's default
     * @param severity the severity, {@code null} for the rule's default
     */
    public record RuleOverride(boolean enabled, WafAction action, Severity severity) {
    }

    /**
     * A list of networks ({@code waf.ip-lists[]}).
     *
     * @param id       rule id
     * @param type     allow (trusted) or deny
     * @param networks 1..10000 addresses or CIDRs
     * @param action   the action of a deny list (default alert-deny); always alert-deny for an allow list, unused
     */
    public record IpList(String id, AccessType type, List<Cidr> networks, WafAction action) {
        public IpList {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            networks = List.copyOf(networks);
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * A URL access rule ({@code waf.url-access[]}); at least one of host and path is set.
     *
     * @param id     rule id
     * @param host   the host, {@code null} for any
     * @param path   the normalized path, {@code null} for any
     * @param type   allow (trusted) or deny
     * @param action the action of a deny rule (default alert-deny); always alert-deny for an allow rule, unused
     */
    public record UrlAccess(String id, WafPattern host, WafPattern path, AccessType type, WafAction action) {
        public UrlAccess {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * An exception for false positives ({@code waf.exceptions[]}): on matching requests the listed
     * rules skip the listed arguments, or do not run at all when no arguments are listed.
     *
     * @param id      name for logs, unique among exceptions
     * @param rules   built-in rule ids, or {@code *} for every rule; at least one, distinct
     * @param host    the host, {@code null} for any
     * @param path    the normalized path, {@code null} for any
     * @param methods methods (upper case); empty: any
     * @param args    argument names, {@code *} as a wildcard; empty: the whole rule is skipped
     */
    public record ExceptionRule(String id, List<String> rules, WafPattern host, WafPattern path, List<String> methods,
            List<String> args) {
        public ExceptionRule {
            Objects.requireNonNull(id, "id");
            rules = List.copyOf(rules);
            methods = List.copyOf(methods);
            args = List.copyOf(args);
        }
    }
}
