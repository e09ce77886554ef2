package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEngineTest {

    private static final RequestView REQUEST = new RequestView("r1", "GET", "/", "", Map.of(),
            InetAddress.getLoopbackAddress(), "new");

    @Test
    void evaluate_withoutRules_passes() {
        assertThat(RuleEngine.empty().evaluate(REQUEST)).isEqualTo(Verdict.PASS);
    }

    @Test
    void evaluate_returnsFirstNonPassVerdict_andSkipsTheRest() {
        List<String> evaluated = new ArrayList<>();
        Rule passing = rule("a", Verdict.PASS, evaluated);
        Rule denying = rule("b", new Verdict.Deny("b", "test", 403, true), evaluated);
        Rule never = rule("c", new Verdict.Alert("c", "never reached"), evaluated);

        Verdict verdict = RuleEngine.of(List.of(passing, denying, never)).evaluate(REQUEST);

        assertThat(verdict).isEqualTo(new Verdict.Deny("b", "test", 403, true));
        assertThat(evaluated).containsExactly("a", "b");
    }

    @Test
    void verdicts_rejectOutOfRangeArguments() {
        assertThatThrownBy(() -> new Verdict.Deny("r", "x", 200, true))
                .hasMessage("status: 200 (expected: 400..599)");
        assertThatThrownBy(() -> new Verdict.PeriodBlock("r", "x", Duration.ofSeconds(3601)))
                .hasMessage("duration: PT1H1S (expected: 1..3600 s)");
    }

    private static Rule rule(String id, Verdict verdict, List<String> evaluated) {
        return new Rule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Verdict evaluate(RequestView request) {
                evaluated.add(id);
                return verdict;
            }
        };
    }
}
