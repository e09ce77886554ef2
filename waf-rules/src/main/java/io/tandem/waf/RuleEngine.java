package io.tandem.waf;

import java.util.List;

/**
 * Evaluates rules in order and returns the first verdict that is not {@link Verdict.Pass}.
 * Immutable and thread-safe: a new rule set means a new engine, swapped atomically by the caller.
 */
public final class RuleEngine {

    private final List<Rule> rules;

    private RuleEngine(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static RuleEngine of(List<Rule> rules) {
        return new RuleEngine(rules);
    }

    /** An engine without rules: every request passes. */
    public static RuleEngine empty() {
        return new RuleEngine(List.of());
    }

    public Verdict evaluate(RequestView request) {
        for (Rule rule : rules) {
            Verdict verdict = rule.evaluate(request);
            if (!(verdict instanceof Verdict.Pass)) {
                return verdict;
            }
        }
        return Verdict.PASS;
    }

    public List<Rule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "rule-engine(" + rules.size() + " rules)";
    }
}
