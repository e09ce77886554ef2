package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.config.SessionRulesConfig.AfterFailover;
import io.tandem.config.SessionRulesConfig.PageOrder;
import io.tandem.config.SessionRulesConfig.Per;
import io.tandem.config.SessionRulesConfig.RateLimit;
import io.tandem.config.SessionRulesConfig.StartPage;
import io.tandem.config.WafConfig.AccessType;
import io.tandem.config.WafConfig.ExceptionRule;
import io.tandem.config.WafConfig.IpList;
import io.tandem.config.WafConfig.RuleOverride;
import io.tandem.config.WafConfig.Severity;
import io.tandem.config.WafConfig.UrlAccess;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code waf:} section: absence, defaults, every key, and pinned problem texts. */
class WafSectionTest {

    private static final String MINIMAL = """
            listener:
              port: 8080
            backends:
              - url: http://127.0.0.1:9001
            """;

    /** Every key of the section, none at its default. */
    static final String FULL = """
            waf:
              monitor-mode: true
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
                body-inspect-timeout: 20s
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
                allowed-methods: [GET, HEAD, POST, PROPFIND]
                allowed-content-types: [application/x-www-form-urlencoded, Multipart/Form-Data, "application/*+json", "image/*"]
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
                http-body-over-inspect-limit:
                  action: send-403
                  severity: medium
              ip-lists:
                - id: office
                  type: allow
                  networks: [203.0.113.0/24, "2001:db8::/32"]
                - id: blocklist
                  type: deny
                  networks: [192.0.2.0/24, 198.51.100.7]
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
                  host: Shop.Example.com
                  path: /admin*
                  type: deny
              exceptions:
                - id: magento-admin-config-save
                  rules: [xss, sqli]
                  path: /admin/admin/system_config/save/*
                  methods: [POST]
                  args: ["groups[*"]
                - id: cms-page-save
                  rules: ["*"]
                  host: { regex: "^admin\\\\." }
                  path:
                    regex: ^/admin/cms/(page|block)/save/
                  args: [content, "widget[*]"]
              session-rules:
                after-failover: restart
                start-pages:
                  - id: checkout-entry
                    applies-to: ["/checkout*"]
                    pages: ["/checkout/cart/", "/"]
                    action: redirect
                    redirect-url: /checkout/cart/
                page-order:
                  - id: checkout
                    steps: ["/checkout/cart/", "/checkout/", { regex: "^/checkout/onepage/success/?$" }]
                rate-limits:
                  - id: login
                    path: /customer/account/loginPost*
                    methods: [POST]
                    max-requests: 5
                    window: 60s
                    per: client
                    action: period-block
                    block-period: 10m
            """;

    @Test
    void parse_withoutWafSection_isEveryDefault() throws ConfigException {
        WafConfig waf = ConfigLoader.parse(MINIMAL, "tandem.yaml").waf();

        assertThat(waf).isSameAs(WafConfig.defaults());
        assertThat(waf.monitorMode()).isFalse();
        assertThat(waf.limits()).isEqualTo(new WafConfig.Limits(1024, 1024, 65_536, 128, 32, 64, 256, 1 << 20, 256 << 10,
                Duration.ofSeconds(30)));
        assertThat(waf.protocol()).isEqualTo(WafConfig.Protocol.DEFAULTS);
        assertThat(waf.protocol().maxBodyLength()).isEqualTo(32L << 20);
        assertThat(waf.protocol().allowedMethods()).containsExactly("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
        assertThat(waf.rules()).isEmpty();
        assertThat(waf.ipLists()).isEmpty();
        assertThat(waf.urlAccess()).isEmpty();
        assertThat(waf.exceptions()).isEmpty();
        assertThat(waf.sessionRules()).isSameAs(SessionRulesConfig.defaults());
        assertThat(waf.sessionRules().afterFailover()).isEqualTo(AfterFailover.CHECKPOINT);
        assertThat(waf.sessionRules().isEmpty()).isTrue();
    }

    @Test
    void parse_emptyOrCommentedWafSection_isEveryDefault() throws ConfigException {
        assertThat(ConfigLoader.parse(MINIMAL + "waf:\n", "tandem.yaml").waf()).isSameAs(WafConfig.defaults());
        assertThat(ConfigLoader.parse(MINIMAL + "waf:\n  # monitor-mode: true\n", "tandem.yaml").waf())
                .isSameAs(WafConfig.defaults());
        assertThat(ConfigLoader.parse(MINIMAL + "waf:\n  ip-lists:\n  session-rules:\n  rules:\n", "tandem.yaml").waf())
                .isEqualTo(WafConfig.defaults());
    }

    @Test
    void parse_enabledFalse_turnsTheWafOff_andIsOnByDefault() throws ConfigException {
        assertThat(WafConfig.defaults().enabled()).isTrue();
        WafConfig off = ConfigLoader.parse(MINIMAL + "waf:\n  enabled: false\n", "tandem.yaml").waf();
        assertThat(off.enabled()).isFalse();
        assertThat(off.monitorMode()).isFalse();
        assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "waf:\n  enabled: maybe\n", "tandem.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("waf.enabled: maybe (expected: ");
    }

    @Test
    void parse_bodyInspectTimeout_outsideItsRange_namesPathValueAndRange() {
        for (String value : new String[] {"0s", "500ms", "11m", "soon"}) {
            assertThatThrownBy(() -> ConfigLoader.parse(MINIMAL + "waf:\n  limits:\n    body-inspect-timeout: " + value + "\n",
                    "tandem.yaml"))
                    .as(value).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("waf.limits.body-inspect-timeout: " + value + " (expected: a duration 1s..10m");
        }
    }

    @Test
    void parse_fullSection_bindsEveryKey() throws ConfigException {
        WafConfig waf = ConfigLoader.parse(MINIMAL + FULL, "tandem.yaml").waf();

        assertThat(waf.monitorMode()).isTrue();
        assertThat(waf.limits()).isEqualTo(new WafConfig.Limits(2000, 2048, 128 << 10, 64, 16, 32, 100, 2 << 20, 512 << 10,
                Duration.ofSeconds(20)));
        assertThat(waf.protocol()).isEqualTo(new WafConfig.Protocol(50, 4096, 32 << 10, 4096, 500, 128, 512 << 10,
                8L << 20, 64L << 20, 64, 2,
                List.of("GET", "HEAD", "POST", "PROPFIND"),
                List.of("application/x-www-form-urlencoded", "multipart/form-data", "application/*+json", "image/*"),
                List.of("utf-8"), List.of("x-original-url"), List.of(".bak", ".sql"), true));

        Map<String, RuleOverride> rules = new LinkedHashMap<>();
        rules.put("sqli", new RuleOverride(true, WafAction.alertDeny(406), Severity.HIGH));
        rules.put("xss", new RuleOverride(true, WafAction.periodBlock(Duration.ofMinutes(10), WafAction.BlockBy.SESSION), null));
        rules.put("scanner", new RuleOverride(true, WafAction.redirect(URI.create("https://shop.example.com/blocked.html")), null));
        rules.put("http-body-in-get", new RuleOverride(false, null, null));
        rules.put("http-body-over-inspect-limit", new RuleOverride(true, WafAction.send403(), Severity.MEDIUM));
        assertThat(waf.rules()).isEqualTo(rules);
        assertThat(waf.rules().keySet()).containsExactlyElementsOf(rules.keySet()); // file order

        assertThat(waf.ipLists()).containsExactly(
                new IpList("office", AccessType.ALLOW, List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8::/32")),
                        WafAction.alertDeny()),
                new IpList("blocklist", AccessType.DENY, List.of(Cidr.parse("192.0.2.0/24"), Cidr.parse("198.51.100.7/32")),
                        WafAction.denyNoLog(444)));
        assertThat(waf.urlAccess()).containsExactly(
                new UrlAccess("health", null, WafPattern.plain("/health"), AccessType.ALLOW, WafAction.alertDeny()),
                new UrlAccess("no-setup", null, WafPattern.regex("^/(setup|update)/"), AccessType.DENY, WafAction.send403()),
                new UrlAccess("admin-internal-host-only", WafPattern.plain("shop.example.com"), WafPattern.plain("/admin*"),
                        AccessType.DENY, WafAction.alertDeny()));
        assertThat(waf.exceptions()).containsExactly(
                new ExceptionRule("magento-admin-config-save", List.of("xss", "sqli"), null,
                        WafPattern.plain("/admin/admin/system_config/save/*"), List.of("POST"), List.of("groups[*")),
                new ExceptionRule("cms-page-save", List.of("*"), WafPattern.regex("^admin\\."),
                        WafPattern.regex("^/admin/cms/(page|block)/save/"), List.of(), List.of("content", "widget[*]")));

        SessionRulesConfig session = waf.sessionRules();
        assertThat(session.afterFailover()).isEqualTo(AfterFailover.RESTART);
        assertThat(session.startPages()).containsExactly(new StartPage("checkout-entry",
                List.of(WafPattern.plain("/checkout*")), List.of(WafPattern.plain("/checkout/cart/"), WafPattern.plain("/")),
                WafAction.redirect(URI.create("/checkout/cart/"))));
        assertThat(session.pageOrder()).containsExactly(new PageOrder("checkout",
                List.of(WafPattern.plain("/checkout/cart/"), WafPattern.plain("/checkout/"),
                        WafPattern.regex("^/checkout/onepage/success/?$")),
                WafAction.alertDeny()));
        assertThat(session.rateLimits()).containsExactly(new RateLimit("login",
                WafPattern.plain("/customer/account/loginPost*"), List.of("POST"), 5, Duration.ofSeconds(60), Per.CLIENT,
                WafAction.periodBlock(Duration.ofMinutes(10), WafAction.BlockBy.CLIENT)));
    }

    @Test
    void parse_sessionRulesWithRequiredKeysOnly_appliesTheirDefaults() throws ConfigException {
        SessionRulesConfig session = ConfigLoader.parse(MINIMAL + """
                waf:
                  session-rules:
                    start-pages:
                      - id: home
                        pages: [/]
                    rate-limits:
                      - id: search
                        path: { regex: "^/catalogsearch/" }
                        max-requests: 100000
                        window: 1h
                """, "tandem.yaml").waf().sessionRules();

        assertThat(session).isEqualTo(new SessionRulesConfig(AfterFailover.CHECKPOINT,
                List.of(new StartPage("home", List.of(), List.of(WafPattern.plain("/")), WafAction.alertDeny())),
                List.of(),
                List.of(new RateLimit("search", WafPattern.regex("^/catalogsearch/"), List.of(), 100_000,
                        Duration.ofHours(1), Per.SESSION, WafAction.alertDeny()))));
    }

    @Test
    void parse_periodBlockWithoutPeriod_blocksForAMinuteByClient() throws ConfigException {
        WafConfig waf = ConfigLoader.parse(MINIMAL + "waf:\n  rules:\n    rce:\n      action: period-block\n", "tandem.yaml").waf();

        assertThat(waf.rules()).containsExactly(Map.entry("rce",
                new RuleOverride(true, WafAction.periodBlock(Duration.ofSeconds(60), WafAction.BlockBy.CLIENT), null)));
    }

    @Test
    void parse_emptyListsWhereDefaultsAreNot_meanAnyOrNone() throws ConfigException {
        WafConfig.Protocol protocol = ConfigLoader.parse(MINIMAL + """
                waf:
                  protocol:
                    allowed-methods: []
                    allowed-content-types: []
                    allowed-charsets: []
                    restricted-headers: []
                    restricted-extensions: []
                """, "tandem.yaml").waf().protocol();

        assertThat(protocol.allowedMethods()).isEmpty();
        assertThat(protocol.allowedContentTypes()).isEmpty();
        assertThat(protocol.allowedCharsets()).isEmpty();
        assertThat(protocol.restrictedHeaders()).isEmpty();
        assertThat(protocol.restrictedExtensions()).isEmpty();
    }

    @Test
    void builtInRuleIds_areDistinctAndValidIds() {
        assertThat(new HashSet<>(WafConfig.BUILT_IN_RULE_IDS)).hasSameSizeAs(WafConfig.BUILT_IN_RULE_IDS);
        assertThat(WafConfig.BUILT_IN_RULE_IDS).allMatch(id -> Schema.ID.matcher(id).matches())
                .doesNotContain(WafConfig.PERIOD_BLOCK_RULE_ID);
    }

    /** Guards "report every problem at once" for the waf section, with exact texts. */
    @Test
    void parse_manyWafMistakes_areAllReportedInOneException() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(MINIMAL + """
                waf:
                  monitor-mode: yes
                  limits:
                    max-arg-value-length: 64KB
                    body-inspect: 65MiB
                    max-json-dept: 10
                  protocol:
                    allowed-methods: [GET, post]
                    allowed-content-types: [text]
                    restricted-extensions: bak
                    allowed-charsets:
                  rules:
                    sqlx:
                      enabled: false
                    xss:
                      action: block
                      severity: severe
                    scanner:
                      action: redirect
                      block-period: 10m
                    lfi:
                      deny-status: 400
                    rce:
                      action: period-block
                      block-period: 2h
                  ip-lists:
                    - id: office
                      type: allow
                      networks: [10.0.0.1/8, 10.0.0.0/8]
                      action: send-403
                    - id: sqli
                      type: block
                      networks: []
                  url-access:
                    - id: office
                      path: { regex: "(unclosed" }
                      type: deny
                    - id: no-target
                      type: deny
                      action: redirect
                      redirect-url: ftp://example.com/
                  exceptions:
                    - id: e1
                      rules: [xs, "*"]
                      path: admin/*
                  session-rules:
                    after-failover: resume
                    page-order:
                      - id: checkout
                        steps: ["/checkout/"]
                    rate-limits:
                      - id: login
                        path: /login
                        max-requests: 0
                        per: ip
                """, "tandem.yaml"));

        assertThat(e.getMessage()).isEqualTo("""
                tandem.yaml: 31 problems
                tandem.yaml:6: waf.monitor-mode: yes (expected: true or false)
                tandem.yaml:8: waf.limits.max-arg-value-length: 64KB (expected: a size 64..16MiB; units KiB, MiB, GiB)
                tandem.yaml:9: waf.limits.body-inspect: 65MiB (expected: a size 0..64MiB)
                tandem.yaml:10: waf.limits.max-json-dept: (unknown key) (expected: one of max-args, max-arg-name-length, \
                max-arg-value-length, max-cookies, max-json-depth, max-xml-depth, max-multipart-parts, body-inspect, \
                inspect-budget, body-inspect-timeout; did you mean 'max-json-depth'?)
                tandem.yaml:12: waf.protocol.allowed-methods[1]: post (expected: an upper-case method name such as GET)
                tandem.yaml:13: waf.protocol.allowed-content-types[0]: text (expected: a media type such as text/plain, \
                type/* or type/*+suffix)
                tandem.yaml:14: waf.protocol.restricted-extensions: bak (expected: a list of file extensions, [] for none)
                tandem.yaml:15: waf.protocol.allowed-charsets: (empty) (expected: a list of charsets, [] for any)
                tandem.yaml:17: waf.rules.sqlx: (unknown rule) (expected: one of the built-in rule ids (docs/rules.md, \
                section 2); did you mean 'sqli'?)
                tandem.yaml:20: waf.rules.xss.action: block (expected: one of alert, alert-deny, deny-no-log, send-403, \
                redirect, period-block)
                tandem.yaml:21: waf.rules.xss.severity: severe (expected: one of low, medium, high, critical)
                tandem.yaml:22: waf.rules.scanner.redirect-url: (missing) (expected: an http:// or https:// URL, or a path \
                starting with /, required with action redirect)
                tandem.yaml:24: waf.rules.scanner.block-period: 10m (expected: no block-period unless action is period-block)
                tandem.yaml:26: waf.rules.lfi.deny-status: 400 (expected: no deny-status unless action is alert-deny or \
                deny-no-log)
                tandem.yaml:29: waf.rules.rce.block-period: 2h (expected: a duration 1s..1h)
                tandem.yaml:33: waf.ip-lists[0].networks[0]: 10.0.0.1/8 (expected: no host bits set, like 10.0.0.0/8)
                tandem.yaml:34: waf.ip-lists[0].action: send-403 (expected: no action with type allow: what it matches is \
                trusted)
                tandem.yaml:35: waf.ip-lists[1].id: sqli (expected: an id other than the built-in rule ids)
                tandem.yaml:36: waf.ip-lists[1].type: block (expected: one of allow, deny)
                tandem.yaml:37: waf.ip-lists[1].networks: (empty list) (expected: a list of 1..10000 IP addresses or CIDRs)
                tandem.yaml:39: waf.url-access[0].id: office (expected: a unique rule id; waf.ip-lists[0] has it too)
                tandem.yaml:40: waf.url-access[0].path.regex: (unclosed (expected: an RE2 regular expression; missing \
                closing ))
                tandem.yaml:42: waf.url-access[1]: (no host or path) (expected: host, path or both: a rule without them \
                would match every request)
                tandem.yaml:45: waf.url-access[1].redirect-url: ftp://example.com/ (expected: an http:// or https:// URL, \
                or a path starting with /)
                tandem.yaml:48: waf.exceptions[0].rules[0]: xs (expected: one of the built-in rule ids (docs/rules.md, \
                section 2) or *; did you mean 'xss'?)
                tandem.yaml:49: waf.exceptions[0].path: admin/* (expected: a path starting with / (exact, or a prefix \
                ending in *) or { regex: ... })
                tandem.yaml:51: waf.session-rules.after-failover: resume (expected: one of allow, restart, checkpoint)
                tandem.yaml:54: waf.session-rules.page-order[0].steps: (a list) (expected: a list of 2..16 paths)
                tandem.yaml:56: waf.session-rules.rate-limits[0].window: (missing) (expected: a duration 1s..1h)
                tandem.yaml:58: waf.session-rules.rate-limits[0].max-requests: 0 (expected: an integer 1..100000)
                tandem.yaml:59: waf.session-rules.rate-limits[0].per: ip (expected: one of session, client)""");
    }

    /** Each line: a YAML snippet appended to the minimal file (so it starts at line 5) and its one problem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            waf: true | tandem.yaml:5: waf: true (expected: a mapping of enabled, monitor-mode, limits, protocol, rules, ip-lists, url-access, exceptions, session-rules)
            waf:\\n  rules: [sqli] | tandem.yaml:6: waf.rules: (a list) (expected: a mapping of the built-in rule ids (docs/rules.md, section 2))
            waf:\\n  rules:\\n    sqli: false | tandem.yaml:7: waf.rules.sqli: false (expected: a mapping of enabled, action, deny-status, redirect-url, block-period, block-by, severity)
            waf:\\n  rules:\\n    http_method:\\n      enabled: false | tandem.yaml:7: waf.rules.http_method: (unknown rule) (expected: one of the built-in rule ids (docs/rules.md, section 2); did you mean 'http-method'?)
            waf:\\n  rules:\\n    sqli:\\n      action: redirect | tandem.yaml:7: waf.rules.sqli.redirect-url: (missing) (expected: an http:// or https:// URL, or a path starting with /, required with action redirect)
            waf:\\n  rules:\\n    sqli:\\n      action: alert\\n      redirect-url: /x | tandem.yaml:9: waf.rules.sqli.redirect-url: /x (expected: no redirect-url unless action is redirect)
            waf:\\n  rules:\\n    sqli:\\n      action: send-403\\n      deny-status: 403 | tandem.yaml:9: waf.rules.sqli.deny-status: 403 (expected: no deny-status unless action is alert-deny or deny-no-log)
            waf:\\n  rules:\\n    sqli:\\n      action: alert-deny\\n      deny-status: 302 | tandem.yaml:9: waf.rules.sqli.deny-status: 302 (expected: an integer 400..599)
            waf:\\n  rules:\\n    sqli:\\n      block-by: session | tandem.yaml:8: waf.rules.sqli.block-by: session (expected: no block-by unless action is period-block)
            waf:\\n  rules:\\n    sqli:\\n      action: period-block\\n      block-period: 500ms | tandem.yaml:9: waf.rules.sqli.block-period: 500ms (expected: a duration 1s..1h)
            waf:\\n  rules:\\n    sqli:\\n      action: redirect\\n      redirect-url: //evil.example/ | tandem.yaml:9: waf.rules.sqli.redirect-url: //evil.example/ (expected: an http:// or https:// URL, or a path starting with /)
            waf:\\n  rules:\\n    sqli:\\n      action: redirect\\n      redirect-url: https:///x | tandem.yaml:9: waf.rules.sqli.redirect-url: https:///x (expected: an http:// or https:// URL, or a path starting with /)
            waf:\\n  limits:\\n    inspect-budget: 1000 | tandem.yaml:7: waf.limits.inspect-budget: 1000 (expected: a size 1KiB..64MiB)
            waf:\\n  protocol:\\n    max-body-length: 17GiB | tandem.yaml:7: waf.protocol.max-body-length: 17GiB (expected: a size 0..16GiB)
            waf:\\n  protocol:\\n    restricted-extensions: [bak] | tandem.yaml:7: waf.protocol.restricted-extensions[0]: bak (expected: a file extension with its dot, such as .bak)
            waf:\\n  protocol:\\n    allowed-content-types: ["*/*"] | tandem.yaml:7: waf.protocol.allowed-content-types[0]: */* (expected: a media type such as text/plain, type/* or type/*+suffix)
            waf:\\n  ip-lists:\\n    - id: a\\n      type: deny | tandem.yaml:7: waf.ip-lists[0].networks: (missing) (expected: a list of 1..10000 IP addresses or CIDRs)
            waf:\\n  ip-lists:\\n    - type: deny\\n      networks: [10.0.0.0/8] | tandem.yaml:7: waf.ip-lists[0].id: (missing) (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)
            waf:\\n  ip-lists:\\n    - id: a\\n      networks: [10.0.0.0/8] | tandem.yaml:7: waf.ip-lists[0].type: (missing) (expected: one of allow, deny)
            waf:\\n  ip-lists:\\n    - id: a\\n      type: deny\\n      networks: [10.0.0.0/8, 10.0.0.0/8] | tandem.yaml:9: waf.ip-lists[0].networks[1]: 10.0.0.0/8 (expected: a unique network; waf.ip-lists[0].networks[0] has it too)
            waf:\\n  ip-lists:\\n    - office | tandem.yaml:7: waf.ip-lists[0]: office (expected: a mapping with id, type and networks)
            waf:\\n  ip-lists:\\n    - id: period-block\\n      type: deny\\n      networks: [10.0.0.0/8] | tandem.yaml:7: waf.ip-lists[0].id: period-block (expected: an id other than the built-in rule ids)
            waf:\\n  url-access:\\n    - id: a\\n      path: { regex: "^/a", flags: i }\\n      type: deny | tandem.yaml:8: waf.url-access[0].path.flags: (unknown key) (expected: one of regex)
            waf:\\n  url-access:\\n    - id: a\\n      path: /a*b\\n      type: deny | tandem.yaml:8: waf.url-access[0].path: /a*b (expected: a path starting with / (exact, or a prefix ending in *) or { regex: ... })
            waf:\\n  url-access:\\n    - id: a\\n      host: shop.example.com:8443\\n      type: deny | tandem.yaml:8: waf.url-access[0].host: shop.example.com:8443 (expected: a host name without port (exact, or a prefix ending in *) or { regex: ... })
            waf:\\n  url-access:\\n    - id: a\\n      path: { regex: "" }\\n      type: deny | tandem.yaml:8: waf.url-access[0].path.regex: "" (expected: an RE2 regular expression of 1..2048 characters)
            waf:\\n  url-access:\\n    - id: a\\n      path: { regex: "a(?=b)" }\\n      type: deny | tandem.yaml:8: waf.url-access[0].path.regex: a(?=b) (expected: an RE2 regular expression; invalid or unsupported Perl syntax)
            waf:\\n  exceptions:\\n    - id: e\\n      rules: [sqli, sqli] | tandem.yaml:8: waf.exceptions[0].rules[1]: sqli (expected: a unique rule id; waf.exceptions[0].rules[0] has it too)
            waf:\\n  exceptions:\\n    - id: e\\n      rules: [sqli]\\n    - id: e\\n      rules: [xss] | tandem.yaml:9: waf.exceptions[1].id: e (expected: a unique exception id; waf.exceptions[0] has it too)
            waf:\\n  exceptions:\\n    - id: e\\n      rules: [ip-allow] | tandem.yaml:8: waf.exceptions[0].rules[0]: ip-allow (expected: one of the built-in rule ids (docs/rules.md, section 2) or *)
            waf:\\n  exceptions:\\n    - id: e\\n      rules: [sqli]\\n      methods: [GET, ""] | tandem.yaml:9: waf.exceptions[0].methods[1]: "" (expected: an upper-case method name such as GET)
            waf:\\n  session-rules:\\n    start-pages:\\n      - id: s\\n        pages: [] | tandem.yaml:9: waf.session-rules.start-pages[0].pages: (empty list) (expected: a list of 1..64 paths)
            waf:\\n  session-rules:\\n    start-pages:\\n      - id: s\\n        pages: [/]\\n        action: redirect | tandem.yaml:8: waf.session-rules.start-pages[0].redirect-url: (missing) (expected: an http:// or https:// URL, or a path starting with /, required with action redirect)
            waf:\\n  session-rules:\\n    page-order:\\n      - id: p\\n        steps: [/a, /b, /a] | tandem.yaml:9: waf.session-rules.page-order[0].steps[2]: /a (expected: a unique path; waf.session-rules.page-order[0].steps[0] has it too)
            waf:\\n  session-rules:\\n    page-order:\\n      - id: p\\n        steps: [/1, /2, /3, /4, /5, /6, /7, /8, /9, /10, /11, /12, /13, /14, /15, /16, /17] | tandem.yaml:9: waf.session-rules.page-order[0].steps: (a list) (expected: a list of 2..16 paths)
            waf:\\n  session-rules:\\n    rate-limits:\\n      - id: r\\n        path: /a\\n        max-requests: 1\\n        window: 2h | tandem.yaml:11: waf.session-rules.rate-limits[0].window: 2h (expected: a duration 1s..1h)
            waf:\\n  session-rules:\\n    rate-limits:\\n      - id: r\\n        max-requests: 1\\n        window: 1s | tandem.yaml:8: waf.session-rules.rate-limits[0].path: (missing) (expected: a path starting with / (exact, or a prefix ending in *) or { regex: ... })
            waf:\\n  session-rules:\\n    start-pages:\\n      - id: same\\n        pages: [/]\\n    page-order:\\n      - id: same\\n        steps: [/a, /b] | tandem.yaml:11: waf.session-rules.page-order[0].id: same (expected: a unique rule id; waf.session-rules.start-pages[0] has it too)
            """)
    void parse_oneWafMistake_isOneProblem(String yaml, String problem) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(MINIMAL + yaml.replace("\\n", "\n") + "\n", "tandem.yaml"));

        assertThat(e).as(yaml).isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(problem);
    }
}
