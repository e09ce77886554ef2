package io.tandem.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The history-based rules of {@code waf.session-rules}: start pages, page order and rate limits.
 * Only the configuration is here; what the rules do (and what happens to a session's history
 * after a failover) is the session rules engine's, described in {@code docs/rules.md}.
 *
 * <p>Every rule has a rule id, unique among all IP lists, URL access rules and session rules, and
 * an action ({@link WafAction}, default alert-deny).
 *
 * @param afterFailover what a session's rules do after the member that saw its history failed
 * @param startPages    where sessions must begin
 * @param pageOrder     steps that must be requested in order
 * @param rateLimits    request rates per session or client
 */
public record SessionRulesConfig(
        AfterFailover afterFailover,
        List<StartPage> startPages,
        List<PageOrder> pageOrder,
        List<RateLimit> rateLimits) {

    private static final SessionRulesConfig DEFAULTS =
            new SessionRulesConfig(AfterFailover.CHECKPOINT, List.of(), List.of(), List.of());

    public SessionRulesConfig {
        Objects.requireNonNull(afterFailover, "afterFailover");
        startPages = List.copyOf(startPages);
        pageOrder = List.copyOf(pageOrder);
        rateLimits = List.copyOf(rateLimits);
    }

    /** No session rules; {@code after-failover: checkpoint}. */
    public static SessionRulesConfig defaults() {
        return DEFAULTS;
    }

    /** Whether any session rule is configured. */
    public boolean isEmpty() {
        return startPages.isEmpty() && pageOrder.isEmpty() && rateLimits.isEmpty();
    }

    /** {@code after-failover}: how sessions whose history was on the failed member are treated. */
    public enum AfterFailover {
        /** {@code allow}. */
        ALLOW,
        /** {@code restart}. */
        RESTART,
        /** {@code checkpoint} (the default). */
        CHECKPOINT
    }

    /** {@code per} of a rate limit: what requests are counted by. */
    public enum Per {
        /** The session (its cookie). */
        SESSION,
        /** The client address (after trusted-proxy resolution). */
        CLIENT
    }

    /**
     * A session must begin at one of {@code pages} ({@code start-pages[]}).
     *
     * @param id        rule id
     * @param appliesTo the paths this rule guards, 0..64; empty: every path
     * @param pages     the pages a session may begin at, 1..64
     * @param action    what happens to a session that begins elsewhere
     */
    public record StartPage(String id, List<WafPattern> appliesTo, List<WafPattern> pages, WafAction action) {
        public StartPage {
            Objects.requireNonNull(id, "id");
            appliesTo = List.copyOf(appliesTo);
            pages = List.copyOf(pages);
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * A step may only be requested after the previous step; other URLs may come in between
     * ({@code page-order[]}).
     *
     * @param id     rule id
     * @param steps  2..16 distinct patterns, in order
     * @param action what happens to a request out of order
     */
    public record PageOrder(String id, List<WafPattern> steps, WafAction action) {
        public PageOrder {
            Objects.requireNonNull(id, "id");
            steps = List.copyOf(steps);
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * At most {@code maxRequests} requests to {@code path} per {@code window} ({@code rate-limits[]}).
     *
     * @param id          rule id
     * @param path        the path counted
     * @param methods     the methods counted (upper case); empty: any
     * @param maxRequests 1..100000
     * @param window      1s..1h
     * @param per         counted per session (default) or per client address
     * @param action      what happens to a request beyond the limit
     */
    public record RateLimit(String id, WafPattern path, List<String> methods, int maxRequests, Duration window, Per per,
            WafAction action) {
        public RateLimit {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(path, "path");
            methods = List.copyOf(methods);
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(per, "per");
            Objects.requireNonNull(action, "action");
        }
    }
}
