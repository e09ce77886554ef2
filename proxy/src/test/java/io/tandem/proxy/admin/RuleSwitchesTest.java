package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.waf.RequestView;
import io.tandem.waf.Rule;
import io.tandem.waf.RuleEngine;
import io.tandem.waf.Verdict;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runtime rule switches: a disabled rule is left out of the engine the rule stage gets, the
 * switch survives a reload of the rule set, unknown ids are 404, and hits come from the metrics.
 * Fails if a disabled rule still acts, or if the engine is rebuilt on every request.
 */
class RuleSwitchesTest {

    private static Rule denying(String id) {
        return new Rule() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Verdict evaluate(RequestView request) {
                return new Verdict.Deny(id, "always", 403, true);
            }
        };
    }

    private static RequestView request() throws Exception {
        return new RequestView("r1", "GET", "/", "", Map.of(), InetAddress.getByName("127.0.0.1"), "new");
    }

    @Test
    void disabledRule_isLeftOut_andTheEngineIsReusedUntilSomethingChanges() throws Exception {
        try (AdminTestServer admin = new AdminTestServer()) {
            admin.engine.set(RuleEngine.of(List.of(denying("a"), denying("b"))));
            RuleSwitches switches = admin.rules;
            assertThat(switches.engine().evaluate(request())).isEqualTo(new Verdict.Deny("a", "always", 403, true));
            assertThat(switches.engine()).isSameAs(switches.engine());

            HttpResponse response = new HttpResponse(admin.post("/rules/a/disable", AdminTestServer.ADMIN_TOKEN, null));
            assertThat(response.status).isEqualTo(200);
            assertThat(response.json.path("enabled").asBoolean()).isFalse();
            assertThat(switches.engine().evaluate(request())).isEqualTo(new Verdict.Deny("b", "always", 403, true));
            assertThat(switches.engine()).isSameAs(switches.engine());

            // A reload of the rule set keeps the switch, also for a base engine the caller read itself.
            RuleEngine reloaded = RuleEngine.of(List.of(denying("a"), denying("b"), denying("c")));
            admin.engine.set(reloaded);
            assertThat(switches.engine().rules()).extracting(Rule::id).containsExactly("b", "c");
            assertThat(switches.engine(reloaded)).isSameAs(switches.engine());

            admin.post("/rules/a/enable", AdminTestServer.ADMIN_TOKEN, null);
            assertThat(switches.engine().rules()).extracting(Rule::id).containsExactly("a", "b", "c");
            assertThat(admin.post("/rules/zzz/enable", AdminTestServer.ADMIN_TOKEN, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void rulesRoute_listsRulesWithHits() throws Exception {
        try (AdminTestServer admin = new AdminTestServer()) {
            JsonNode empty = AdminTestServer.json(admin.get("/rules", AdminTestServer.VIEWER_TOKEN));
            assertThat(empty.path("rules")).isEmpty();
            admin.engine.set(RuleEngine.of(List.of(denying("sqli-1"))));
            admin.metrics.recordVerdict(new Verdict.Deny("sqli-1", "x", 403, true));
            admin.metrics.recordVerdict(new Verdict.Deny("sqli-1", "x", 403, true));
            admin.metrics.recordVerdict(new Verdict.Alert("sqli-1", "x"));
            JsonNode rule = AdminTestServer.json(admin.get("/rules", AdminTestServer.VIEWER_TOKEN)).path("rules").get(0);
            assertThat(rule.path("id").asText()).isEqualTo("sqli-1");
            assertThat(rule.path("enabled").asBoolean()).isTrue();
            assertThat(rule.path("hits").path("deny").asLong()).isEqualTo(2);
            assertThat(rule.path("hits").path("alert").asLong()).isEqualTo(1);
            assertThat(rule.path("hits").path("period-block").asLong()).isZero();
        }
    }

    /** Status and parsed body of a response. */
    private static final class HttpResponse {
        final int status;
        final JsonNode json;

        HttpResponse(java.net.http.HttpResponse<String> response) throws java.io.IOException {
            this.status = response.statusCode();
            this.json = AdminTestServer.json(response);
        }
    }
}
