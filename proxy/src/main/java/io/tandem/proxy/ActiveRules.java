package io.tandem.proxy;

import io.tandem.config.WafConfig;
import io.tandem.waf.ParseLimits;
import io.tandem.waf.RuleEngine;
import io.tandem.waf.RuleSet;
import io.tandem.waf.WafSettings;
import io.tandem.waf.WafSettingsMapper;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.session.SessionRuleSettings;
import io.tandem.waf.session.SessionRuleStore;
import io.tandem.waf.session.SessionRules;

/**
 * The rules a member enforces, built from one {@code waf:} section: the engine and the parse
 * limits that go with it, swapped together on a reload so that a request never sees the engine of
 * one configuration with the limits of another.
 *
 * @param source the section they were built from (a reload with an equal section keeps them)
 * @param engine every configured rule, in order
 * @param limits how much of a request the parsers read, including the body to buffer
 * @param sessionRules the history-based rules (start pages, page order, rate limits)
 */
record ActiveRules(WafConfig source, RuleEngine engine, ParseLimits limits, SessionRules sessionRules) {

    /**
     * @param blocks the period-block table, shared by every rule set of the member's life so that a
     *               reload does not set blocked clients free
     * @param store  the session rules' state outside the history (per-client windows, when this
     *               member became active), likewise shared
     * @throws IllegalArgumentException if the engine refuses the settings (the configuration loader
     *                                  checks the same, so this means a bug, reported by the reload)
     */
    static ActiveRules of(WafConfig waf, PeriodBlocks blocks, SessionRuleStore store) {
        WafSettings settings = WafSettingsMapper.from(waf);
        if (!waf.enabled()) {
            return new ActiveRules(waf, RuleEngine.empty(), settings.parseLimits(),
                    SessionRules.build(SessionRuleSettings.none(), blocks, store));
        }
        return new ActiveRules(waf, RuleSet.build(settings, blocks), settings.parseLimits(),
                SessionRules.build(WafSettingsMapper.sessionRules(waf), blocks, store));
    }

    /** {@code 42 rules, blocking} or {@code ..., monitor mode}. */
    String summary() {
        if (!source.enabled()) {
            return "waf disabled (waf.enabled: false): nothing inspected";
        }
        return engine.rules().size() + " rules, " + sessionRules.ruleIds().size() + " session rules (after-failover "
                + sessionRules.afterFailover() + "), " + (source.monitorMode() ? "monitor mode (nothing blocked)"
                : "blocking") + ", body inspected up to " + limits.maxBodyInspect() + " bytes";
    }
}
