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
 * And from {@code body-inspect-cut.tsv}: JSON, XML and multipart bodies cut at the limit are parsed
 * as heads, inspected as far as they were read, and not refused as malformed.
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

    static Stream<Arguments> cutBodies() {
        return Tables.read("body-inspect-cut.tsv", 5).stream().map(r -> Arguments.of(r, r.cell(0), r.cell(1), r.cell(2),
                r.cell(3), r.cell(4).isEmpty() ? List.of() : List.of(r.cell(4).split(","))));
    }

    /**
     * A JSON API call or an XML document longer than the inspection limit is not refused as
     * malformed because the proxy read only its head: what was read is inspected, the cut is only
     * {@code http-body-over-inspect-limit} (an alert by default).
     */
    @ParameterizedTest(name = "{0} {1} cut at {3}: {4}")
    @MethodSource("cutBodies")
    void bodyCutAtTheLimit_isInspectedAsAHead_notRefusedAsMalformed(Tables.Row row, String contentType, String body,
            String cutAt, String expected, List<String> notFired) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean cut = !cutAt.equals("-");
        byte[] head = cut ? Arrays.copyOf(bytes, Integer.parseInt(cutAt)) : bytes;
        Map<String, List<String>> headers = TestRequests.browserHeaders();
        headers.put("content-type", List.of(contentType));
        headers.put("content-length", List.of(String.valueOf(bytes.length)));
        RequestView view = RequestView.builder().requestId("t").method("POST").rawTarget("/rest/V1/carts/mine/items")
                .protocol("HTTP/1.1").headers(headers).body(head, cut).clientAddress(TestRequests.ip("198.51.100.7"))
                .limits(ParseLimits.DEFAULTS).build();

        Evaluation evaluation = ENGINE.inspect(view);

        assertThat(evaluation.verdict().ruleIdOrEmpty()).as("%s: fired %s, anomalies %s", row, evaluation.fired(),
                view.anomalies()).isEqualTo(expected);
        for (String rule : notFired) {
            assertThat(evaluation.firedRuleIds()).as("%s: fired %s", row, evaluation.fired()).doesNotContain(rule);
        }
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

    @Test
    void uploadCutAtTheLimit_isNotAMalformedMultipartBody_andItsHeadIsStillInspected() {
        String head = "--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n%s\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";

        Evaluation photo = ENGINE.inspect(cutMultipart(String.format(head, "Lovely blouse"), 4096, 1024));
        Evaluation attack = ENGINE.inspect(cutMultipart(String.format(head, "1' OR '1'='1"), 4096, 1024));

        assertThat(photo.firedRuleIds()).as("fired %s", photo.fired()).containsExactly(RULE);
        assertThat(photo.verdict().blocks()).isFalse();
        assertThat(attack.verdict().ruleIdOrEmpty()).as("fired %s", attack.fired()).isEqualTo("sqli");
    }

    @Test
    void multipartBodyWithoutClosingDelimiter_isStillMalformed_whenItWasReadToItsEnd() {
        Evaluation evaluation = ENGINE.inspect(cutMultipart("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n",
                200, 1024));

        assertThat(evaluation.firedRuleIds()).contains("http-body-parse").doesNotContain(RULE);
    }

    /**
     * A multipart body of {@code length} bytes, {@code head} then JPEG-like bytes, no closing
     * delimiter, inspected up to {@code limit} (cut when longer).
     */
    private static RequestView cutMultipart(String head, int length, int limit) {
        Map<String, List<String>> headers = TestRequests.browserHeaders();
        headers.put("content-type", List.of("multipart/form-data; boundary=b"));
        headers.put("content-length", List.of(String.valueOf(length)));
        byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) (0x80 + i % 64); // binary, not text: no signature looks into it
        }
        byte[] h = head.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, body, 0, h.length);
        ParseLimits d = ParseLimits.DEFAULTS;
        ParseLimits limits = new ParseLimits(d.maxArgs(), d.maxArgNameLength(), d.maxArgValueLength(), d.maxCookies(),
                d.maxJsonDepth(), d.maxXmlDepth(), d.maxMultipartParts(), limit, d.maxInspectTotal());
        return RequestView.builder().requestId("t").method("POST").rawTarget("/review/product/post/").protocol("HTTP/1.1")
                .headers(headers).body(body, false).clientAddress(TestRequests.ip("198.51.100.7")).limits(limits).build();
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
