package io.tandem.waf.rules;

import io.tandem.waf.RequestView;
import io.tandem.waf.Rule;
import io.tandem.waf.Target;
import io.tandem.waf.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Consecutive signature rules of an engine, evaluated together by one {@link SignatureSweep}. The
 * verdicts are those the rules give one by one, in the same order.
 */
public final class SignatureRules {

    private final ConfiguredRule[] rules;
    private final SignatureSweep sweep;
    /** Indexes (as bits) of the rules whose finding ends evaluation. */
    private final long blocking;

    private SignatureRules(List<ConfiguredRule> rules) {
        this.rules = rules.toArray(new ConfiguredRule[0]);
        List<SignatureCheck> checks = new ArrayList<>();
        long b = 0;
        for (int i = 0; i < this.rules.length; i++) {
            checks.add(this.rules[i].signatureCheck());
            b |= this.rules[i].blocks() ? 1L << i : 0;
        }
        this.sweep = new SignatureSweep(checks);
        this.blocking = b;
    }

    /**
     * {@code rules} with each longest run of signature rules (up to {@link SignatureSweep#MAX_CHECKS})
     * replaced by one {@code SignatureRules}; other rules are kept as they are.
     */
    public static List<Object> group(List<Rule> rules) {
        List<Object> plan = new ArrayList<>();
        List<ConfiguredRule> run = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule instanceof ConfiguredRule c && c.signatureCheck() != null) {
                run.add(c);
                if (run.size() == SignatureSweep.MAX_CHECKS) {
                    plan.add(new SignatureRules(run));
                    run.clear();
                }
                continue;
            }
            if (!run.isEmpty()) {
                plan.add(new SignatureRules(run));
                run.clear();
            }
            plan.add(rule);
        }
        if (!run.isEmpty()) {
            plan.add(new SignatureRules(run));
        }
        return plan;
    }

    /**
     * The rules' verdicts in order ({@link Verdict#PASS} where a rule found nothing). With
     * {@code untilBlocked}, the rules after the first blocking verdict are not evaluated and
     * their entries are {@code null}, as when the engine stops there.
     */
    public Verdict[] evaluate(RequestView request, boolean untilBlocked) {
        int n = rules.length;
        @SuppressWarnings({"unchecked", "rawtypes"})
        Predicate<Target>[] excluded = new Predicate[n];
        for (int i = 0; i < n; i++) {
            excluded[i] = rules[i].exclusions(request);
        }
        Finding[] found = sweep.find(request, excluded, untilBlocked ? blocking : 0);
        Verdict[] verdicts = new Verdict[n];
        for (int i = 0; i < n; i++) {
            verdicts[i] = rules[i].verdict(request, found[i]);
            if (untilBlocked && found[i] != null && (blocking & 1L << i) != 0) {
                break;
            }
        }
        return verdicts;
    }
}
