package io.tandem.demo;

import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code ./tandem demo --failover} found. It passes when every shopper's cart and login
 * survived and no request failed outside the failover itself (before the kill or after the
 * takeover). Requests that fail while nobody listens are expected in {@code takeover: listener}
 * mode; the shoppers reload them.
 *
 * @param shoppers         how many shoppers ran
 * @param intactBefore     shoppers logged in with their cart right before the kill
 * @param intactAfter      of those, the ones with the same cart and login at the end
 * @param stayed           shoppers answered by one shop instance only, from start to end
 * @param requests         every HTTP request the shoppers made, redirects and reloads included
 * @param failures         failed requests (no response or 5xx) by when they were sent
 * @param takeoverMillis   kill to the first successful response through the pair; empty: none came
 * @param killed           the member that was killed and its epoch before
 * @param survivor         the member that took over and its epoch after (0 if it never reported)
 * @param problems         a few lines on what went wrong, for the reader
 */
record FailoverReport(int shoppers, int intactBefore, int intactAfter, int stayed, long requests, Failures failures,
                      OptionalLong takeoverMillis, Member killed, Member survivor, List<String> problems) {

    static final int MAX_PROBLEMS = 10;

    FailoverReport {
        problems = List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
    }

    /** A member's node id and an epoch. */
    record Member(String node, long epoch) {
    }

    /** When a request failed, relative to the kill and to the first response of the new active member. */
    enum Window { BEFORE_KILL, AT_KILL, DURING_TAKEOVER, AFTER_TAKEOVER }

    /** Failed requests counted by {@link Window}. */
    record Failures(long beforeKill, long atKill, long duringTakeover, long afterTakeover) {

        static final Failures NONE = new Failures(0, 0, 0, 0);

        Failures plus(Window window, long n) {
            return switch (window) {
                case BEFORE_KILL -> new Failures(beforeKill + n, atKill, duringTakeover, afterTakeover);
                case AT_KILL -> new Failures(beforeKill, atKill + n, duringTakeover, afterTakeover);
                case DURING_TAKEOVER -> new Failures(beforeKill, atKill, duringTakeover + n, afterTakeover);
                case AFTER_TAKEOVER -> new Failures(beforeKill, atKill, duringTakeover, afterTakeover + n);
            };
        }
    }

    /**
     * The window of a request sent at {@code start} that ended at {@code end} (nanoTime values): in
     * flight at the kill if it was sent before and ended after it; during the takeover if sent
     * after the kill but before the first successful response; after the takeover otherwise.
     * Without a takeover, everything after the kill is "during".
     */
    static Window window(long start, long end, long killNanos, OptionalLong takeoverNanos) {
        if (end < killNanos) {
            return Window.BEFORE_KILL;
        }
        if (start < killNanos) {
            return Window.AT_KILL;
        }
        if (takeoverNanos.isEmpty() || start < takeoverNanos.getAsLong()) {
            return Window.DURING_TAKEOVER;
        }
        return Window.AFTER_TAKEOVER;
    }

    boolean passed() {
        return takeoverMillis.isPresent() && intactBefore == shoppers && intactAfter == shoppers
                && failures.beforeKill() == 0 && failures.afterTakeover() == 0;
    }

    /** The report as printed; the line labels are stable (the integration test reads them). */
    String format() {
        StringBuilder out = new StringBuilder();
        out.append("\nFailover report\n");
        line(out, "shoppers", String.valueOf(shoppers));
        line(out, "carts intact", intactBefore + "/" + shoppers + " before the kill, " + intactAfter + "/" + shoppers
                + " after the takeover (same items, same login)");
        line(out, "stayed on their backend", stayed + "/" + shoppers);
        line(out, "requests", String.valueOf(requests));
        line(out, "failed requests", failures.beforeKill() + " before the kill, " + failures.atKill() + " in flight at the kill, "
                + failures.duringTakeover() + " during the takeover, " + failures.afterTakeover() + " after the takeover");
        line(out, "takeover time", takeoverMillis.isPresent()
                ? takeoverMillis.getAsLong() + " ms (kill -9 of " + killed.node() + " to the first response through the "
                        + "pair, polled every " + TakeoverProbe.INTERVAL_MILLIS + " ms)"
                : "none: nobody answered after the kill");
        line(out, "epoch", killed.epoch() + " before (" + killed.node() + " active), "
                + (survivor.epoch() > 0 ? survivor.epoch() + " after (" + survivor.node() + " active)"
                        : "unknown after (" + survivor.node() + " never reported the active role)"));
        for (String problem : problems) {
            line(out, "problem", problem);
        }
        out.append(passed()
                ? "result: PASS: every cart survived and no request failed outside the takeover\n"
                : "result: FAIL: " + why() + "\n");
        return out.toString();
    }

    private String why() {
        if (takeoverMillis.isEmpty()) {
            return "the standby did not take over";
        }
        if (intactBefore < shoppers) {
            return (shoppers - intactBefore) + " shopper(s) were not set up before the kill";
        }
        if (intactAfter < shoppers) {
            return (shoppers - intactAfter) + " cart(s) or login(s) lost";
        }
        return failures.beforeKill() + failures.afterTakeover() + " request(s) failed outside the takeover";
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append("  ").append(label).append(":").append(" ".repeat(Math.max(1, 25 - label.length()))).append(value)
                .append('\n');
    }
}
