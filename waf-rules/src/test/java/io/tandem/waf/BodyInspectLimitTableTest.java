package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code http-body-over-inspect-limit}, from {@code body-inspect-limit.tsv}: rows of (content
 * type, body length, body-inspect limit, truncated by the caller, expected). The rule only alerts
 * by default: a body longer than what Tandem inspects is worth knowing, not a reason to refuse.
 */
class BodyInspectLimitTableTest {

    private static final String RULE = "http-body-over-inspect-limit";
    private static final RuleEngine ENGINE = RuleSet.build(WafSettings.defaults());

    static Stream<Arguments> rows() {
        return Tables.read("body-inspect-limit.tsv", 5).stream().map(r -> Arguments.of(r, r.cell(0),
                Integer.parseInt(r.cell(1)), Integer.parseInt(r.cell(2)), Boolean.parseBoolean(r.cell(3)), r.cell(4)));
    }

    @ParameterizedTest(name = "{0} {1} {2} bytes, limit {3}, truncated {4}: {5}")
    @MethodSource("rows")
    void bodyOverInspectLimit(Tables.Row row, String contentType, int length, int limit, boolean truncated, String expected) {
        Evaluation evaluation = ENGINE.inspect(post(contentType, length, limit, truncated));

        assertThat(evaluation.firedRuleIds().contains(RULE))
                .as("%s: fired %s", row, evaluation.fired())
                .isEqualTo(expected.equals("fire"));
    }

    @Test
    void byDefault_itAlertsAndPasses() {
        Verdict verdict = ENGINE.evaluate(post("application/x-www-form-urlencoded", 2048, 1024, false));

        assertThat(verdict).isInstanceOf(Verdict.Alert.class);
        assertThat(verdict.ruleIdOrEmpty()).isEqualTo(RULE);
        assertThat(verdict.blocks()).isFalse();
    }

    @Test
    void configuredToDeny_itBlocks() {
        RuleEngine engine = RuleSet.build(WafSettings.defaults()
                .withRules(Map.of(RULE, WafSettings.RuleSettings.action(Action.send403()))));

        Verdict verdict = engine.evaluate(post("application/x-www-form-urlencoded", 2048, 1024, false));

        assertThat(verdict).isInstanceOf(Verdict.Deny.class);
        assertThat(verdict.ruleIdOrEmpty()).isEqualTo(RULE);
    }

    /** A harmless form body of {@code length} bytes ({@code a=aaaa...}). */
    private static RequestView post(String contentType, int length, int limit, boolean truncated) {
        Map<String, List<String>> headers = TestRequests.browserHeaders();
        headers.put("content-type", List.of(contentType));
        headers.put("content-length", List.of(String.valueOf(length)));
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'a');
        if (length > 2) {
            body[1] = '=';
        }
        ParseLimits d = ParseLimits.DEFAULTS;
        ParseLimits limits = new ParseLimits(d.maxArgs(), d.maxArgNameLength(), d.maxArgValueLength(), d.maxCookies(),
                d.maxJsonDepth(), d.maxXmlDepth(), d.maxMultipartParts(), limit, d.maxInspectTotal());
        return RequestView.builder().requestId("t").method("POST").rawTarget("/checkout/cart/add").protocol("HTTP/1.1")
                .headers(headers).body(body, truncated).clientAddress(TestRequests.ip("198.51.100.7")).limits(limits).build();
    }
}
