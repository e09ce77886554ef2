package io.tandem.waf.session;

import io.tandem.waf.Action;
import io.tandem.waf.parse.Excerpts;
import io.tandem.waf.rules.TextMatcher;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A start-page rule: until the session has requested one of the start pages, a request under
 * {@code applies-to} that is not a start page gets the action. A start page counts wherever it
 * is (it need not be under {@code applies-to}), and only when the session rules let the request
 * through: a refused request is not the beginning of anything.
 */
final class StartPageRule extends SessionRule {

    static final String CATEGORY = "start-page";

    private final List<TextMatcher> appliesTo;
    private final List<TextMatcher> pages;
    private final String pagesText;

    /** {@code appliesTo} empty: every path; {@code pages} at least one. */
    StartPageRule(String id, List<TextMatcher> appliesTo, List<TextMatcher> pages, Action action, boolean monitor) {
        super(id, CATEGORY, "", action, monitor);
        this.appliesTo = List.copyOf(appliesTo);
        this.pages = List.copyOf(pages);
        this.pagesText = escaped(pages.stream().map(TextMatcher::toString).collect(Collectors.joining(", ")));
    }

    /** Whether the rule guards {@code path}. */
    boolean guards(String path) {
        if (appliesTo.isEmpty()) {
            return true;
        }
        for (TextMatcher m : appliesTo) {
            if (m.matches(path)) {
                return true;
            }
        }
        return false;
    }

    boolean isStartPage(String path) {
        for (TextMatcher m : pages) {
            if (m.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a request of {@code path} violates the rule, given whether the session has started. */
    boolean violates(boolean started, String path) {
        return !started && guards(path) && !isStartPage(path);
    }

    String reason(String path) {
        return Excerpts.escape(path, 96) + " requested before a start page (" + pagesText + ")";
    }

    @Override
    public String toString() {
        return id + "(start pages " + pagesText + (appliesTo.isEmpty() ? "" : " for " + appliesTo) + ", " + action + ")";
    }
}
