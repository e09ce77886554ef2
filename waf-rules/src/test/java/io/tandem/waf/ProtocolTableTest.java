package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data-driven protocol tests: {@code protocol.tsv} rows of (rule, raw request, expected), parsed
 * byte for byte by the test's raw HTTP parser and run through the default rule set. A failure
 * names the rule, the request, the expectation and what fired.
 */
class ProtocolTableTest {

    private static final RuleEngine ENGINE = RuleSet.build(WafSettings.defaults());

    static Stream<Arguments> rows() {
        return Tables.read("protocol.tsv", 3).stream().map(r -> Arguments.of(r, r.cell(0), r.cell(1), r.cell(2)));
    }

    @ParameterizedTest(name = "{0} {1} {3}")
    @MethodSource("rows")
    void protocol(Tables.Row row, String rule, String raw, String expected) {
        RequestView request = RawHttpRequest.parse("t", raw.getBytes(StandardCharsets.ISO_8859_1));
        Evaluation evaluation = ENGINE.inspect(request);
        boolean fired = rule.equals("*") ? !evaluation.fired().isEmpty() : evaluation.firedRuleIds().contains(rule);
        assertThat(fired)
                .as("%s: rule=%s request=\"%s\" expected=%s actual=%s (fired: %s)", row, rule,
                        raw.replace("\r\n", "\\r\\n"), expected, fired ? "fire" : "pass", evaluation.fired())
                .isEqualTo(expected.equals("fire"));
    }
}
