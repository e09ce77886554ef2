package io.tandem.waf.session;

import io.tandem.waf.Action;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The session rules of the configuration ({@code waf.session-rules}): start pages, page order and
 * rate limits, and what to do with sessions adopted after a failover. Plain values that mirror
 * the YAML one to one; records check only for {@code null}, {@link SessionRules#build} checks
 * everything else and reports every problem at once, with YAML paths
 * ({@code session-rules.rate-limits[0].max-requests: 0 (expected: 1..10000)}).
 *
 * @param afterFailover what happens to sessions this member adopts (YAML {@code after-failover})
 * @param startPages    start-page rules ({@code start-pages})
 * @param pageOrder     page-order rules ({@code page-order})
 * @param rateLimits    rate limits ({@code rate-limits})
 * @param monitorMode   the WAF's monitor mode: every verdict becomes an alert, nothing is blocked
 */
public record SessionRuleSettings(AfterFailover afterFailover, List<StartPages> startPages, List<PageOrder> pageOrder,
        List<RateLimit> rateLimits, boolean monitorMode) {

    public SessionRuleSettings {
        Objects.requireNonNull(afterFailover, "afterFailover");
        startPages = List.copyOf(startPages);
        pageOrder = List.copyOf(pageOrder);
        rateLimits = List.copyOf(rateLimits);
    }

    /** No session rules, {@code after-failover: checkpoint}. */
    public static SessionRuleSettings none() {
        return new SessionRuleSettings(AfterFailover.CHECKPOINT, List.of(), List.of(), List.of(), false);
    }

    /** How a member treats sessions it adopts (valid cookie, no local history). */
    public enum AfterFailover {
        /** Do not enforce session rules for adopted sessions (FortiWeb's behaviour). */
        ALLOW("allow"),
        /** Track adopted sessions afresh: no start-page check, page order from nothing, rates from zero. */
        RESTART("restart"),
        /** Continue from the continuity checkpoint in the cookie (the default). */
        CHECKPOINT("checkpoint");

        private final String label;

        AfterFailover(String label) {
            this.label = label;
        }

        /** The configuration spelling. */
        public String label() {
            return label;
        }

        /** Parses {@code allow | restart | checkpoint}, any case. */
        public static AfterFailover parse(String text) {
            for (AfterFailover a : values()) {
                if (a.label.equalsIgnoreCase(text.trim())) {
                    return a;
                }
            }
            throw new IllegalArgumentException("after-failover: " + text + " (expected: allow, restart or checkpoint)");
        }
    }

    /** Whose requests a rate limit counts together. */
    public enum Per {
        /** The requests of one session. */
        SESSION("session"),
        /** The requests from one client address, whatever their session. */
        CLIENT("client");

        private final String label;

        Per(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Parses {@code session | client}, any case. */
        public static Per parse(String text) {
            for (Per p : values()) {
                if (p.label.equalsIgnoreCase(text.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("per: " + text + " (expected: session or client)");
        }
    }

    /**
     * A path pattern: plain (exact, or prefix when it ends with {@code *}) or a regular expression
     * in RE2 syntax (searched anywhere unless anchored). Matched against the normalized path,
     * case-sensitively.
     *
     * @param text  the pattern
     * @param regex whether {@code text} is a regular expression
     */
    public record PathPattern(String text, boolean regex) {
        public PathPattern {
            Objects.requireNonNull(text, "text");
        }

        public static PathPattern plain(String text) {
            return new PathPattern(text, false);
        }

        public static PathPattern regex(String text) {
            return new PathPattern(text, true);
        }

        /** Plain patterns, in order. */
        public static List<PathPattern> list(String... texts) {
            return Arrays.stream(texts).map(PathPattern::plain).toList();
        }

        /** {@code /checkout*} or {@code regex(^/a/)}. */
        @Override
        public String toString() {
            return regex ? "regex(" + text + ")" : text;
        }
    }

    /**
     * A start-page rule: a session's first request under {@code appliesTo} must be one of
     * {@code pages}.
     *
     * @param id        stable rule id
     * @param appliesTo paths the rule guards; empty for every path
     * @param pages     the start pages, at least one
     * @param action    the action ({@code null}: alert-deny)
     */
    public record StartPages(String id, List<PathPattern> appliesTo, List<PathPattern> pages, Action action) {
        public StartPages {
            Objects.requireNonNull(id, "id");
            appliesTo = List.copyOf(appliesTo);
            pages = List.copyOf(pages);
        }
    }

    /**
     * A page-order rule: step {@code k > 0} may be requested only once the session reached step
     * {@code k-1}.
     *
     * @param id     stable rule id
     * @param steps  the steps in order, at least two
     * @param action the action ({@code null}: alert-deny)
     */
    public record PageOrder(String id, List<PathPattern> steps, Action action) {
        public PageOrder {
            Objects.requireNonNull(id, "id");
            steps = List.copyOf(steps);
        }
    }

    /**
     * A rate limit: at most {@code maxRequests} matching requests per fixed {@code window}, counted
     * per session or per client address.
     *
     * @param id          stable rule id
     * @param path        the path counted
     * @param methods     methods counted, empty for any
     * @param maxRequests requests allowed per window, 1..10000
     * @param window      window length, whole seconds, 1 s..3600 s
     * @param per         what is counted together
     * @param action      the action for requests over the limit ({@code null}: alert-deny)
     */
    public record RateLimit(String id, PathPattern path, List<String> methods, int maxRequests, Duration window,
            Per per, Action action) {
        public RateLimit {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(path, "path");
            methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(per, "per");
        }
    }
}
