package io.tandem.waf.session;

import io.tandem.waf.Action;
import io.tandem.waf.rules.TextMatcher;
import java.util.List;

/**
 * A page-order rule: steps {@code 0..n-1}; requesting step {@code k > 0} requires that the
 * session reached step {@code k-1} before. The state is the session's <em>progress</em>: the
 * number of steps reached, i.e. the highest step index reached plus one, 0 before step 0. It only
 * grows: going back is allowed and does not lower it, and URLs that are no step interleave freely.
 * A path that matches several steps (overlapping prefixes) is taken as the highest of them, the
 * strictest reading.
 */
final class PageOrderRule extends SessionRule {

    static final String CATEGORY = "page-order";

    private final List<TextMatcher> steps;
    private final String[] stepText;

    /** At least two steps. */
    PageOrderRule(String id, List<TextMatcher> steps, Action action, boolean monitor) {
        super(id, CATEGORY, steps.toString(), action, monitor);
        this.steps = List.copyOf(steps);
        this.stepText = steps.stream().map(s -> escaped(s.toString())).toArray(String[]::new);
    }

    int stepCount() {
        return steps.size();
    }

    /** The step {@code path} requests, or -1 for none. */
    int stepOf(String path) {
        for (int k = steps.size() - 1; k >= 0; k--) {
            if (steps.get(k).matches(path)) {
                return k;
            }
        }
        return -1;
    }

    /** Whether a session with {@code progress} may request step {@code k}. */
    static boolean allows(int progress, int k) {
        return k <= progress;
    }

    String reason(int k) {
        return "step " + stepText[k] + " requested before " + stepText[k - 1];
    }

    @Override
    public String toString() {
        return id + "(steps " + String.join(" > ", stepText) + ", " + action + ")";
    }
}
