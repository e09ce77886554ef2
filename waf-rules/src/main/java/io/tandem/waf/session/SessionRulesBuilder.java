package io.tandem.waf.session;

import io.tandem.session.SessionCookie;
import io.tandem.waf.Action;
import io.tandem.waf.rules.TextMatcher;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.PageOrder;
import io.tandem.waf.session.SessionRuleSettings.PathPattern;
import io.tandem.waf.session.SessionRuleSettings.Per;
import io.tandem.waf.session.SessionRuleSettings.RateLimit;
import io.tandem.waf.session.SessionRuleSettings.StartPages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@link SessionRuleSettings} and builds the rules, collecting every problem with its YAML
 * path ({@code session-rules.page-order[0].steps: 1 step (expected: 2..64)}).
 */
final class SessionRulesBuilder {

    static final String ROOT = "session-rules";
    static final int MAX_RULES = Checkpoint.MAX_ENTRIES;
    static final int MAX_STEPS = 64;
    static final int MAX_REQUESTS = 10_000;
    static final Duration MAX_WINDOW = Duration.ofSeconds(3600);

    private final SessionRuleSettings settings;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    final List<StartPageRule> starts = new ArrayList<>();
    final List<PageOrderRule> orders = new ArrayList<>();
    final List<RateLimitRule> rates = new ArrayList<>();

    SessionRulesBuilder(SessionRuleSettings settings) {
        this.settings = settings;
    }

    /** Builds every rule; {@link #problems()} tells what was wrong. */
    SessionRulesBuilder build() {
        boolean monitor = settings.monitorMode();
        count("start-pages", settings.startPages().size());
        count("page-order", settings.pageOrder().size());
        count("rate-limits", settings.rateLimits().size());
        for (int i = 0; i < settings.startPages().size(); i++) {
            StartPages sp = settings.startPages().get(i);
            String path = ROOT + ".start-pages[" + i + "]";
            id(sp.id(), path);
            List<TextMatcher> appliesTo = matchers(sp.appliesTo(), path + ".applies-to");
            if (sp.pages().isEmpty()) {
                problems.add(path + ".pages: [] (expected: at least one start page)");
            }
            List<TextMatcher> pages = matchers(sp.pages(), path + ".pages");
            if (appliesTo != null && pages != null && !pages.isEmpty()) {
                starts.add(new StartPageRule(sp.id(), appliesTo, pages, action(sp.action()), monitor));
            }
        }
        for (int i = 0; i < settings.pageOrder().size(); i++) {
            PageOrder po = settings.pageOrder().get(i);
            String path = ROOT + ".page-order[" + i + "]";
            id(po.id(), path);
            int n = po.steps().size();
            if (n < 2 || n > MAX_STEPS) {
                problems.add(path + ".steps: " + n + (n == 1 ? " step" : " steps") + " (expected: 2.." + MAX_STEPS + ")");
            }
            List<TextMatcher> steps = matchers(po.steps(), path + ".steps");
            if (steps != null && n >= 2 && n <= MAX_STEPS) {
                orders.add(new PageOrderRule(po.id(), steps, action(po.action()), monitor));
            }
        }
        for (int i = 0; i < settings.rateLimits().size(); i++) {
            RateLimit rl = settings.rateLimits().get(i);
            String path = ROOT + ".rate-limits[" + i + "]";
            id(rl.id(), path);
            TextMatcher p = matcher(rl.path(), path + ".path");
            boolean ok = p != null;
            Set<String> methods = new LinkedHashSet<>();
            for (int j = 0; j < rl.methods().size(); j++) {
                String m = rl.methods().get(j);
                if (!m.matches("[A-Z][A-Z0-9_-]{0,31}")) {
                    problems.add(path + ".methods[" + j + "]: " + SessionRule.escaped(m) + " (expected: an HTTP method such as POST)");
                    ok = false;
                }
                methods.add(m);
            }
            if (rl.maxRequests() < 1 || rl.maxRequests() > MAX_REQUESTS) {
                problems.add(path + ".max-requests: " + rl.maxRequests() + " (expected: 1.." + MAX_REQUESTS + ")");
                ok = false;
            }
            Duration w = rl.window();
            if (w.compareTo(Duration.ofSeconds(1)) < 0 || w.compareTo(MAX_WINDOW) > 0 || w.getNano() != 0) {
                problems.add(path + ".window: " + seconds(w) + " (expected: whole seconds, 1s..3600s)");
                ok = false;
            }
            if (ok) {
                rates.add(new RateLimitRule(rl.id(), p, methods, rl.maxRequests(), w.toSeconds(), rl.per(),
                        action(rl.action()), monitor));
            }
        }
        tags();
        checkpointSize();
        return this;
    }

    List<String> problems() {
        return problems;
    }

    private void count(String key, int n) {
        if (n > MAX_RULES) {
            problems.add(ROOT + "." + key + ": " + n + " rules (expected: at most " + MAX_RULES + ")");
        }
    }

    private void id(String id, String path) {
        if (id.isBlank()) {
            problems.add(path + ".id: \"\" (expected: a non-empty rule id)");
        } else if (!ids.add(id)) {
            problems.add(path + ".id: " + SessionRule.escaped(id) + " (expected: an id not used by another session rule)");
        }
    }

    private void tags() {
        List<SessionRule> all = new ArrayList<>();
        all.addAll(starts);
        all.addAll(orders);
        all.addAll(rates);
        Map<String, SessionRule> seen = new HashMap<>();
        for (SessionRule r : all) {
            SessionRule other = seen.putIfAbsent(r.category + ":" + r.tag, r);
            if (other != null) {
                problems.add(ROOT + ": rules " + other.id + " and " + r.id + " have the same state tag "
                        + Integer.toHexString(r.tag) + " (expected: distinct tags; rename one of them)");
            }
        }
    }

    private void checkpointSize() {
        if (settings.afterFailover() != AfterFailover.CHECKPOINT) {
            return;
        }
        int s = settings.startPages().size();
        int p = settings.pageOrder().size();
        int r = (int) settings.rateLimits().stream().filter(rl -> rl.per() == Per.SESSION).count();
        int size = Checkpoint.size(s, p, r);
        if (size > SessionCookie.MAX_CHECKPOINT_BYTES) {
            problems.add(ROOT + ": " + s + " start-page, " + p + " page-order and " + r
                    + " per-session rate-limit rules need a checkpoint of " + size + " bytes (expected: at most "
                    + SessionCookie.MAX_CHECKPOINT_BYTES + " with after-failover: checkpoint; each start-page rule"
                    + " takes 2, page order 3, per-session rate limit 8, plus 4)");
        }
    }

    private List<TextMatcher> matchers(List<PathPattern> patterns, String path) {
        List<TextMatcher> out = new ArrayList<>();
        boolean ok = true;
        for (int j = 0; j < patterns.size(); j++) {
            TextMatcher m = matcher(patterns.get(j), path + "[" + j + "]");
            ok &= m != null;
            out.add(m);
        }
        return ok ? out : null;
    }

    private TextMatcher matcher(PathPattern p, String path) {
        if (p.text().isEmpty()) {
            problems.add(path + ": \"\" (expected: a path, a prefix ending in * or a regex)");
            return null;
        }
        try {
            return p.regex() ? TextMatcher.regex(p.text(), false) : TextMatcher.simple(p.text(), false);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
    }

    private static Action action(Action configured) {
        return configured == null ? Action.alertDeny() : configured;
    }

    private static String seconds(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() + "s" : d.toMillis() + "ms";
    }
}
