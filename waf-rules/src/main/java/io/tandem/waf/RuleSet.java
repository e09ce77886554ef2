package io.tandem.waf;

import io.tandem.waf.detect.CommandInjectionDetector;
import io.tandem.waf.detect.Detector;
import io.tandem.waf.detect.HttpSplittingDetector;
import io.tandem.waf.detect.JavaInjectionDetector;
import io.tandem.waf.detect.LdapInjectionDetector;
import io.tandem.waf.detect.NoSqlInjectionDetector;
import io.tandem.waf.detect.NodeInjectionDetector;
import io.tandem.waf.detect.PathTraversalDetector;
import io.tandem.waf.detect.PhpInjectionDetector;
import io.tandem.waf.detect.RfiDetector;
import io.tandem.waf.detect.ScannerDetector;
import io.tandem.waf.detect.SessionFixationDetector;
import io.tandem.waf.detect.SqlInjectionDetector;
import io.tandem.waf.detect.SsiDetector;
import io.tandem.waf.detect.SsrfDetector;
import io.tandem.waf.detect.TemplateInjectionDetector;
import io.tandem.waf.detect.XssDetector;
import io.tandem.waf.detect.XxeDetector;
import io.tandem.waf.rules.Check;
import io.tandem.waf.rules.ConfiguredRule;
import io.tandem.waf.rules.IpCheck;
import io.tandem.waf.rules.LimitChecks;
import io.tandem.waf.rules.PeriodBlockRule;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.rules.ProtocolChecks;
import io.tandem.waf.rules.RuleException;
import io.tandem.waf.rules.SignatureCheck;
import io.tandem.waf.rules.TextMatcher;
import io.tandem.waf.rules.TrustingRule;
import io.tandem.waf.rules.UrlCheck;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the rule engine from {@link WafSettings}: trusted and blocked IP lists, period-block
 * enforcement, URL access rules, protocol constraints and signatures, in that order, each with a
 * stable id, category, severity and action. All settings are checked first and every problem is
 * reported at once ({@code rules.sqlx: unknown rule (did you mean sqli?)}).
 */
public final class RuleSet {

    /** A built-in rule: what {@code rules.<id>} in the configuration refers to. */
    public record Builtin(String id, String category, Severity severity, Action defaultAction, String description,
            Function<WafSettings, Check> check) {
    }

    private static final Set<Location> EVERYWHERE = EnumSet.allOf(Location.class);
    /** Every location but the whole query string, which only XSS and SQLi inspect (payloads split by '&'). */
    private static final Set<Location> VALUES = EnumSet.complementOf(EnumSet.of(Location.QUERY_STRING));

    private static final List<Builtin> BUILTINS = builtins();

    private RuleSet() {
    }

    /** The built-in rules in evaluation order (after IP lists, period blocks and URL access rules). */
    public static List<Builtin> builtinRules() {
        return BUILTINS;
    }

    /** Builds with a period-block table on the system clock. */
    public static RuleEngine build(WafSettings settings) {
        return build(settings, PeriodBlocks.systemClock());
    }

    /**
     * Builds the engine.
     *
     * @param blocks the period-block table; pass the same one across reloads to keep blocks
     * @throws IllegalArgumentException listing every problem in the settings
     */
    public static RuleEngine build(WafSettings settings, PeriodBlocks blocks) {
        List<String> problems = new ArrayList<>();
        Map<String, Builtin> byId = new LinkedHashMap<>();
        for (Builtin b : BUILTINS) {
            byId.put(b.id(), b);
        }
        for (String id : settings.rules().keySet()) {
            if (!byId.containsKey(id)) {
                problems.add("rules." + id + ": unknown rule" + suggestion(id, byId.keySet()));
            }
        }
        List<RuleException> exceptions = exceptions(settings, problems, byId.keySet());
        Set<String> ids = new HashSet<>(byId.keySet());
        ids.add(PeriodBlockRule.ID);
        boolean monitor = settings.monitorMode();
        List<Rule> rules = new ArrayList<>();

        for (int i = 0; i < settings.ipLists().size(); i++) {
            WafSettings.IpList list = settings.ipLists().get(i);
            String path = "ip-lists[" + i + "]";
            uniqueId(list.id(), path, ids, problems);
            try {
                IpCheck check = IpCheck.parse(path + ".networks", list.networks());
                if (list.allow()) {
                    rules.add(new TrustingRule(list.id(), r -> check.contains(r.clientAddress()), "networks " + check));
                } else {
                    rules.add(new ConfiguredRule(list.id(), "ip", Severity.HIGH, check,
                            list.action() == null ? Action.alertDeny() : list.action(), exceptions, monitor, blocks));
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        rules.add(new PeriodBlockRule(blocks, monitor));
        for (int i = 0; i < settings.urlAccess().size(); i++) {
            WafSettings.UrlAccess access = settings.urlAccess().get(i);
            String path = "url-access[" + i + "]";
            uniqueId(access.id(), path, ids, problems);
            try {
                TextMatcher host = matcher(access.host(), access.hostRegex(), true, path + ".host");
                TextMatcher p = matcher(access.path(), access.pathRegex(), false, path + ".path");
                UrlCheck check = new UrlCheck(host, p);
                if (access.allow()) {
                    rules.add(new TrustingRule(access.id(), check::matches, check.toString()));
                } else {
                    rules.add(new ConfiguredRule(access.id(), "url-access", Severity.MEDIUM, check,
                            access.action() == null ? Action.alertDeny() : access.action(), exceptions, monitor, blocks));
                }
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage());
            }
        }
        for (Builtin b : BUILTINS) {
            WafSettings.RuleSettings rs = settings.rules().get(b.id());
            if (rs != null && !rs.enabled()) {
                continue;
            }
            Action action = rs != null && rs.action() != null ? rs.action() : b.defaultAction();
            Severity severity = rs != null && rs.severity() != null ? rs.severity() : b.severity();
            try {
                rules.add(new ConfiguredRule(b.id(), b.category(), severity, b.check().apply(settings), action, exceptions,
                        monitor, blocks));
            } catch (IllegalArgumentException e) {
                problems.add("protocol." + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid WAF settings: " + String.join("; ", problems));
        }
        return RuleEngine.of(rules);
    }

    private static List<RuleException> exceptions(WafSettings settings, List<String> problems, Set<String> builtinIds) {
        Set<String> known = new HashSet<>(builtinIds);
        known.add(PeriodBlockRule.ID);
        settings.ipLists().forEach(l -> known.add(l.id()));
        settings.urlAccess().forEach(u -> known.add(u.id()));
        List<RuleException> out = new ArrayList<>();
        for (int i = 0; i < settings.exceptions().size(); i++) {
            WafSettings.ExceptionSettings e = settings.exceptions().get(i);
            String path = "exceptions[" + i + "]";
            for (String rule : e.rules()) {
                if (!rule.equals("*") && !known.contains(rule)) {
                    problems.add(path + ".rules: " + rule + " (expected: a rule id or *" + suggestion(rule, known) + ")");
                }
            }
            try {
                Set<String> methods = new HashSet<>();
                e.methods().forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
                out.add(new RuleException(e.id(), new HashSet<>(e.rules()), matcher(e.host(), e.hostRegex(), true, path + ".host"),
                        matcher(e.path(), e.pathRegex(), false, path + ".path"), methods, e.args()));
            } catch (IllegalArgumentException ex) {
                problems.add(path + ": " + ex.getMessage());
            }
        }
        return out;
    }

    private static TextMatcher matcher(String text, boolean regex, boolean caseInsensitive, String path) {
        if (text == null) {
            return null;
        }
        try {
            return regex ? TextMatcher.regex(text, caseInsensitive) : TextMatcher.simple(text, caseInsensitive);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    private static void uniqueId(String id, String path, Set<String> ids, List<String> problems) {
        if (id.isBlank()) {
            problems.add(path + ".id: \"\" (expected: a non-empty rule id)");
        } else if (!ids.add(id)) {
            problems.add(path + ".id: " + id + " (expected: an id not used by another rule)");
        }
    }

    /** {@code " (did you mean x?)"} for the closest known name within edit distance 2, else empty. */
    static String suggestion(String unknown, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(unknown, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static List<Builtin> builtins() {
        List<Builtin> b = new ArrayList<>();
        Action deny = Action.alertDeny();
        // protocol validity
        b.add(new Builtin("http-method", "protocol", Severity.HIGH, deny, "illegal or not allowed method",
                s -> ProtocolChecks.method(s.protocol().allowedMethods())));
        b.add(new Builtin("http-version", "protocol", Severity.MEDIUM, deny, "illegal HTTP version", s -> ProtocolChecks.version()));
        b.add(new Builtin("http-request-target", "protocol", Severity.MEDIUM, deny, "malformed request target",
                s -> ProtocolChecks.requestTarget()));
        b.add(new Builtin("http-host", "protocol", Severity.MEDIUM, deny, "missing or illegal Host",
                s -> ProtocolChecks.host(s.protocol().rejectIpHost())));
        b.add(new Builtin("http-smuggling", "protocol", Severity.CRITICAL, deny,
                "conflicting Content-Length/Transfer-Encoding", s -> ProtocolChecks.smuggling()));
        b.add(new Builtin("http-content-length", "protocol", Severity.HIGH, deny, "illegal Content-Length",
                s -> ProtocolChecks.contentLength()));
        b.add(new Builtin("http-header-name", "protocol", Severity.MEDIUM, deny, "illegal or restricted header name",
                s -> ProtocolChecks.headerNames(s.protocol().restrictedHeaders())));
        b.add(new Builtin("http-header-value", "protocol", Severity.HIGH, deny, "control characters in a header value",
                s -> ProtocolChecks.headerValues()));
        b.add(new Builtin("http-content-type", "protocol", Severity.MEDIUM, deny, "illegal or not allowed Content-Type",
                s -> ProtocolChecks.contentType(s.protocol().allowedContentTypes(), s.protocol().allowedCharsets())));
        b.add(new Builtin("http-range", "protocol", Severity.MEDIUM, deny, "illegal Range header",
                s -> ProtocolChecks.range(s.protocol().maxRanges())));
        b.add(new Builtin("http-connection", "protocol", Severity.LOW, deny, "conflicting Connection options",
                s -> ProtocolChecks.connection()));
        b.add(new Builtin("http-body-in-get", "protocol", Severity.LOW, deny, "GET or HEAD with a body",
                s -> ProtocolChecks.bodyInGetOrHead()));
        b.add(new Builtin("http-missing-content-length", "protocol", Severity.LOW, deny,
                "HTTP/1.x POST/PUT/PATCH without Content-Length", s -> ProtocolChecks.missingContentLength()));
        b.add(new Builtin("http-file-extension", "protocol", Severity.MEDIUM, deny, "restricted file extension",
                s -> ProtocolChecks.fileExtension(s.protocol().restrictedExtensions())));
        b.add(new Builtin("http-encoding", "protocol", Severity.HIGH, deny,
                "malformed percent-encoding, invalid or overlong UTF-8, %u encoding, NUL bytes",
                s -> ProtocolChecks.anomalies(EnumSet.of(Anomaly.Kind.INVALID_PERCENT_ENCODING, Anomaly.Kind.INVALID_UTF8,
                        Anomaly.Kind.OVERLONG_UTF8, Anomaly.Kind.UNICODE_PERCENT_ENCODING, Anomaly.Kind.NUL_BYTE,
                        Anomaly.Kind.CONTROL_CHARACTER), "malformed encoding")));
        b.add(new Builtin("http-body-parse", "protocol", Severity.MEDIUM, deny,
                "malformed JSON, XML or multipart body", s -> ProtocolChecks.anomalies(EnumSet.of(Anomaly.Kind.JSON_MALFORMED,
                        Anomaly.Kind.XML_MALFORMED, Anomaly.Kind.MULTIPART_NO_BOUNDARY, Anomaly.Kind.MULTIPART_MALFORMED,
                        Anomaly.Kind.MULTIPART_BAD_CHARSET, Anomaly.Kind.MULTIPART_TRANSFER_ENCODING), "malformed body")));
        b.add(new Builtin("http-parse-limits", "protocol", Severity.MEDIUM, deny,
                "too many arguments, cookies or parts, too deep JSON or XML, more to inspect than the budget",
                s -> ProtocolChecks.anomalies(EnumSet.of(
                        Anomaly.Kind.TOO_MANY_ARGS, Anomaly.Kind.ARG_NAME_TOO_LONG, Anomaly.Kind.TOO_MANY_COOKIES,
                        Anomaly.Kind.JSON_TOO_DEEP, Anomaly.Kind.XML_TOO_DEEP, Anomaly.Kind.MULTIPART_TOO_MANY_PARTS,
                        Anomaly.Kind.INSPECTION_BUDGET_EXCEEDED),
                        "parse limit exceeded")));
        b.add(new Builtin("http-body-over-inspect-limit", "protocol", Severity.LOW, Action.alert(),
                "body longer than the inspection limit (limits.body-inspect): its rest is not inspected",
                s -> ProtocolChecks.anomalies(EnumSet.of(Anomaly.Kind.BODY_TRUNCATED), "body not fully inspected")));
        // protocol limits
        b.add(new Builtin("http-header-count", "protocol", Severity.MEDIUM, deny, "too many headers",
                s -> LimitChecks.headerCount(s.protocol().maxHeaderCount())));
        b.add(new Builtin("http-header-length", "protocol", Severity.MEDIUM, deny, "header line or headers too long",
                s -> LimitChecks.headerLength(s.protocol().maxHeaderLineLength(), s.protocol().maxHeadersLength())));
        b.add(new Builtin("http-url-length", "protocol", Severity.MEDIUM, deny, "URL too long",
                s -> LimitChecks.urlLength(s.protocol().maxUrlLength())));
        b.add(new Builtin("http-arg-count", "protocol", Severity.MEDIUM, deny, "too many arguments",
                s -> LimitChecks.argCount(s.protocol().maxArgCount())));
        b.add(new Builtin("http-arg-name-length", "protocol", Severity.MEDIUM, deny, "argument name too long",
                s -> LimitChecks.argNameLength(s.protocol().maxArgNameLength())));
        b.add(new Builtin("http-arg-value-length", "protocol", Severity.MEDIUM, deny, "argument value too long",
                s -> LimitChecks.argValueLength(s.protocol().maxArgValueLength())));
        b.add(new Builtin("http-args-length", "protocol", Severity.MEDIUM, deny, "arguments too long in total",
                s -> LimitChecks.argsLength(s.protocol().maxArgsLength())));
        b.add(new Builtin("http-body-length", "protocol", Severity.MEDIUM, deny, "body too long",
                s -> LimitChecks.bodyLength(s.protocol().maxBodyLength())));
        b.add(new Builtin("http-cookie-count", "protocol", Severity.MEDIUM, deny, "too many cookies",
                s -> LimitChecks.cookieCount(s.protocol().maxCookieCount())));
        // signatures
        signature(b, new ScannerDetector(), Severity.MEDIUM, "security scanners and out-of-band probe domains");
        signature(b, new HttpSplittingDetector(), Severity.HIGH, "response splitting, header and mail command injection");
        signature(b, new SqlInjectionDetector(), Severity.CRITICAL, "SQL injection");
        signature(b, new XssDetector(), Severity.HIGH, "cross-site scripting");
        signature(b, new PathTraversalDetector(), Severity.HIGH, "path traversal and local file inclusion");
        signature(b, new RfiDetector(), Severity.HIGH, "remote file inclusion");
        signature(b, new CommandInjectionDetector(), Severity.CRITICAL, "OS command injection");
        signature(b, new PhpInjectionDetector(), Severity.CRITICAL, "PHP code injection");
        signature(b, new JavaInjectionDetector(), Severity.CRITICAL, "Java, JNDI/Log4Shell and OGNL injection");
        signature(b, new NodeInjectionDetector(), Severity.HIGH, "Node.js injection and prototype pollution");
        signature(b, new SsrfDetector(), Severity.HIGH, "server-side request forgery");
        signature(b, new XxeDetector(), Severity.HIGH, "XML external entities");
        signature(b, new TemplateInjectionDetector(), Severity.HIGH, "server-side template injection");
        signature(b, new SsiDetector(), Severity.HIGH, "server-side includes");
        signature(b, new NoSqlInjectionDetector(), Severity.HIGH, "NoSQL injection");
        signature(b, new LdapInjectionDetector(), Severity.HIGH, "LDAP injection");
        signature(b, new SessionFixationDetector(), Severity.MEDIUM, "session fixation");
        return List.copyOf(b);
    }

    private static void signature(List<Builtin> b, Detector detector, Severity severity, String description) {
        boolean wholeQuery = detector.name().equals("xss") || detector.name().equals("sqli");
        SignatureCheck check = new SignatureCheck(detector, wholeQuery ? EVERYWHERE : VALUES);
        b.add(new Builtin(detector.name(), detector.name(), severity, Action.alertDeny(), description, s -> check));
    }
}
