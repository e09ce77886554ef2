package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are checked when the rule set is built; every problem is reported at once, with its path. */
class WafSettingsValidationTest {

    @Test
    void unknownRuleId_isReportedWithASuggestion() {
        WafSettings s = WafSettings.defaults().withRules(Map.of("sqlii", WafSettings.RuleSettings.disabled()));
        assertThatThrownBy(() -> RuleSet.build(s))
                .hasMessage("invalid WAF settings: rules.sqlii: unknown rule (did you mean sqli?)");
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        WafSettings s = WafSettings.defaults()
                .withIpLists(List.of(new WafSettings.IpList("office", true, List.of("10.0.0.1/8", "not-an-ip"), null)))
                .withUrlAccess(List.of(new WafSettings.UrlAccess("office", null, false, "(unclosed", true, false, null)))
                .withExceptions(List.of(new WafSettings.ExceptionSettings("e1", List.of("xs"), null, false, "/a", false,
                        List.of(), List.of())));
        assertThatThrownBy(() -> RuleSet.build(s))
                .hasMessageContaining("exceptions[0].rules: xs (expected: a rule id or * (did you mean xss?))")
                .hasMessageContaining("ip-lists[0].networks[0]: 10.0.0.1/8 (expected: an IPv4 or IPv6 address or CIDR)")
                .hasMessageContaining("ip-lists[0].networks[1]: not-an-ip (expected: an IPv4 or IPv6 address or CIDR)")
                .hasMessageContaining("url-access[0].id: office (expected: an id not used by another rule)")
                .hasMessageContaining("url-access[0]: url-access[0].path: regex: (unclosed (expected: RE2 syntax;");
    }

    @Test
    void actionArguments_areCheckedWhenBuilt() {
        assertThatThrownBy(() -> Action.periodBlock(java.time.Duration.ofSeconds(0), Action.BlockScope.CLIENT_ADDRESS))
                .hasMessage("blockPeriod: PT0S (expected: 1..3600 s)");
        assertThatThrownBy(() -> Action.alertDeny(200)).hasMessage("status: 200 (expected: 400..599)");
        assertThatThrownBy(() -> Action.Kind.parse("block"))
                .hasMessage("action: block (expected: alert, alert-deny, deny-no-log, send-403, redirect or period-block)");
        assertThatThrownBy(() -> new ParseLimits(0, 1024, 65_536, 128, 32, 64, 256, 1 << 20, 1 << 20))
                .hasMessage("maxArgs: 0 (expected: 1..100000)");
    }
}
