package io.tandem.waf.rules;

import com.google.re2j.Pattern;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An exception for false positives: for requests to a host and path (and optionally methods),
 * the listed rules either do not run at all, or ignore the listed arguments. Example: Magento's
 * admin saves HTML and SQL-looking configuration values under
 * {@code /admin/admin/system_config/save/}, so {@code sqli} and {@code xss} skip the
 * {@code groups[*]} arguments there. Immutable and thread-safe.
 */
public final class RuleException {

    private final String id;
    private final Set<String> ruleIds;
    private final TextMatcher host;
    private final TextMatcher path;
    private final Set<String> methods;
    private final List<String> args;
    private final List<Pattern> argPatterns;

    /**
     * @param id      a name for logs and errors
     * @param ruleIds the rule ids it applies to; {@code *} for every rule
     * @param host    a host matcher ({@code null}: any host)
     * @param path    a matcher on the normalized path ({@code null}: any path)
     * @param methods upper-case methods (empty: any)
     * @param args    argument names to ignore, {@code *} as a wildcard (empty: skip the whole rule)
     */
    public RuleException(String id, Set<String> ruleIds, TextMatcher host, TextMatcher path, Set<String> methods,
            List<String> args) {
        this.id = Objects.requireNonNull(id, "id");
        this.ruleIds = Set.copyOf(ruleIds);
        this.host = host;
        this.path = path;
        this.methods = Set.copyOf(methods);
        this.args = List.copyOf(args);
        if (this.ruleIds.isEmpty()) {
            throw new IllegalArgumentException("exceptions." + id + ".rules: [] (expected: at least one rule id or *)");
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String a : this.args) {
            StringBuilder re = new StringBuilder();
            for (String part : a.split("\\*", -1)) {
                if (re.length() > 0) {
                    re.append(".*");
                }
                re.append(Pattern.quote(part));
            }
            patterns.add(Pattern.compile(re.toString(), Pattern.DOTALL));
        }
        this.argPatterns = List.copyOf(patterns);
    }

    public String id() {
        return id;
    }

    public Set<String> ruleIds() {
        return ruleIds;
    }

    public boolean coversRule(String ruleId) {
        return ruleIds.contains("*") || ruleIds.contains(ruleId);
    }

    /** Whether the exception is in force for this request (host, path and method match). */
    public boolean appliesTo(RequestView request) {
        if (!methods.isEmpty() && !methods.contains(request.method().toUpperCase(Locale.ROOT))) {
            return false;
        }
        if (host != null && !host.matches(hostOf(request))) {
            return false;
        }
        return path == null || path.matches(request.normalizedPath());
    }

    /** Whether the whole rule is skipped (no argument list). */
    public boolean wholeRule() {
        return args.isEmpty();
    }

    /** Whether this exception excludes the target: its name matches one of the argument patterns. */
    public boolean excludes(Target target) {
        for (Pattern p : argPatterns) {
            if (p.matcher(target.name()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The Host header without port, lower case. */
    static String hostOf(RequestView request) {
        String host = request.header("host").trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0 ? host.substring(0, close + 1) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    @Override
    public String toString() {
        return "exception(" + id + ": " + ruleIds + (host == null ? "" : " host " + host) + (path == null ? "" : " path " + path)
                + (methods.isEmpty() ? "" : " " + methods) + (args.isEmpty() ? "" : " args " + args) + ")";
    }
}
