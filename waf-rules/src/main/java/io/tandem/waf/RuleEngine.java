package io.tandem.waf;

import io.tandem.waf.rules.SignatureRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates rules in order. A {@link TrustRule} that trusts the request ends evaluation with
 * {@link Verdict#PASS}. An {@link Verdict.Alert} is remembered and evaluation continues (an
 * alert-only rule must not shield a request from a later blocking rule); the first blocking
 * verdict (deny, redirect, period block) ends evaluation and is returned. Without one, the first
 * alert is returned, else {@link Verdict#PASS}.
 *
 * <p>Immutable and thread-safe: a new rule set means a new engine, swapped atomically by the
 * caller. Everything a rule needs beyond the request (monitor mode, the period-block table) is
 * held by the rules themselves, so an engine rebuilt from a subset of {@link #rules()} behaves
 * the same for the rules it keeps.
 */
public final class RuleEngine {

    private final List<Rule> rules;
    /** {@link #rules}, each run of signature rules as one {@link SignatureRules} (evaluated in one sweep). */
    private final List<Object> plan;

    private RuleEngine(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.plan = SignatureRules.group(this.rules);
    }

    public static RuleEngine of(List<Rule> rules) {
        return new RuleEngine(rules);
    }

    /** An engine without rules: every request passes. */
    public static RuleEngine empty() {
        return new RuleEngine(List.of());
    }

    public Verdict evaluate(RequestView request) {
        try {
            return evaluateRules(request);
        } finally {
            io.tandem.waf.rules.VerdictMemo.remember(request);
        }
    }

    private Verdict evaluateRules(RequestView request) {
        Verdict firstAlert = null;
        for (Object step : plan) {
            if (step instanceof SignatureRules signatures) {
                for (Verdict verdict : signatures.evaluate(request, true)) {
                    if (verdict == null || verdict instanceof Verdict.Pass) {
                        continue;
                    }
                    if (!(verdict instanceof Verdict.Alert)) {
                        return verdict;
                    }
                    firstAlert = firstAlert != null ? firstAlert : verdict;
                }
                continue;
            }
            Rule rule = (Rule) step;
            if (rule instanceof TrustRule trust && trust.trusts(request)) {
                return firstAlert != null ? firstAlert : Verdict.PASS;
            }
            Verdict verdict = rule.evaluate(request);
            if (verdict instanceof Verdict.Pass) {
                continue;
            }
            if (!(verdict instanceof Verdict.Alert)) {
                return verdict;
            }
            firstAlert = firstAlert != null ? firstAlert : verdict;
        }
        return firstAlert != null ? firstAlert : Verdict.PASS;
    }

    /**
     * Runs every rule (up to a trusting one) without stopping at the first blocking verdict, and
     * returns the verdict {@link #evaluate} would give together with all rules that fired. Costs
     * more than {@link #evaluate}; meant for tests, tuning and diagnostics.
     */
    public Evaluation inspect(RequestView request) {
        List<Verdict> fired = new ArrayList<>();
        for (Object step : plan) {
            if (step instanceof SignatureRules signatures) {
                for (Verdict verdict : signatures.evaluate(request, false)) {
                    if (!(verdict instanceof Verdict.Pass)) {
                        fired.add(verdict);
                    }
                }
                continue;
            }
            Rule rule = (Rule) step;
            if (rule instanceof TrustRule trust && trust.trusts(request)) {
                break;
            }
            Verdict verdict = rule.evaluate(request);
            if (!(verdict instanceof Verdict.Pass)) {
                fired.add(verdict);
            }
        }
        Verdict effective = null;
        Verdict firstAlert = null;
        for (Verdict verdict : fired) {
            if (verdict instanceof Verdict.Alert) {
                firstAlert = firstAlert != null ? firstAlert : verdict;
            } else if (effective == null) {
                effective = verdict;
            }
        }
        if (effective == null) {
            effective = firstAlert != null ? firstAlert : Verdict.PASS;
        }
        return new Evaluation(effective, fired);
    }

    public List<Rule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "rule-engine(" + rules.size() + " rules)";
    }
}
