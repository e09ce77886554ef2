package io.tandem.proxy;

import io.tandem.config.WafConfig;
import io.tandem.waf.ParseLimits;
import io.tandem.waf.RuleEngine;
import io.tandem.waf.RuleSet;
import io.tandem.waf.WafSettings;
import io.tandem.waf.WafSettingsMapper;
import io.tandem.waf.rules.PeriodBlocks;

/**
 * The rules a member enforces, built from one {@code waf:} section: the engine and the parse
 * limits that go with it, swapped together on a reload so that a request never sees the engine of
 * one configuration with the limits of another.
 *
 * @param source the section they were built from (a reload with an equal section keeps them)
 * @param engine every configured rule, in order
 * @param limits how much of a request the parsers read, including the body to buffer
 */
record ActiveRules(WafConfig source, RuleEngine engine, ParseLimits limits) {

    /**
     * @param blocks the period-block table, shared by every rule set of the member's life so that a
     *               reload does not set blocked clients free
     * @throws IllegalArgumentException if the engine refuses the settings (the configuration loader
     *                                  checks the same, so this means a bug, reported by the reload)
     */
    static ActiveRules of(WafConfig waf, PeriodBlocks blocks) {
        WafSettings settings = WafSettingsMapper.from(waf);
        return new ActiveRules(waf, RuleSet.build(settings, blocks), settings.parseLimits());
    }

    /** {@code 42 rules, blocking} or {@code ..., monitor mode}. */
    String summary() {
        return engine.rules().size() + " rules, " + (source.monitorMode() ? "monitor mode (nothing blocked)"
                : "blocking") + ", body inspected up to " + limits.maxBodyInspect() + " bytes";
    }
}
