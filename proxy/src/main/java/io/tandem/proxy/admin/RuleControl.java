package io.tandem.proxy.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of the current rule set as the admin API shows and switches them. See
 * {@link RuleSwitches}. Thread-safe.
 */
public interface RuleControl {

    /** Every rule of the configured rule set, in evaluation order, with its switch and hits. */
    List<RuleInfo> rules();

    /**
     * Switches a rule on or off at runtime. The switch is not written to the configuration: a
     * restart, or a reload that drops the rule, forgets it.
     *
     * @return the rule after the change, or empty if the rule set has no rule of that id
     */
    Optional<RuleInfo> setEnabled(String ruleId, boolean enabled);

    /**
     * @param id      the rule's stable id
     * @param enabled whether it is evaluated
     * @param hits    requests it acted on since start, by action ({@code alert}, {@code deny},
     *                {@code redirect}, {@code period-block})
     */
    record RuleInfo(String id, boolean enabled, Map<String, Long> hits) {
        public RuleInfo {
            hits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hits));
        }
    }
}
