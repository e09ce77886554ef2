package io.tandem.waf.rules;

import io.tandem.waf.Action;
import io.tandem.waf.Match;
import io.tandem.waf.RequestView;
import io.tandem.waf.Rule;
import io.tandem.waf.Severity;
import io.tandem.waf.Target;
import io.tandem.waf.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A {@link Check} with what the configuration says about it: stable id, category, severity,
 * action, exceptions and monitor mode. In monitor mode every verdict becomes an
 * {@link Verdict.Alert} (logged, never blocking). A period-block action also records the client
 * or session in the shared {@link PeriodBlocks}. Immutable and thread-safe.
 */
public final class ConfiguredRule implements Rule {

    /** The exclusions of a rule without applicable exceptions (the sweep skips testing it). */
    static final Predicate<Target> NOTHING = t -> false;

    private final String id;
    private final String category;
    private final Severity severity;
    private final Check check;
    private final Action action;
    private final List<RuleException> exceptions;
    private final boolean monitor;
    private final PeriodBlocks blocks;

    public ConfiguredRule(String id, String category, Severity severity, Check check, Action action,
            List<RuleException> exceptions, boolean monitor, PeriodBlocks blocks) {
        this.id = Objects.requireNonNull(id, "id");
        this.category = Objects.requireNonNull(category, "category");
        this.severity = Objects.requireNonNull(severity, "severity");
        this.check = Objects.requireNonNull(check, "check");
        this.action = Objects.requireNonNull(action, "action");
        List<RuleException> mine = new ArrayList<>();
        for (RuleException e : exceptions) {
            if (e.coversRule(id)) {
                mine.add(e);
            }
        }
        this.exceptions = List.copyOf(mine);
        this.monitor = monitor;
        this.blocks = Objects.requireNonNull(blocks, "blocks");
    }

    @Override
    public String id() {
        return id;
    }

    public String category() {
        return category;
    }

    public Severity severity() {
        return severity;
    }

    public Action action() {
        return action;
    }

    @Override
    public Verdict evaluate(RequestView request) {
        Predicate<Target> excluded = exclusions(request);
        return excluded == null ? Verdict.PASS : verdict(request, check.find(request, excluded));
    }

    /** The check, when it is a signature check (which the engine runs together with its neighbours). */
    public SignatureCheck signatureCheck() {
        return check instanceof SignatureCheck s ? s : null;
    }

    /**
     * The targets this rule's exceptions exclude from {@code request}, or {@code null} when an
     * exception covers the whole rule there (the rule passes without looking).
     */
    public Predicate<Target> exclusions(RequestView request) {
        Predicate<Target> excluded = NOTHING;
        for (RuleException e : exceptions) {
            if (e.appliesTo(request)) {
                if (e.wholeRule()) {
                    return null;
                }
                excluded = excluded.or(e::excludes);
            }
        }
        return excluded;
    }

    /** Whether a finding ends evaluation: a blocking action, not in monitor mode. */
    public boolean blocks() {
        return !monitor && action.kind() != Action.Kind.ALERT;
    }

    /**
     * The verdict for what the check found in {@code request} ({@code null}: nothing, a pass);
     * a period block is recorded here.
     */
    public Verdict verdict(RequestView request, Finding f) {
        if (f == null) {
            return Verdict.PASS;
        }
        Match match = new Match(category, severity, f.location(), f.name(), f.detail(), f.excerpt());
        String reason = f.detail() + " at " + match.where();
        if (monitor) {
            return new Verdict.Alert(id, "monitor (" + action + "): " + reason, match);
        }
        Verdict verdict = action.verdict(id, reason, match);
        if (action.kind() == Action.Kind.PERIOD_BLOCK) {
            String key = PeriodBlockRule.key(request, action.blockScope());
            if (key != null) {
                blocks.block(key, action.blockPeriod(), id, reason);
            }
        }
        return verdict;
    }

    @Override
    public String toString() {
        return id + "(" + category + ", " + severity.label() + ", " + action + (monitor ? ", monitor" : "") + ")";
    }
}
