package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.session.LocalHistory;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.session.SessionRuleSettings;
import io.tandem.waf.session.SessionRuleStore;
import io.tandem.waf.session.SessionRules;
import io.tandem.config.WafAction;
import io.tandem.config.WafConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** From the {@code waf:} section to the engine: every accepted configuration builds, and means what it says. */
class WafSettingsMapperTest {

    private static final String MINIMAL = """
            listener:
              port: 8080
            backends:
              - url: http://127.0.0.1:9001
            """;

    /** Every part of the section that the engine reads, none at its default. */
    private static final String FULL = """
            waf:
              monitor-mode: false
              limits:
                max-args: 2000
                max-arg-name-length: 2KiB
                max-arg-value-length: 128KiB
                max-cookies: 64
                max-json-depth: 16
                max-xml-depth: 32
                max-multipart-parts: 100
                body-inspect: 2MiB
                inspect-budget: 512KiB
              protocol:
                max-header-count: 50
                max-header-line-length: 4KiB
                max-headers-length: 32KiB
                max-url-length: 4096
                max-arg-count: 500
                max-arg-name-length: 128
                max-arg-value-length: 512KiB
                max-args-length: 8MiB
                max-body-length: 64MiB
                max-cookie-count: 64
                max-ranges: 2
                allowed-methods: [GET, HEAD, POST]
                allowed-content-types: [application/x-www-form-urlencoded, Multipart/Form-Data, "application/*+json"]
                allowed-charsets: [UTF-8]
                restricted-headers: [X-Original-URL]
                restricted-extensions: [.bak, .SQL]
                reject-ip-host: true
              rules:
                sqli:
                  action: alert-deny
                  deny-status: 406
                  severity: high
                xss:
                  action: period-block
                  block-period: 10m
                  block-by: session
                scanner:
                  action: redirect
                  redirect-url: https://shop.example.com/blocked.html
                http-body-in-get:
                  enabled: false
              ip-lists:
                - id: office
                  type: allow
                  networks: [203.0.113.0/24, "2001:db8::/32"]
                - id: blocklist
                  type: deny
                  networks: [192.0.2.0/24]
                  action: deny-no-log
                  deny-status: 444
              url-access:
                - id: health
                  path: /health
                  type: allow
                - id: no-setup
                  path: { regex: "^/(setup|update)/" }
                  type: deny
                  action: send-403
                - id: admin-internal-host-only
                  host: Internal.Example.com
                  path: /admin*
                  type: deny
              exceptions:
                - id: magento-admin-config-save
                  rules: [xss, sqli]
                  path: /admin/admin/system_config/save/*
                  methods: [POST]
                  args: ["groups[*"]
                - id: everything-on-static
                  rules: ["*"]
                  host: { regex: "^static\\\\." }
              session-rules:
                rate-limits:
                  - id: login
                    path: /customer/account/loginPost*
                    max-requests: 5
                    window: 60s
            """;

    private static WafConfig waf(String yaml) throws ConfigException {
        return ConfigLoader.parse(MINIMAL + yaml, "tandem.yaml").waf();
    }

    @Test
    void defaults_mapToTheEngineDefaults() {
        WafSettings settings = WafSettingsMapper.from(WafConfig.defaults());

        assertThat(settings).isEqualTo(WafSettings.defaults());
        assertThat(settings.parseLimits()).isEqualTo(ParseLimits.DEFAULTS);
        assertThat(settings.protocol()).isEqualTo(WafSettings.Protocol.DEFAULTS);
        assertThat(RuleSet.build(settings).rules()).hasSize(1 + WafConfig.BUILT_IN_RULE_IDS.size());
    }

    @Test
    void fullSection_mapsEveryPart() throws ConfigException {
        WafSettings s = WafSettingsMapper.from(waf(FULL));

        assertThat(s.monitorMode()).isFalse();
        assertThat(s.parseLimits()).isEqualTo(new ParseLimits(2000, 2048, 128 << 10, 64, 16, 32, 100, 2 << 20, 512 << 10));
        assertThat(s.protocol()).isEqualTo(new WafSettings.Protocol(50, 4096, 32 << 10, 4096, 500, 128, 512 << 10,
                8L << 20, 64L << 20, 64, 2, Set.of("GET", "HEAD", "POST"),
                Set.of("application/x-www-form-urlencoded", "multipart/form-data", "application/*+json"), Set.of("utf-8"),
                Set.of("x-original-url"), Set.of(".bak", ".sql"), true));
        assertThat(s.rules()).isEqualTo(Map.of(
                "sqli", new WafSettings.RuleSettings(true, Action.alertDeny(406), Severity.HIGH),
                "xss", new WafSettings.RuleSettings(true,
                        Action.periodBlock(Duration.ofMinutes(10), Action.BlockScope.SESSION), null),
                "scanner", new WafSettings.RuleSettings(true,
                        Action.redirect(URI.create("https://shop.example.com/blocked.html")), null),
                "http-body-in-get", WafSettings.RuleSettings.disabled()));
        assertThat(s.ipLists()).containsExactly(
                new WafSettings.IpList("office", true, List.of("203.0.113.0/24", "2001:db8::/32"), null),
                new WafSettings.IpList("blocklist", false, List.of("192.0.2.0/24"),
                        new Action(Action.Kind.DENY_NO_LOG, 444, null, null, Action.BlockScope.CLIENT_ADDRESS)));
        assertThat(s.urlAccess()).containsExactly(
                new WafSettings.UrlAccess("health", null, false, "/health", false, true, null),
                new WafSettings.UrlAccess("no-setup", null, false, "^/(setup|update)/", true, false, Action.send403()),
                new WafSettings.UrlAccess("admin-internal-host-only", "internal.example.com", false, "/admin*", false, false,
                        Action.alertDeny()));
        assertThat(s.exceptions()).containsExactly(
                new WafSettings.ExceptionSettings("magento-admin-config-save", List.of("xss", "sqli"), null, false,
                        "/admin/admin/system_config/save/*", false, List.of("POST"), List.of("groups[*")),
                new WafSettings.ExceptionSettings("everything-on-static", List.of("*"), "^static\\.", true, null, false,
                        List.of(), List.of()));
    }

    @Test
    void sessionRules_mapEveryKind_andBuildTheSessionEngine() throws ConfigException {
        WafConfig waf = waf("""
                waf:
                  monitor-mode: true
                  session-rules:
                    after-failover: restart
                    start-pages:
                      - id: checkout-entry
                        applies-to: ["/checkout*"]
                        pages: ["/checkout/cart/", { regex: "^/$" }]
                        action: redirect
                        redirect-url: /checkout/cart/
                    page-order:
                      - id: checkout
                        steps: ["/checkout/cart/", "/checkout/", "/checkout/onepage/success/"]
                    rate-limits:
                      - id: login
                        path: /customer/account/loginPost*
                        methods: [POST]
                        max-requests: 5
                        window: 60s
                        per: client
                        action: period-block
                        block-period: 10m
                """);

        SessionRuleSettings s = WafSettingsMapper.sessionRules(waf);

        assertThat(s.afterFailover()).isEqualTo(SessionRuleSettings.AfterFailover.RESTART);
        assertThat(s.monitorMode()).isTrue();
        assertThat(s.startPages()).containsExactly(new SessionRuleSettings.StartPages("checkout-entry",
                List.of(SessionRuleSettings.PathPattern.plain("/checkout*")),
                List.of(SessionRuleSettings.PathPattern.plain("/checkout/cart/"), SessionRuleSettings.PathPattern.regex("^/$")),
                Action.redirect(URI.create("/checkout/cart/"))));
        assertThat(s.pageOrder()).containsExactly(new SessionRuleSettings.PageOrder("checkout",
                SessionRuleSettings.PathPattern.list("/checkout/cart/", "/checkout/", "/checkout/onepage/success/"),
                Action.alertDeny()));
        assertThat(s.rateLimits()).containsExactly(new SessionRuleSettings.RateLimit("login",
                SessionRuleSettings.PathPattern.plain("/customer/account/loginPost*"), List.of("POST"), 5,
                Duration.ofSeconds(60), SessionRuleSettings.Per.CLIENT,
                Action.periodBlock(Duration.ofMinutes(10), Action.BlockScope.CLIENT_ADDRESS)));
        SessionRuleStore store = new SessionRuleStore(new LocalHistory(100, Duration.ofMinutes(20), Clock.systemUTC()),
                100, Clock.systemUTC());
        assertThat(SessionRules.build(s, new PeriodBlocks(Clock.systemUTC(), 100), store).ruleIds())
                .containsExactlyInAnyOrder("checkout-entry", "checkout", "login");
        assertThat(WafSettingsMapper.sessionRules(WafConfig.defaults()).startPages()).isEmpty();
    }

    @Test
    void fullSection_buildsAnEngineThatDoesWhatTheFileSays() throws ConfigException {
        RuleEngine engine = RuleSet.build(WafSettingsMapper.from(waf(FULL)));

        assertThat(engine.evaluate(TestRequests.get("/?id=1%27%20or%20%271%27%3D%271"))).isInstanceOfSatisfying(
                Verdict.Deny.class, d -> assertThat(d.status()).isEqualTo(406));
        assertThat(engine.evaluate(TestRequests.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E")))
                .isInstanceOfSatisfying(Verdict.PeriodBlock.class,
                        p -> assertThat(p.duration()).isEqualTo(Duration.ofMinutes(10)));
        // trusted office network and allowed /health skip every later rule
        assertThat(engine.evaluate(TestRequests.get("/?id=1%27%20or%20%271%27%3D%271", "203.0.113.9")))
                .isInstanceOf(Verdict.Pass.class);
        assertThat(engine.evaluate(TestRequests.get("/health?id=1%27%20or%20%271%27%3D%271")))
                .isInstanceOf(Verdict.Pass.class);
        assertThat(engine.evaluate(TestRequests.get("/", "192.0.2.77"))).isInstanceOfSatisfying(Verdict.Deny.class, d -> {
            assertThat(d.status()).isEqualTo(444);
            assertThat(d.log()).isFalse();
            assertThat(d.ruleId()).isEqualTo("blocklist");
        });
        assertThat(engine.evaluate(TestRequests.get("/setup/index.php"))).isInstanceOfSatisfying(Verdict.Deny.class,
                d -> assertThat(d.ruleId()).isEqualTo("no-setup"));
        // the exception: the admin's config save may carry HTML in groups[...], and only there
        assertThat(engine.evaluate(TestRequests.form("/admin/admin/system_config/save/section/design/",
                "groups%5Bhead%5D%5Bincludes%5D=%3Cscript%3Ealert(1)%3C%2Fscript%3E"))).isInstanceOf(Verdict.Pass.class);
        assertThat(engine.evaluate(TestRequests.form("/contact/post/",
                "groups%5Bhead%5D%5Bincludes%5D=%3Cscript%3Ealert(1)%3C%2Fscript%3E")))
                .isInstanceOf(Verdict.PeriodBlock.class);
    }

    @Test
    void everyLimitAtItsMinimum_builds() throws ConfigException {
        assertBuilds("""
                waf:
                  limits: {max-args: 1, max-arg-name-length: 16, max-arg-value-length: 64, max-cookies: 1,
                           max-json-depth: 1, max-xml-depth: 1, max-multipart-parts: 1, body-inspect: 0,
                           inspect-budget: 1KiB}
                  protocol: {max-header-count: 1, max-header-line-length: 64, max-headers-length: 64, max-url-length: 64,
                             max-arg-count: 1, max-arg-name-length: 1, max-arg-value-length: 1, max-args-length: 1,
                             max-body-length: 0, max-cookie-count: 1, max-ranges: 1, allowed-methods: [],
                             allowed-content-types: [], allowed-charsets: [], restricted-headers: [],
                             restricted-extensions: []}
                """);
    }

    @Test
    void everyLimitAtItsMaximum_builds() throws ConfigException {
        assertBuilds("""
                waf:
                  limits: {max-args: 100000, max-arg-name-length: 1MiB, max-arg-value-length: 16MiB, max-cookies: 10000,
                           max-json-depth: 512, max-xml-depth: 512, max-multipart-parts: 10000, body-inspect: 64MiB,
                           inspect-budget: 64MiB}
                  protocol: {max-header-count: 10000, max-header-line-length: 1MiB, max-headers-length: 16MiB,
                             max-url-length: 1MiB, max-arg-count: 100000, max-arg-name-length: 1MiB,
                             max-arg-value-length: 1GiB, max-args-length: 16GiB, max-body-length: 16GiB,
                             max-cookie-count: 10000, max-ranges: 100}
                """);
    }

    /** Each action, at the edges of its arguments, on every built-in rule and on lists and URL rules. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(WafAction.Kind.class)
    void everyActionOnEveryRule_builds(WafAction.Kind kind) throws ConfigException {
        String action = switch (kind) {
            case ALERT -> "{action: alert, severity: low}";
            case ALERT_DENY -> "{action: alert-deny, deny-status: 599, severity: critical}";
            case DENY_NO_LOG -> "{action: deny-no-log, deny-status: 400}";
            case SEND_403 -> "{action: send-403, enabled: false}";
            case REDIRECT -> "{action: redirect, redirect-url: /blocked}";
            case PERIOD_BLOCK -> "{action: period-block, block-period: 1h, block-by: session}";
        };
        StringBuilder yaml = new StringBuilder("waf:\n  rules:\n");
        for (String id : WafConfig.BUILT_IN_RULE_IDS) {
            yaml.append("    ").append(id).append(": ").append(action).append('\n');
        }
        String listAction = action.replace("severity: low", "deny-status: 403").replace(", severity: critical", "")
                .replace(", enabled: false", "").replace("{action: alert, deny-status: 403}", "{action: alert}");
        yaml.append("""
                  ip-lists:
                    - {id: a, type: deny, networks: ["::/0", 0.0.0.0/0], %1$s}
                  url-access:
                    - {id: b, host: "x*", type: deny, %1$s}
                    - {id: c, host: {regex: "."}, path: {regex: "."}, type: allow}
                  exceptions:
                    - {id: d, rules: ["*"], path: /a*, methods: [GET], args: ["*"]}
                """.formatted(listAction.substring(1, listAction.length() - 1)));

        assertBuilds(yaml.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WafConfig.Severity.class)
    void severities_mapByName(WafConfig.Severity severity) {
        assertThat(WafSettingsMapper.severity(severity).name()).isEqualTo(severity.name());
    }

    @Test
    void actions_keepTheirArguments() {
        assertThat(WafSettingsMapper.action(WafAction.alert())).isEqualTo(Action.alert());
        assertThat(WafSettingsMapper.action(WafAction.alertDeny(451))).isEqualTo(Action.alertDeny(451));
        assertThat(WafSettingsMapper.action(WafAction.denyNoLog(403))).isEqualTo(Action.denyNoLog());
        assertThat(WafSettingsMapper.action(WafAction.send403())).isEqualTo(Action.send403());
        assertThat(WafSettingsMapper.action(WafAction.redirect(URI.create("/x")))).isEqualTo(Action.redirect(URI.create("/x")));
        assertThat(WafSettingsMapper.action(WafAction.periodBlock(Duration.ofSeconds(1), WafAction.BlockBy.CLIENT)))
                .isEqualTo(Action.periodBlock(Duration.ofSeconds(1), Action.BlockScope.CLIENT_ADDRESS));
    }

    private static void assertBuilds(String yaml) throws ConfigException {
        WafSettings settings = WafSettingsMapper.from(waf(yaml));
        assertThat(RuleSet.build(settings).rules()).isNotEmpty();
    }
}
