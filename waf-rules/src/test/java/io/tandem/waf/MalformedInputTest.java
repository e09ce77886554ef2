package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and broken input gets a verdict: never an exception, never a hang (each test has a
 * timeout far above its normal run time). Guards the "attacker input never causes an exception
 * or a hang" rule of the design.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MalformedInputTest {

    private static final RuleEngine ENGINE = RuleSet.build(WafSettings.defaults());

    private static Verdict raw(String request) {
        return ENGINE.evaluate(RawHttpRequest.parse("t", request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void brokenEncodings_areEvidenceNotErrors() {
        RequestView r = RawHttpRequest.parse("t", "GET /%zz/%c0%ae%c0%ae/?a=%E0%80&b=%uD800&c=%%%&d=%00 HTTP/1.1\r\nHost: a\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.INVALID_PERCENT_ENCODING,
                Anomaly.Kind.OVERLONG_UTF8, Anomaly.Kind.INVALID_UTF8, Anomaly.Kind.NUL_BYTE);
        assertThat(ENGINE.evaluate(r)).isInstanceOf(Verdict.Deny.class);
    }

    @Test
    void deeplyNestedJson_stopsAtTheDepthLimit() {
        String body = "[".repeat(200_000) + "]".repeat(200_000);
        RequestView r = json(body);
        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.JSON_TOO_DEEP);
        assertThat(ENGINE.evaluate(r)).isInstanceOf(Verdict.Deny.class);
    }

    @Test
    void truncatedAndGarbledJson_givesAVerdict() {
        for (String body : new String[] {"{", "{\"a\":", "{\"a\":\"\\u12", "[1,2,,]", "{\"a\" 1}", "\"unterminated", "nul"}) {
            RequestView r = json(body);
            assertThat(r.anomalies()).as(body).extracting(Anomaly::kind).contains(Anomaly.Kind.JSON_MALFORMED);
            assertThat(ENGINE.evaluate(r)).as(body).isNotNull();
        }
    }

    @Test
    void multipartWithoutBoundary_isMalformedNotAnError() {
        Verdict v = raw("POST / HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data\r\nContent-Length: 30\r\n\r\n"
                + "--x\r\nContent-Disposition: x\r\n\r\n");
        assertThat(v).isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.ruleId()).isEqualTo("http-body-parse"));
    }

    @Test
    void hugeHeaderAndManyArguments_hitTheLimitsQuickly() {
        String big = "A".repeat(1 << 20);
        Verdict header = raw("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + big + "\r\n\r\n");
        StringBuilder query = new StringBuilder("/?");
        for (int i = 0; i < 50_000; i++) {
            query.append("a").append(i).append("=1&");
        }
        Verdict args = raw("GET " + query + " HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(header).isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.ruleId()).isEqualTo("http-header-length"));
        assertThat(args).isInstanceOf(Verdict.Deny.class);
    }

    @Test
    void pathologicalValues_finishInLinearTime() {
        String[] patterns = {"(", "<", "${", "a'or'", "/*", "%25", "&#", "\\u00", "../", "<a ", "' union ", "1=1 and ",
            "{{", "$(", ";id", "`", "[]+", "<!--#", "o", "\"onx="};
        for (String p : patterns) {
            String value = p.repeat(20_000);
            RequestView r = RequestView.builder().method("POST").rawTarget("/").headers(TestRequests.browserHeaders())
                    .body(("q=" + value).getBytes(StandardCharsets.UTF_8), false).clientAddress(TestRequests.ip("127.0.0.1"))
                    .build();
            long start = System.nanoTime();
            ENGINE.inspect(r);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).as("pattern %s took %d ms", p, ms).isLessThan(2_000);
        }
    }

    @Test
    void randomBytes_neverThrow() {
        Random random = new Random(42);
        String[] heads = {"GET /", "POST /", "PUT /x?a=", "G\0T /", ""};
        for (int i = 0; i < 500; i++) {
            byte[] noise = new byte[random.nextInt(2000)];
            random.nextBytes(noise);
            String head = heads[i % heads.length];
            String ct = switch (i % 5) {
                case 0 -> "application/json";
                case 1 -> "multipart/form-data; boundary=" + (char) ('a' + i % 26);
                case 2 -> "application/xml";
                case 3 -> "application/x-www-form-urlencoded";
                default -> "text/plain";
            };
            byte[] prefix = (head + " HTTP/1.1\r\nHost: a\r\nContent-Type: " + ct + "\r\nContent-Length: " + noise.length
                    + "\r\nCookie: " + new String(noise, 0, Math.min(40, noise.length), StandardCharsets.ISO_8859_1)
                    .replace("\r", "").replace("\n", "") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = new byte[prefix.length + noise.length];
            System.arraycopy(prefix, 0, request, 0, prefix.length);
            System.arraycopy(noise, 0, request, prefix.length, noise.length);
            assertThat(ENGINE.inspect(RawHttpRequest.parse("t" + i, request)).verdict()).isNotNull();
        }
    }

    @Test
    void deeplyNestedXmlAndUnterminatedConstructs_giveAVerdict() {
        String xml = "<a>".repeat(100_000) + "<![CDATA[ never closed";
        RequestView r = RequestView.builder().method("POST").rawTarget("/").headers(java.util.Map.of("host",
                java.util.List.of("a"), "content-type", java.util.List.of("application/xml")))
                .body(xml.getBytes(StandardCharsets.UTF_8), false).clientAddress(TestRequests.ip("127.0.0.1")).build();
        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.XML_TOO_DEEP);
        assertThat(ENGINE.evaluate(r)).isInstanceOf(Verdict.Deny.class);
    }

    private static RequestView json(String body) {
        return RequestView.builder().method("POST").rawTarget("/rest/V1/carts").headers(java.util.Map.of("host",
                java.util.List.of("a"), "content-type", java.util.List.of("application/json")))
                .body(body.getBytes(StandardCharsets.UTF_8), false).clientAddress(TestRequests.ip("127.0.0.1")).build();
    }
}
