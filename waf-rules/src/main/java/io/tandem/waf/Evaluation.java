package io.tandem.waf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of running every rule on one request, for scenario tests, monitor mode and
 * diagnostics: the verdict {@link RuleEngine#evaluate} would return, and every rule that fired.
 *
 * @param verdict the effective verdict
 * @param fired   the non-pass verdicts of all rules that matched, in rule order
 */
public record Evaluation(Verdict verdict, List<Verdict> fired) {

    public Evaluation {
        Objects.requireNonNull(verdict, "verdict");
        fired = List.copyOf(fired);
    }

    /** The ids of the rules that fired, in rule order. */
    public List<String> firedRuleIds() {
        List<String> ids = new ArrayList<>();
        for (Verdict v : fired) {
            ids.add(v.ruleIdOrEmpty());
        }
        return ids;
    }
}
