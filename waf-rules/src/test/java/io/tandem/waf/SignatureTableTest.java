package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven signature tests: {@code signatures.tsv} rows of (rule, where, input, expected). The
 * input is placed where the row says (query argument, form field, JSON value, multipart field,
 * cookie, header, path) and the whole default rule set runs; a row expecting {@code fire} needs
 * its rule among the rules that fired, a row expecting {@code pass} needs it absent; rule
 * {@code *} means any rule (benign rows: nothing may fire). A failure names all four and what
 * fired instead.
 */
class SignatureTableTest {

    private static final RuleEngine ENGINE = RuleSet.build(WafSettings.defaults());

    static Stream<Arguments> rows() {
        return Tables.read("signatures.tsv", 4).stream().map(r -> Arguments.of(r, r.cell(0), r.cell(1), r.cell(2), r.cell(3)));
    }

    @ParameterizedTest(name = "{0} {1} {2} {4}")
    @MethodSource("rows")
    void signature(Tables.Row row, String rule, String where, String input, String expected) {
        RequestView request = place(where, input);
        Evaluation evaluation = ENGINE.inspect(request);
        // rule "*": any rule at all (a benign row must fire nothing)
        boolean fired = rule.equals("*") ? !evaluation.fired().isEmpty() : evaluation.firedRuleIds().contains(rule);
        assertThat(fired)
                .as("%s: rule=%s where=%s input=\"%s\" expected=%s actual=%s (fired: %s)", row, rule, where, input, expected,
                        fired ? "fire" : "pass", evaluation.fired())
                .isEqualTo(expected.equals("fire"));
    }

    /** A browser-like request carrying {@code input} at {@code where}. */
    static RequestView place(String where, String input) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("shop.example.com"));
        headers.put("user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36"));
        headers.put("accept", List.of("text/html,application/xhtml+xml"));
        String target = "/catalog/search";
        byte[] body = new byte[0];
        String enc = URLEncoder.encode(input, StandardCharsets.UTF_8);
        switch (where) {
            case "query" -> target += "?q=" + enc;
            case "query-name" -> target += "?" + enc + "=1";
            case "raw-query" -> target += "?" + input;
            case "path" -> target = "/" + input.replace(" ", "%20").replace("?", "%3F").replace("#", "%23");
            case "form" -> {
                body = ("q=" + enc).getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", List.of("application/x-www-form-urlencoded"));
            }
            case "json" -> {
                body = ("{\"order\":{\"comment\":" + jsonString(input) + "}}").getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", List.of("application/json"));
            }
            case "xml" -> {
                body = ("<order><comment>" + input.replace("&", "&amp;").replace("<", "&lt;") + "</comment></order>")
                        .getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", List.of("application/xml"));
            }
            case "xml-body" -> {
                body = input.getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", List.of("application/xml"));
            }
            case "body" -> {
                body = input.getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", List.of("text/plain"));
            }
            case "multipart" -> {
                body = ("--b0undary\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\n" + input + "\r\n--b0undary--\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", List.of("multipart/form-data; boundary=b0undary"));
            }
            case "filename" -> {
                body = ("--b0undary\r\nContent-Disposition: form-data; name=\"f\"; filename=\"" + input
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--b0undary--\r\n").getBytes(StandardCharsets.UTF_8);
                headers.put("content-type", List.of("multipart/form-data; boundary=b0undary"));
            }
            case "cookie" -> headers.put("cookie", List.of("PHPSESSID=abc123; pref=" + input));
            case "user-agent" -> headers.put("user-agent", List.of(input));
            case "referer" -> headers.put("referer", List.of(input));
            case "header" -> headers.put("x-custom", List.of(input));
            default -> throw new IllegalArgumentException("where: " + where
                    + " (expected: query, query-name, raw-query, path, form, json, xml, xml-body, body, multipart, filename, cookie, user-agent, referer, header)");
        }
        if (body.length > 0) {
            headers.put("content-length", List.of(String.valueOf(body.length)));
        }
        return RequestView.builder().requestId("t").method(body.length > 0 ? "POST" : "GET").rawTarget(target)
                .protocol("HTTP/1.1").headers(headers).body(body, false).clientAddress(InetAddress.getLoopbackAddress())
                .build();
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
