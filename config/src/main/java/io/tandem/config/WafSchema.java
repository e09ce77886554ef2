package io.tandem.config;

import com.google.re2j.PatternSyntaxException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The keys of the {@code waf:} section, their defaults and constraints, in the order of
 * {@code docs/configuration.md}. Like {@link Schema}, it reports every problem and checks
 * relations only between values that are valid on their own. Everything the rule engine would
 * refuse is refused here, with a line: a file this accepts always builds the engine.
 */
final class WafSchema {

    static final List<String> WAF_KEYS = List.of("enabled", "monitor-mode", "limits", "protocol", "rules", "ip-lists",
            "url-access", "exceptions", "session-rules");
    static final List<String> LIMITS_KEYS = List.of("max-args", "max-arg-name-length", "max-arg-value-length",
            "max-cookies", "max-json-depth", "max-xml-depth", "max-multipart-parts", "body-inspect", "inspect-budget",
            "body-inspect-timeout");
    static final List<String> PROTOCOL_KEYS = List.of("max-header-count", "max-header-line-length",
            "max-headers-length", "max-url-length", "max-arg-count", "max-arg-name-length", "max-arg-value-length",
            "max-args-length", "max-body-length", "max-cookie-count", "max-ranges", "allowed-methods",
            "allowed-content-types", "allowed-charsets", "restricted-headers", "restricted-extensions", "reject-ip-host");
    static final List<String> ACTION_KEYS = List.of("action", "deny-status", "redirect-url", "block-period", "block-by");
    static final List<String> RULE_KEYS = keys(List.of("enabled"), ACTION_KEYS, List.of("severity"));
    static final List<String> IP_LIST_KEYS = keys(List.of("id", "type", "networks"), ACTION_KEYS);
    static final List<String> URL_ACCESS_KEYS = keys(List.of("id", "host", "path", "type"), ACTION_KEYS);
    static final List<String> EXCEPTION_KEYS = List.of("id", "rules", "host", "path", "methods", "args");
    static final List<String> REGEX_KEYS = List.of("regex");
    static final List<String> SESSION_RULES_KEYS = List.of("after-failover", "start-pages", "page-order", "rate-limits");
    static final List<String> START_PAGE_KEYS = keys(List.of("id", "applies-to", "pages"), ACTION_KEYS);
    static final List<String> PAGE_ORDER_KEYS = keys(List.of("id", "steps"), ACTION_KEYS);
    static final List<String> RATE_LIMIT_KEYS = keys(List.of("id", "path", "methods", "max-requests", "window", "per"),
            ACTION_KEYS);

    private static final String RULE_IDS = "the built-in rule ids (docs/rules.md, section 2)";
    private static final String ACTION_EXPECTED = "one of alert, alert-deny, deny-no-log, send-403, redirect, period-block";
    private static final String SEVERITY_EXPECTED = "one of low, medium, high, critical";
    private static final String BLOCK_BY_EXPECTED = "one of client, session";
    private static final String TYPE_EXPECTED = "one of allow, deny";
    private static final String AFTER_FAILOVER_EXPECTED = "one of allow, restart, checkpoint";
    private static final String PER_EXPECTED = "one of session, client";
    private static final String REDIRECT_EXPECTED = "an http:// or https:// URL, or a path starting with /";
    private static final String PATH_EXPECTED = "a path starting with / (exact, or a prefix ending in *) or { regex: ... }";
    private static final String HOST_EXPECTED = "a host name without port (exact, or a prefix ending in *) or { regex: ... }";
    private static final String REGEX_EXPECTED = "an RE2 regular expression";
    private static final String METHOD_EXPECTED = "an upper-case method name such as GET";
    private static final String ARG_EXPECTED = "an argument name of 1..256 characters, * as a wildcard";

    private static final Map<String, WafAction.Kind> ACTIONS = labels(WafAction.Kind.values(), WafAction.Kind::label);
    private static final Map<String, WafConfig.Severity> SEVERITIES = labels(WafConfig.Severity.values(), Enum::name);
    private static final Map<String, WafAction.BlockBy> BLOCK_BY = labels(WafAction.BlockBy.values(), Enum::name);
    private static final Map<String, WafConfig.AccessType> TYPES = labels(WafConfig.AccessType.values(), Enum::name);
    private static final Map<String, SessionRulesConfig.AfterFailover> AFTER_FAILOVER =
            labels(SessionRulesConfig.AfterFailover.values(), Enum::name);
    private static final Map<String, SessionRulesConfig.Per> PER = labels(SessionRulesConfig.Per.values(), Enum::name);

    private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
    private static final String MEDIA_TOKEN = "[a-z0-9!#$&^_.+-]+";
    private static final Pattern MEDIA_TYPE = Pattern.compile(MEDIA_TOKEN + "/(" + MEDIA_TOKEN + "|\\*|\\*\\+" + MEDIA_TOKEN + ")");
    private static final Pattern CHARSET = Pattern.compile("[a-z0-9!#$%&'+^_`{}~.-]{1,40}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]{1,64}");
    private static final Pattern EXTENSION = Pattern.compile("\\.[a-z0-9_~-]{1,32}");
    private static final Pattern HOST = Pattern.compile("(\\[[0-9a-f:.]+\\]|[a-z0-9_-][a-z0-9_.-]*)\\*?");
    private static final Pattern ARG_NAME = Pattern.compile("[^\\x00-\\x1f\\x7f]{1,256}");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]{1,2048}");

    private static final int MAX_NAMES = 1000;
    private static final int MAX_IP_LISTS = 100;
    private static final int MAX_NETWORKS = 10_000;
    private static final int MAX_URL_ACCESS = 1000;
    private static final int MAX_EXCEPTIONS = 1000;
    private static final int MAX_SESSION_RULES = 100;
    private static final int MAX_PAGES = 64;
    private static final int MAX_STEPS = 16;
    private static final int MAX_PATTERN_LENGTH = 2048;

    private final Binder b;
    /** Rule id to the path of the list item that has it: ip-lists, url-access and session rules share ids. */
    private final Map<String, String> ruleIdOwners = new HashMap<>();

    WafSchema(Binder binder) {
        this.b = binder;
    }

    /** Absent or empty: {@link WafConfig#defaults()}. */
    WafConfig waf(Section root) {
        Section s = b.section(root, "waf", WAF_KEYS);
        if (s.isEmpty()) {
            return WafConfig.defaults();
        }
        boolean enabled = b.bool(s, "enabled", true);
        boolean monitorMode = b.bool(s, "monitor-mode", false);
        return new WafConfig(enabled, monitorMode, limits(s), protocol(s), rules(s), ipLists(s), urlAccess(s), exceptions(s),
                sessionRules(s));
    }

    private WafConfig.Limits limits(Section waf) {
        Section s = b.section(waf, "limits", LIMITS_KEYS);
        WafConfig.Limits d = WafConfig.Limits.DEFAULTS;
        return new WafConfig.Limits(
                b.integer(s, "max-args", d.maxArgs(), 1, 100_000),
                (int) b.size(s, "max-arg-name-length", d.maxArgNameLength(), 16, 1 << 20),
                (int) b.size(s, "max-arg-value-length", d.maxArgValueLength(), 64, 16 << 20),
                b.integer(s, "max-cookies", d.maxCookies(), 1, 10_000),
                b.integer(s, "max-json-depth", d.maxJsonDepth(), 1, 512),
                b.integer(s, "max-xml-depth", d.maxXmlDepth(), 1, 512),
                b.integer(s, "max-multipart-parts", d.maxMultipartParts(), 1, 10_000),
                (int) b.size(s, "body-inspect", d.bodyInspect(), 0, 64 << 20),
                (int) b.size(s, "inspect-budget", d.inspectBudget(), 1 << 10, 64 << 20),
                b.duration(s, "body-inspect-timeout", d.bodyInspectTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(10)));
    }

    private WafConfig.Protocol protocol(Section waf) {
        Section s = b.section(waf, "protocol", PROTOCOL_KEYS);
        WafConfig.Protocol d = WafConfig.Protocol.DEFAULTS;
        return new WafConfig.Protocol(
                b.integer(s, "max-header-count", d.maxHeaderCount(), 1, 10_000),
                (int) b.size(s, "max-header-line-length", d.maxHeaderLineLength(), 64, 1 << 20),
                (int) b.size(s, "max-headers-length", d.maxHeadersLength(), 64, 16 << 20),
                (int) b.size(s, "max-url-length", d.maxUrlLength(), 64, 1 << 20),
                b.integer(s, "max-arg-count", d.maxArgCount(), 1, 100_000),
                (int) b.size(s, "max-arg-name-length", d.maxArgNameLength(), 1, 1 << 20),
                (int) b.size(s, "max-arg-value-length", d.maxArgValueLength(), 1, 1 << 30),
                b.size(s, "max-args-length", d.maxArgsLength(), 1, 16L << 30),
                b.size(s, "max-body-length", d.maxBodyLength(), 0, 16L << 30),
                b.integer(s, "max-cookie-count", d.maxCookieCount(), 1, 10_000),
                b.integer(s, "max-ranges", d.maxRanges(), 1, 100),
                names(s, "allowed-methods", d.allowedMethods(), "a list of methods, [] for any", METHOD_EXPECTED,
                        WafSchema::method),
                names(s, "allowed-content-types", d.allowedContentTypes(), "a list of media types, [] for any",
                        "a media type such as text/plain, type/* or type/*+suffix", lowerCase(MEDIA_TYPE)),
                names(s, "allowed-charsets", d.allowedCharsets(), "a list of charsets, [] for any",
                        "a charset name such as utf-8", lowerCase(CHARSET)),
                names(s, "restricted-headers", d.restrictedHeaders(), "a list of header names, [] for none",
                        "a header name", lowerCase(HEADER_NAME)),
                names(s, "restricted-extensions", d.restrictedExtensions(), "a list of file extensions, [] for none",
                        "a file extension with its dot, such as .bak", lowerCase(EXTENSION)),
                b.bool(s, "reject-ip-host", d.rejectIpHost()));
    }

    /** {@code rules: { <built-in id>: { enabled, action..., severity } }}; empty overrides are left out. */
    private Map<String, WafConfig.RuleOverride> rules(Section waf) {
        Section s = b.section(waf, "rules", WafConfig.BUILT_IN_RULE_IDS, "(unknown rule)", RULE_IDS);
        Map<String, WafConfig.RuleOverride> overrides = new LinkedHashMap<>();
        for (String id : s.keys()) {
            Section r = b.section(s, id, RULE_KEYS);
            if (r.isEmpty()) {
                continue;
            }
            boolean enabled = b.bool(r, "enabled", true);
            WafAction action = action(r, null);
            WafConfig.Severity severity = b.optional(r, "severity", null, SEVERITY_EXPECTED,
                    text -> Schema.keyword(SEVERITIES, text, SEVERITY_EXPECTED));
            overrides.put(id, new WafConfig.RuleOverride(enabled, action, severity));
        }
        return overrides;
    }

    private List<WafConfig.IpList> ipLists(Section waf) {
        return b.list(waf, "ip-lists", List.of(), 0, MAX_IP_LISTS, "a list of at most " + MAX_IP_LISTS + " IP lists",
                (index, path, node) -> {
            Section s = b.mapping(path, "ip-lists", node.line(), node, IP_LIST_KEYS, "a mapping with id, type and networks");
            if (s == null) {
                return null;
            }
            String id = ruleId(s);
            WafConfig.AccessType type = b.required(s, "type", WafConfig.AccessType.DENY, TYPE_EXPECTED,
                    text -> Schema.keyword(TYPES, text, TYPE_EXPECTED));
            List<Cidr> networks = b.requiredDistinctScalars(s, "networks", MAX_NETWORKS,
                    "a list of 1.." + MAX_NETWORKS + " IP addresses or CIDRs", "an IP address or CIDR", "network",
                    Cidr::parseWithExpectation);
            return new WafConfig.IpList(id, type, networks, accessAction(s, type));
        });
    }

    private List<WafConfig.UrlAccess> urlAccess(Section waf) {
        return b.list(waf, "url-access", List.of(), 0, MAX_URL_ACCESS,
                "a list of at most " + MAX_URL_ACCESS + " URL access rules", (index, path, node) -> {
            Section s = b.mapping(path, "url-access", node.line(), node, URL_ACCESS_KEYS,
                    "a mapping with id, type, and host or path");
            if (s == null) {
                return null;
            }
            String id = ruleId(s);
            WafPattern host = pattern(s, "host", true, false);
            WafPattern urlPath = pattern(s, "path", false, false);
            if (!s.has("host") && !s.has("path")) {
                b.rejectSection(s, "(no host or path)", "host, path or both: a rule without them would match every request");
            }
            WafConfig.AccessType type = b.required(s, "type", WafConfig.AccessType.DENY, TYPE_EXPECTED,
                    text -> Schema.keyword(TYPES, text, TYPE_EXPECTED));
            return new WafConfig.UrlAccess(id, host, urlPath, type, accessAction(s, type));
        });
    }

    private List<WafConfig.ExceptionRule> exceptions(Section waf) {
        Map<String, String> idOwners = new HashMap<>();
        return b.list(waf, "exceptions", List.of(), 0, MAX_EXCEPTIONS, "a list of at most " + MAX_EXCEPTIONS + " exceptions",
                (index, path, node) -> {
            Section s = b.mapping(path, "exceptions", node.line(), node, EXCEPTION_KEYS,
                    "a mapping with id, rules and optionally host, path, methods, args");
            if (s == null) {
                return null;
            }
            String id = b.required(s, "id", "", Schema.ID_EXPECTED, Schema::id);
            String owner = b.valid(s, "id") ? idOwners.putIfAbsent(id, s.path()) : null;
            if (owner != null) {
                b.reject(s, "id", id, "a unique exception id; " + owner + " has it too");
            }
            List<String> rules = b.requiredDistinctScalars(s, "rules", WafConfig.BUILT_IN_RULE_IDS.size() + 1,
                    "a list of built-in rule ids, or [*] for every rule", "a built-in rule id or *", "rule id",
                    WafSchema::exceptionRuleId);
            WafPattern host = pattern(s, "host", true, false);
            WafPattern exceptionPath = pattern(s, "path", false, false);
            List<String> methods = methods(s);
            List<String> args = names(s, "args", List.of(), "a list of argument names", ARG_EXPECTED, WafSchema::argName);
            return new WafConfig.ExceptionRule(id, rules, host, exceptionPath, methods, args);
        });
    }

    private SessionRulesConfig sessionRules(Section waf) {
        Section s = b.section(waf, "session-rules", SESSION_RULES_KEYS);
        if (s.isEmpty()) {
            return SessionRulesConfig.defaults();
        }
        SessionRulesConfig.AfterFailover afterFailover = b.optional(s, "after-failover",
                SessionRulesConfig.AfterFailover.CHECKPOINT, AFTER_FAILOVER_EXPECTED,
                text -> Schema.keyword(AFTER_FAILOVER, text, AFTER_FAILOVER_EXPECTED));
        List<SessionRulesConfig.StartPage> startPages = b.list(s, "start-pages", List.of(), 0, MAX_SESSION_RULES,
                "a list of at most " + MAX_SESSION_RULES + " start-page rules", (index, path, node) -> {
            Section r = b.mapping(path, "start-pages", node.line(), node, START_PAGE_KEYS, "a mapping with id and pages");
            if (r == null) {
                return null;
            }
            String id = ruleId(r);
            List<WafPattern> appliesTo = patterns(r, "applies-to", List.of(), 0, MAX_PAGES, false,
                    "a list of at most " + MAX_PAGES + " paths, [] for every path");
            List<WafPattern> pages = patterns(r, "pages", null, 1, MAX_PAGES, false, "a list of 1.." + MAX_PAGES + " paths");
            return new SessionRulesConfig.StartPage(id, appliesTo, pages, action(r, WafAction.alertDeny()));
        });
        List<SessionRulesConfig.PageOrder> pageOrder = b.list(s, "page-order", List.of(), 0, MAX_SESSION_RULES,
                "a list of at most " + MAX_SESSION_RULES + " page-order rules", (index, path, node) -> {
            Section r = b.mapping(path, "page-order", node.line(), node, PAGE_ORDER_KEYS, "a mapping with id and steps");
            if (r == null) {
                return null;
            }
            String id = ruleId(r);
            List<WafPattern> steps = patterns(r, "steps", null, 2, MAX_STEPS, true, "a list of 2.." + MAX_STEPS + " paths");
            return new SessionRulesConfig.PageOrder(id, steps, action(r, WafAction.alertDeny()));
        });
        List<SessionRulesConfig.RateLimit> rateLimits = b.list(s, "rate-limits", List.of(), 0, MAX_SESSION_RULES,
                "a list of at most " + MAX_SESSION_RULES + " rate limits", (index, path, node) -> {
            Section r = b.mapping(path, "rate-limits", node.line(), node, RATE_LIMIT_KEYS,
                    "a mapping with id, path, max-requests and window");
            if (r == null) {
                return null;
            }
            String id = ruleId(r);
            WafPattern limitPath = pattern(r, "path", false, true);
            List<String> methods = methods(r);
            int maxRequests = b.requiredInteger(r, "max-requests", 1, 100_000);
            Duration window = b.requiredDuration(r, "window", Duration.ofSeconds(1), Duration.ofHours(1));
            SessionRulesConfig.Per per = b.optional(r, "per", SessionRulesConfig.Per.SESSION, PER_EXPECTED,
                    text -> Schema.keyword(PER, text, PER_EXPECTED));
            return new SessionRulesConfig.RateLimit(id, limitPath == null ? WafPattern.plain("/") : limitPath, methods,
                    maxRequests, window, per, action(r, WafAction.alertDeny()));
        });
        return new SessionRulesConfig(afterFailover, startPages, pageOrder, rateLimits);
    }

    // ---- shared parts

    /**
     * A rule id: required, unique among IP lists, URL access rules and session rules, and not the id
     * of a built-in rule (verdicts and logs name rules by id).
     */
    private String ruleId(Section s) {
        String id = b.required(s, "id", "", Schema.ID_EXPECTED, Schema::id);
        if (!b.valid(s, "id") || !s.has("id")) {
            return id;
        }
        if (WafConfig.BUILT_IN_RULE_IDS.contains(id) || WafConfig.PERIOD_BLOCK_RULE_ID.equals(id)) {
            b.reject(s, "id", id, "an id other than the built-in rule ids");
            return id;
        }
        String owner = ruleIdOwners.putIfAbsent(id, s.path());
        if (owner != null) {
            b.reject(s, "id", id, "a unique rule id; " + owner + " has it too");
        }
        return id;
    }

    /** An allow list or rule trusts and has no action; a deny one has one, alert-deny by default. */
    private WafAction accessAction(Section s, WafConfig.AccessType type) {
        if (type == WafConfig.AccessType.ALLOW && b.valid(s, "type")) {
            for (String key : ACTION_KEYS) {
                if (s.has(key)) {
                    b.reject(s, key, null, "no " + key + " with type allow: what it matches is trusted");
                }
            }
            return WafAction.alertDeny();
        }
        return action(s, WafAction.alertDeny());
    }

    /**
     * The action keys of a rule: {@code action} with {@code deny-status} (alert-deny and
     * deny-no-log only), {@code redirect-url} (required with redirect, only there),
     * {@code block-period} and {@code block-by} (period-block only).
     *
     * @param dflt the action when {@code action} is absent; {@code null} for a built-in rule, whose
     *             default the engine knows (then the other keys need {@code action} too)
     * @return the action, or {@code null} when {@code action} is absent and {@code dflt} is null
     */
    private WafAction action(Section s, WafAction dflt) {
        WafAction.Kind kind = b.optional(s, "action", dflt == null ? null : dflt.kind(), ACTION_EXPECTED,
                text -> Schema.keyword(ACTIONS, text, ACTION_EXPECTED));
        int status = b.integer(s, "deny-status", WafAction.DEFAULT_DENY_STATUS, 400, 599);
        URI redirect = b.optional(s, "redirect-url", null, REDIRECT_EXPECTED, WafSchema::redirectUrl);
        Duration period = b.duration(s, "block-period", WafAction.DEFAULT_BLOCK_PERIOD, WafAction.MIN_BLOCK_PERIOD,
                WafAction.MAX_BLOCK_PERIOD);
        WafAction.BlockBy blockBy = b.optional(s, "block-by", WafAction.BlockBy.CLIENT, BLOCK_BY_EXPECTED,
                text -> Schema.keyword(BLOCK_BY, text, BLOCK_BY_EXPECTED));
        if (!b.valid(s, "action")) {
            return dflt; // only after a reported problem
        }
        onlyWith(s, "deny-status", kind == WafAction.Kind.ALERT_DENY || kind == WafAction.Kind.DENY_NO_LOG,
                "alert-deny or deny-no-log");
        onlyWith(s, "redirect-url", kind == WafAction.Kind.REDIRECT, "redirect");
        onlyWith(s, "block-period", kind == WafAction.Kind.PERIOD_BLOCK, "period-block");
        onlyWith(s, "block-by", kind == WafAction.Kind.PERIOD_BLOCK, "period-block");
        if (kind == WafAction.Kind.REDIRECT && !s.has("redirect-url")) {
            b.missing(s, "redirect-url", REDIRECT_EXPECTED + ", required with action redirect");
        }
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case ALERT -> WafAction.alert();
            case ALERT_DENY -> WafAction.alertDeny(status);
            case DENY_NO_LOG -> WafAction.denyNoLog(status);
            case SEND_403 -> WafAction.send403();
            case REDIRECT -> redirect == null ? WafAction.alertDeny() : WafAction.redirect(redirect); // null: reported
            case PERIOD_BLOCK -> WafAction.periodBlock(period, blockBy);
        };
    }

    private void onlyWith(Section s, String key, boolean allowed, String kinds) {
        if (s.has(key) && !allowed) {
            b.reject(s, key, null, "no " + key + " unless action is " + kinds);
        }
    }

    /** An optional (or required) pattern under {@code key}; {@code null} when absent or reported. */
    private WafPattern pattern(Section s, String key, boolean host, boolean required) {
        YamlNode.Entry entry = s.entry(key);
        if (entry == null) {
            if (required && !s.reported()) {
                b.missing(s, key, host ? HOST_EXPECTED : PATH_EXPECTED);
            }
            return null;
        }
        return pattern(s.pathOf(key), key, entry.line(), entry.value(), host);
    }

    /** A plain string, or a mapping with exactly {@code regex}. */
    private WafPattern pattern(String path, String key, int line, YamlNode node, boolean host) {
        String expected = host ? HOST_EXPECTED : PATH_EXPECTED;
        if (node instanceof YamlNode.Mapping) {
            Section r = b.mapping(path, key, line, node, REGEX_KEYS, expected);
            String regex = b.required(r, "regex", null, REGEX_EXPECTED, WafSchema::regex);
            return regex == null ? null : WafPattern.regex(regex);
        }
        String text = b.scalar(path, key, line, node, expected, host ? WafSchema::plainHost : WafSchema::plainPath);
        return text == null ? null : WafPattern.plain(text);
    }

    /** A list of path patterns; with {@code distinct}, a repeated pattern is a problem. */
    private List<WafPattern> patterns(Section s, String key, List<WafPattern> dflt, int min, int max, boolean distinct,
                                      String listExpected) {
        Map<WafPattern, String> owners = new HashMap<>();
        return b.list(s, key, dflt, min, max, listExpected, (index, path, node) -> {
            WafPattern p = pattern(path, key, node.line(), node, false);
            String owner = p != null && distinct ? owners.putIfAbsent(p, path) : null;
            if (owner != null) {
                b.reject(path, node.line(), key, node, "a unique path; " + owner + " has it too");
                return null;
            }
            return p;
        });
    }

    private List<String> methods(Section s) {
        return names(s, "methods", List.of(), "a list of methods, [] for any", METHOD_EXPECTED, WafSchema::method);
    }

    private List<String> names(Section s, String key, List<String> dflt, String listExpected, String itemExpected,
                               Function<String, String> parse) {
        return b.list(s, key, dflt, 0, MAX_NAMES, listExpected,
                (index, path, node) -> b.scalar(path, key, node.line(), node, itemExpected, parse));
    }

    // ---- value parsers: throw IllegalArgumentException whose message is the expectation

    private static String method(String text) {
        if (!METHOD.matcher(text).matches()) {
            throw new IllegalArgumentException(METHOD_EXPECTED);
        }
        return text;
    }

    /** Lower-cased, then matched: names compared without regard to case are kept in one spelling. */
    private static Function<String, String> lowerCase(Pattern pattern) {
        return text -> {
            String lower = text.toLowerCase(Locale.ROOT);
            if (!pattern.matcher(lower).matches()) {
                throw new IllegalArgumentException(); // the binder shows the item's expectation
            }
            return lower;
        };
    }

    private static String exceptionRuleId(String text) {
        if (text.equals("*") || WafConfig.BUILT_IN_RULE_IDS.contains(text)) {
            return text;
        }
        String expected = "one of " + RULE_IDS + " or *";
        throw new IllegalArgumentException(DidYouMean.suggest(text, WafConfig.BUILT_IN_RULE_IDS)
                .map(id -> expected + "; did you mean '" + id + "'?").orElse(expected));
    }

    private static String argName(String text) {
        if (!ARG_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException(ARG_EXPECTED);
        }
        return text;
    }

    private static String plainPath(String text) {
        int star = text.indexOf('*');
        if (!text.startsWith("/") || text.length() > MAX_PATTERN_LENGTH || (star >= 0 && star != text.length() - 1)
                || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(PATH_EXPECTED);
        }
        return text;
    }

    private static String plainHost(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() > 253 || !HOST.matcher(lower).matches()) {
            throw new IllegalArgumentException(HOST_EXPECTED);
        }
        return lower;
    }

    private static String regex(String text) {
        if (text.isEmpty() || text.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException(REGEX_EXPECTED + " of 1.." + MAX_PATTERN_LENGTH + " characters");
        }
        try {
            com.google.re2j.Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(REGEX_EXPECTED + "; " + e.getDescription(), e);
        }
        return text;
    }

    private static URI redirectUrl(String text) {
        if (!VISIBLE_ASCII.matcher(text).matches() || text.startsWith("//")) {
            throw new IllegalArgumentException(REDIRECT_EXPECTED);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(REDIRECT_EXPECTED, e);
        }
        if (text.startsWith("/")) {
            return uri;
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException(REDIRECT_EXPECTED);
        }
        return uri;
    }

    private static <E> Map<String, E> labels(E[] values, Function<E, String> label) {
        Map<String, E> map = new HashMap<>();
        for (E value : values) {
            map.put(label.apply(value).toLowerCase(Locale.ROOT).replace('_', '-'), value);
        }
        return Map.copyOf(map);
    }

    @SafeVarargs
    private static List<String> keys(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }
}
