package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.WafConfig;
import io.tandem.waf.rules.PeriodBlockRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The config module validates {@code waf.rules} and {@code waf.exceptions[].rules} against its own
 * list of built-in rule ids (it cannot depend on this module); this keeps the two from drifting.
 */
class BuiltInRuleIdsTest {

    @Test
    void configList_isExactlyTheBuiltInRules_inEvaluationOrder() {
        assertThat(RuleSet.builtinRules()).extracting(RuleSet.Builtin::id)
                .containsExactlyElementsOf(WafConfig.BUILT_IN_RULE_IDS);
    }

    @Test
    void defaultEngine_isThePeriodBlockRuleThenEveryBuiltInRule() {
        List<String> expected = new ArrayList<>();
        expected.add(WafConfig.PERIOD_BLOCK_RULE_ID);
        expected.addAll(WafConfig.BUILT_IN_RULE_IDS);

        assertThat(RuleSet.build(WafSettings.defaults()).rules()).extracting(Rule::id).containsExactlyElementsOf(expected);
        assertThat(PeriodBlockRule.ID).isEqualTo(WafConfig.PERIOD_BLOCK_RULE_ID);
    }
}
