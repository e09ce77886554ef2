package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.waf.rules.PeriodBlocks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenarios over the default rule set and its settings: which rules fire and which do not,
 * actions, monitor mode, exceptions, IP lists, URL access and period blocks (with a clock the
 * test moves).
 */
class RuleEngineScenarioTest {

    private static final String MAGENTO_SAVE = "/admin/admin/system_config/save/section/design/";

    /** A clock the test advances; never sleeps. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void sqlInjection_firesSqliOnly_andTheVerdictSaysWhere() {
        Evaluation e = RuleSet.build(WafSettings.defaults()).inspect(TestRequests.get("/search?q=1%27%20or%20%271%27%3D%271&page=2"));

        assertThat(e.firedRuleIds()).containsExactly("sqli");
        assertThat(e.verdict()).isInstanceOf(Verdict.Deny.class);
        Verdict.Deny deny = (Verdict.Deny) e.verdict();
        assertThat(deny.status()).isEqualTo(403);
        assertThat(deny.match().location()).isEqualTo(Location.QUERY_ARG);
        assertThat(deny.match().name()).isEqualTo("q");
        assertThat(deny.match().category()).isEqualTo("sqli");
        assertThat(deny.match().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(deny.match().excerpt()).contains("or");
        assertThat(deny.reason()).contains("query:q");
    }

    @Test
    void benignShopRequest_firesNothing() {
        Evaluation e = RuleSet.build(WafSettings.defaults())
                .inspect(TestRequests.get("/catalog/product/view/id/42?color=blue&size=m&q=O%27Brien%20t-shirt"));
        assertThat(e.fired()).isEmpty();
        assertThat(e.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void excerpt_isEscapedAndBounded() {
        String payload = "%3Cscript%3Ealert(1)%3C/script%3E%0d%0a" + "A".repeat(5000);
        Verdict v = RuleSet.build(WafSettings.defaults()).evaluate(TestRequests.get("/?q=" + payload));
        Match m = ((Verdict.Deny) v).match();
        assertThat(m.excerpt()).doesNotContain("\r").doesNotContain("\n");
        assertThat(m.excerpt().length()).isLessThan(400);
    }

    @Test
    void monitorMode_logsButNeverBlocks() {
        RuleEngine engine = RuleSet.build(WafSettings.defaults().withMonitorMode(true));
        Verdict v = engine.evaluate(TestRequests.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E"));
        assertThat(v).isInstanceOf(Verdict.Alert.class);
        assertThat(((Verdict.Alert) v).ruleId()).isEqualTo("xss");
        assertThat(((Verdict.Alert) v).reason()).startsWith("monitor (alert-deny): ");
    }

    @Test
    void alertOnlyRule_doesNotShieldALaterBlockingRule() {
        WafSettings s = WafSettings.defaults().withRules(Map.of("sqli", WafSettings.RuleSettings.action(Action.alert())));
        RuleEngine engine = RuleSet.build(s);

        Verdict onlySqli = engine.evaluate(TestRequests.get("/?q=1%20or%201%3D1--"));
        Verdict both = engine.evaluate(TestRequests.get("/?q=1%20or%201%3D1--&r=%3Cscript%3Ealert(1)%3C/script%3E"));

        assertThat(onlySqli).isInstanceOf(Verdict.Alert.class);
        assertThat(both).isInstanceOf(Verdict.Deny.class);
        assertThat(((Verdict.Deny) both).ruleId()).isEqualTo("xss");
    }

    @Test
    void actions_mapToVerdicts() {
        URI blocked = URI.create("https://shop.example.com/blocked.html");
        WafSettings s = WafSettings.defaults().withRules(Map.of(
                "xss", WafSettings.RuleSettings.action(Action.redirect(blocked)),
                "sqli", WafSettings.RuleSettings.action(Action.denyNoLog()),
                "lfi", WafSettings.RuleSettings.action(Action.alertDeny(406))));
        RuleEngine engine = RuleSet.build(s);

        assertThat(engine.evaluate(TestRequests.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E")))
                .isInstanceOfSatisfying(Verdict.Redirect.class, r -> assertThat(r.location()).isEqualTo(blocked));
        assertThat(engine.evaluate(TestRequests.get("/?q=1%20union%20select%201,2")))
                .isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.log()).isFalse());
        assertThat(engine.evaluate(TestRequests.get("/?f=../../../../etc/passwd")))
                .isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.status()).isEqualTo(406));
    }

    @Test
    void magentoAdminConfigSave_exceptionSkipsOnlyTheListedArguments() {
        String body = "form_key=Xy8kP2mN0qR5sT7u&groups%5Bhead%5D%5Bfields%5D%5Bincludes%5D%5Bvalue%5D="
                + "%3Cscript%20src%3D%22https%3A%2F%2Fcdn.example%2Fa.js%22%3E%3C%2Fscript%3E";
        WafSettings.ExceptionSettings magento = new WafSettings.ExceptionSettings("magento-config-save",
                List.of("xss", "sqli"), null, false, "/admin/admin/system_config/save/*", false, List.of("POST"),
                List.of("groups[*"));
        RuleEngine plain = RuleSet.build(WafSettings.defaults());
        RuleEngine withException = RuleSet.build(WafSettings.defaults().withExceptions(List.of(magento)));

        assertThat(plain.inspect(TestRequests.form(MAGENTO_SAVE, body)).firedRuleIds()).contains("xss");
        assertThat(withException.inspect(TestRequests.form(MAGENTO_SAVE, body)).fired()).isEmpty();
        // the same payload in another argument, or on another URL, still fires
        assertThat(withException.inspect(TestRequests.form(MAGENTO_SAVE, "form_key=%3Cscript%3Ealert(1)%3C/script%3E"))
                .firedRuleIds()).containsExactly("xss");
        assertThat(withException.inspect(TestRequests.form("/customer/account/editPost/", body)).firedRuleIds())
                .containsExactly("xss");
    }

    @Test
    void wholeRuleException_skipsTheRuleForThatUrlOnly() {
        WafSettings.ExceptionSettings e = new WafSettings.ExceptionSettings("cms-preview", List.of("xss"), null, false,
                "/cms/preview", false, List.of(), List.of());
        RuleEngine engine = RuleSet.build(WafSettings.defaults().withExceptions(List.of(e)));
        assertThat(engine.inspect(TestRequests.get("/cms/preview?html=%3Cscript%3Ex%3C/script%3E")).fired()).isEmpty();
        assertThat(engine.inspect(TestRequests.get("/cms/other?html=%3Cscript%3Ex%3C/script%3E")).firedRuleIds())
                .containsExactly("xss");
    }

    @Test
    void trustedNetwork_skipsEverything_blockedNetworkIsDenied() {
        WafSettings s = WafSettings.defaults().withIpLists(List.of(
                new WafSettings.IpList("office", true, List.of("203.0.113.0/24", "2001:db8::/32"), null),
                new WafSettings.IpList("blocklist", false, List.of("192.0.2.66"), null)));
        RuleEngine engine = RuleSet.build(s);
        String attack = "/?q=%3Cscript%3Ealert(1)%3C/script%3E";

        assertThat(engine.evaluate(TestRequests.get(attack, "203.0.113.9"))).isEqualTo(Verdict.PASS);
        assertThat(engine.evaluate(TestRequests.get(attack, "2001:db8::1"))).isEqualTo(Verdict.PASS);
        assertThat(engine.evaluate(TestRequests.get("/", "192.0.2.66")))
                .isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.ruleId()).isEqualTo("blocklist"));
        assertThat(engine.evaluate(TestRequests.get(attack, "198.51.100.7"))).isInstanceOf(Verdict.Deny.class);
    }

    @Test
    void urlAccess_denyAndAllow() {
        WafSettings s = WafSettings.defaults().withUrlAccess(List.of(
                new WafSettings.UrlAccess("health", null, false, "/health", false, true, null),
                new WafSettings.UrlAccess("no-setup", null, false, "^/(setup|update)/", true, false, Action.send403()),
                new WafSettings.UrlAccess("admin-host-only", "shop.example.com", false, "/admin*", false, false, null)));
        RuleEngine engine = RuleSet.build(s);

        assertThat(engine.evaluate(TestRequests.get("/health?x=%3Cscript%3E"))).isEqualTo(Verdict.PASS);
        assertThat(engine.evaluate(TestRequests.get("/setup/index.php")))
                .isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.ruleId()).isEqualTo("no-setup"));
        assertThat(engine.evaluate(TestRequests.get("/admin/dashboard")))
                .isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.ruleId()).isEqualTo("admin-host-only"));
        assertThat(engine.evaluate(TestRequests.get("/catalog"))).isEqualTo(Verdict.PASS);
    }

    @Test
    void periodBlock_blocksTheClientUntilTheClockPassesThePeriod() {
        TestClock clock = new TestClock();
        PeriodBlocks blocks = new PeriodBlocks(clock, 1000);
        WafSettings s = WafSettings.defaults().withRules(Map.of("sqli",
                WafSettings.RuleSettings.action(Action.periodBlock(Duration.ofSeconds(60), Action.BlockScope.CLIENT_ADDRESS))));
        RuleEngine engine = RuleSet.build(s, blocks);

        Verdict first = engine.evaluate(TestRequests.get("/?q=1%20union%20select%201,2", "198.51.100.7"));
        clock.advance(Duration.ofSeconds(20));
        Verdict later = engine.evaluate(TestRequests.get("/catalog", "198.51.100.7"));
        Verdict otherClient = engine.evaluate(TestRequests.get("/catalog", "198.51.100.8"));
        clock.advance(Duration.ofSeconds(41));
        Verdict afterPeriod = engine.evaluate(TestRequests.get("/catalog", "198.51.100.7"));

        assertThat(first).isInstanceOfSatisfying(Verdict.PeriodBlock.class, p -> {
            assertThat(p.ruleId()).isEqualTo("sqli");
            assertThat(p.duration()).isEqualTo(Duration.ofSeconds(60));
        });
        assertThat(later).isInstanceOfSatisfying(Verdict.PeriodBlock.class, p -> {
            assertThat(p.ruleId()).isEqualTo("period-block");
            assertThat(p.duration()).isEqualTo(Duration.ofSeconds(40));
            assertThat(p.reason()).contains("sqli");
        });
        assertThat(otherClient).isEqualTo(Verdict.PASS);
        assertThat(afterPeriod).isEqualTo(Verdict.PASS);
    }

    @Test
    void aRuleAfterTheFirstBlockingOne_isNotReached_soItsPeriodBlockIsNotRecorded() {
        // sqli (deny) comes before xss (period block) in the signature rules, which run in one sweep
        PeriodBlocks blocks = new PeriodBlocks(new TestClock(), 1000);
        WafSettings s = WafSettings.defaults().withRules(Map.of("xss",
                WafSettings.RuleSettings.action(Action.periodBlock(Duration.ofSeconds(60), Action.BlockScope.CLIENT_ADDRESS))));
        RuleEngine engine = RuleSet.build(s, blocks);

        Verdict both = engine.evaluate(TestRequests.get("/?q=1%20union%20select%201,2&r=%3Cscript%3Ealert(1)%3C/script%3E",
                "198.51.100.9"));
        Verdict next = engine.evaluate(TestRequests.get("/catalog", "198.51.100.9"));
        Evaluation all = engine.inspect(TestRequests.get("/?q=1%20union%20select%201,2&r=%3Cscript%3Ealert(1)%3C/script%3E",
                "198.51.100.10"));

        assertThat(both).isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.ruleId()).isEqualTo("sqli"));
        assertThat(next).isEqualTo(Verdict.PASS);
        assertThat(all.firedRuleIds()).contains("sqli", "xss");
    }

    @Test
    void periodBlock_bySession_followsTheSessionNotTheAddress() {
        TestClock clock = new TestClock();
        PeriodBlocks blocks = new PeriodBlocks(clock, 1000);
        WafSettings s = WafSettings.defaults().withRules(Map.of("xss",
                WafSettings.RuleSettings.action(Action.periodBlock(Duration.ofSeconds(300), Action.BlockScope.SESSION))));
        RuleEngine engine = RuleSet.build(s, blocks);

        engine.evaluate(withSession(TestRequests.get("/?q=%3Cscript%3Ex%3C/script%3E", "198.51.100.7"), "s-1"));
        Verdict sameSessionNewAddress = engine.evaluate(withSession(TestRequests.get("/", "198.51.100.99"), "s-1"));
        Verdict sameAddressOtherSession = engine.evaluate(withSession(TestRequests.get("/", "198.51.100.7"), "s-2"));

        assertThat(sameSessionNewAddress).isInstanceOf(Verdict.PeriodBlock.class);
        assertThat(sameAddressOtherSession).isEqualTo(Verdict.PASS);
    }

    @Test
    void engineRebuiltFromASubsetOfRules_keepsMonitorModeAndPeriodBlocks() {
        RuleEngine monitor = RuleSet.build(WafSettings.defaults().withMonitorMode(true));
        RuleEngine subset = RuleEngine.of(monitor.rules().stream().filter(r -> !r.id().equals("sqli")).toList());
        Verdict v = subset.evaluate(TestRequests.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E"));
        assertThat(v).isInstanceOf(Verdict.Alert.class);
        assertThat(subset.rules()).extracting(Rule::id).doesNotContain("sqli").contains("period-block", "xss");
    }

    @Test
    void ruleIds_areStableAndUnique() {
        List<String> ids = RuleSet.build(WafSettings.defaults()).rules().stream().map(Rule::id).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).startsWith("period-block").contains("http-smuggling", "sqli", "xss", "lfi", "rfi", "rce", "php",
                "java", "node", "ssrf", "xxe", "scanner");
    }

    private static RequestView withSession(RequestView r, String sessionId) {
        return RequestView.builder().requestId(r.requestId()).method(r.method()).rawTarget(r.rawTarget())
                .protocol(r.protocol()).headers(r.headers()).clientAddress(r.clientAddress()).sessionState("known")
                .sessionId(sessionId).build();
    }
}
