package io.tandem.proxy.admin;

import io.tandem.proxy.metrics.TandemMetrics;
import io.tandem.waf.Rule;
import io.tandem.waf.RuleEngine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runtime on/off switches over the configured rule set. The rule stage reads {@link #engine()}
 * instead of the configured engine: it is the configured engine without the disabled rules,
 * rebuilt only when the configured engine or a switch changes, so a request pays one volatile
 * read and an identity comparison.
 *
 * <p>Wiring: the rule stage asks {@code switches.engine(base)} for the base engine it read, with
 * {@code new RuleSwitches(rules::get, metrics)}. Switches are kept by rule id across reloads;
 * an id that disappears from the rule set is ignored until it comes back. Thread-safe.
 */
public final class RuleSwitches implements RuleControl {

    private final Supplier<RuleEngine> configured;
    private final TandemMetrics metrics;
    private final AtomicReference<State> state;

    private record State(RuleEngine base, Set<String> disabled, RuleEngine effective) {
    }

    public RuleSwitches(Supplier<RuleEngine> configured, TandemMetrics metrics) {
        this.configured = configured;
        this.metrics = metrics;
        RuleEngine base = configured.get();
        this.state = new AtomicReference<>(new State(base, Set.of(), base));
    }

    /** The engine the rule stage should use now: the configured one without disabled rules. */
    public RuleEngine engine() {
        return engine(configured.get());
    }

    /**
     * {@code base} without the disabled rules; for a caller that has already read the configured
     * engine as part of a larger snapshot (the rule stage reads engine, limits and session rules
     * of one configuration together).
     */
    public RuleEngine engine(RuleEngine base) {
        State s = state.get();
        if (s.base() == base) {
            return s.effective();
        }
        State next = build(base, s.disabled());
        state.compareAndSet(s, next); // a lost race is fine: the next call rebuilds again
        return next.effective();
    }

    private static State build(RuleEngine base, Set<String> disabled) {
        if (disabled.isEmpty()) {
            return new State(base, disabled, base);
        }
        List<Rule> enabled = new ArrayList<>();
        for (Rule rule : base.rules()) {
            if (!disabled.contains(rule.id())) {
                enabled.add(rule);
            }
        }
        return new State(base, disabled, RuleEngine.of(enabled));
    }

    @Override
    public List<RuleInfo> rules() {
        Set<String> disabled = state.get().disabled();
        List<RuleInfo> out = new ArrayList<>();
        for (Rule rule : configured.get().rules()) {
            out.add(info(rule.id(), !disabled.contains(rule.id())));
        }
        return out;
    }

    @Override
    public Optional<RuleInfo> setEnabled(String ruleId, boolean enabled) {
        RuleEngine base = configured.get();
        if (base.rules().stream().noneMatch(r -> r.id().equals(ruleId))) {
            return Optional.empty();
        }
        State s;
        State next;
        do {
            s = state.get();
            Set<String> disabled = new HashSet<>(s.disabled());
            if (enabled) {
                disabled.remove(ruleId);
            } else {
                disabled.add(ruleId);
            }
            next = build(base, Set.copyOf(disabled));
        } while (!state.compareAndSet(s, next));
        return Optional.of(info(ruleId, enabled));
    }

    private RuleInfo info(String id, boolean enabled) {
        Map<String, Long> hits = new LinkedHashMap<>(metrics.ruleHits(id));
        return new RuleInfo(id, enabled, hits);
    }

    @Override
    public String toString() {
        return "rule-switches(disabled: " + state.get().disabled() + ")";
    }
}
