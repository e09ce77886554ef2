package io.tandem.waf.session;

import io.tandem.waf.Action;
import io.tandem.waf.Verdict;
import io.tandem.waf.rules.TextMatcher;
import io.tandem.waf.session.SessionRuleSettings.Per;
import java.net.InetAddress;
import java.util.Set;

/**
 * A rate limit in fixed windows: window {@code i} covers epoch seconds
 * {@code [i * window, (i+1) * window)}, the same on every member. Every matching request is
 * counted (refused ones too); request {@code max + 1} of a window and every later one in it get
 * the action. Counted per session (state in the session's {@code RuleState}) or per client
 * address (state in the {@link SessionRuleStore}).
 */
final class RateLimitRule extends SessionRule {

    static final String CATEGORY = "rate-limit";

    private final TextMatcher path;
    private final Set<String> methods;
    final int max;
    final long windowSeconds;
    final Per per;

    /** {@code methods} upper case, empty for any. */
    RateLimitRule(String id, TextMatcher path, Set<String> methods, int max, long windowSeconds, Per per,
            Action action, boolean monitor) {
        super(id, CATEGORY, windowSeconds + "s per " + per.label(), action, monitor);
        this.path = path;
        this.methods = Set.copyOf(methods);
        this.max = max;
        this.windowSeconds = windowSeconds;
        this.per = per;
    }

    boolean applies(String method, String requestPath) {
        return (methods.isEmpty() || methods.contains(method)) && path.matches(requestPath);
    }

    /** The window of an instant, {@code 0..2^32-1} (the checkpoint stores four bytes). */
    long windowIndex(long epochSecond) {
        return Math.max(0, Math.min(0xFFFF_FFFFL, Math.floorDiv(epochSecond, windowSeconds)));
    }

    long windowStartMillis(long index) {
        return index * windowSeconds * 1000;
    }

    long windowMillis() {
        return windowSeconds * 1000;
    }

    /** {@code 6th request in 60s window, limit 5}, with the client for per-client limits. */
    String reason(int count, InetAddress client) {
        return ordinal(count) + " request" + (per == Per.CLIENT ? " from " + client.getHostAddress() : "")
                + " in " + windowSeconds + "s window, limit " + max;
    }

    /** For a window charged as spent when the session was adopted. */
    String presumedReason() {
        return "request in " + windowSeconds + "s window that was charged as spent when this member adopted the"
                + " session (what the previous member admitted is unknown), limit " + max;
    }

    /**
     * The verdict for a request over a limit that holds only because the window was charged as
     * spent: the rule's action, except that a period block becomes a plain logged deny with the
     * action's status and no block is recorded (the overrun is presumed, not seen, so nobody is
     * shut out beyond the window).
     */
    Verdict presumedVerdict(String requestPath) {
        String reason = presumedReason();
        if (!monitor && action.kind() == Action.Kind.PERIOD_BLOCK) {
            Verdict v = verdict(reason, requestPath);
            return new Verdict.Deny(id, reason, action.status(), true, ((Verdict.PeriodBlock) v).match());
        }
        return verdict(reason, requestPath);
    }

    static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    @Override
    public String toString() {
        return id + "(" + path + (methods.isEmpty() ? "" : " " + methods) + ", " + max + " per " + windowSeconds
                + "s per " + per.label() + ", " + action + ")";
    }
}
