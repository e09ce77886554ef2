package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.waf.Location;
import io.tandem.waf.Match;
import io.tandem.waf.Severity;
import io.tandem.waf.Verdict;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The attack log keeps only the newest entries (bounded memory), returns them newest first,
 * filters by rule and client, bounds free text, and is served by GET /attacks. Fails if the ring
 * grows, loses order, or a Pass verdict is logged as an attack.
 */
class AttackLogTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static AttackEvent event(int i, String rule, String client) {
        return AttackEvent.of(new Verdict.Deny(rule, "reason " + i, 403, true), T0.plusSeconds(i), "node-a", "req-" + i, client,
                "GET", "/p/" + i, 403, null);
    }

    @Test
    void ring_keepsTheNewest_newestFirst() {
        AttackLog log = new AttackLog(5);
        for (int i = 0; i < 12; i++) {
            log.record(event(i, "r1", "203.0.113.1"));
        }
        assertThat(log.recent(100, e -> true)).extracting(AttackEvent::requestId)
                .containsExactly("req-11", "req-10", "req-9", "req-8", "req-7");
        assertThat(log.recent(2, e -> true)).hasSize(2);
        assertThat(log.total()).isEqualTo(12);
    }

    @Test
    void filters_andBounds() {
        AttackLog log = new AttackLog(100);
        log.record(event(1, "sqli", "203.0.113.1"));
        log.record(event(2, "xss", "203.0.113.2"));
        log.record(event(3, "sqli", "203.0.113.2"));
        assertThat(log.recent(10, e -> e.rule().equals("sqli"))).extracting(AttackEvent::requestId)
                .containsExactly("req-3", "req-1");
        AttackEvent long1 = AttackEvent.of(new Verdict.Alert("r", "x".repeat(10_000)), T0, "node-a", "id", "c", "GET",
                "/" + "a".repeat(10_000) + "\r\nX-Injected: 1", 200, null);
        assertThat(long1.path()).hasSizeLessThanOrEqualTo(AttackEvent.MAX_PATH + 3).doesNotContain("\r", "\n");
        assertThat(long1.reason()).hasSizeLessThanOrEqualTo(AttackEvent.MAX_REASON + 3);
        assertThat(AttackEvent.of(Verdict.PASS, T0, "node-a", "id", "c", "GET", "/", 200, null)).isNull();
        assertThat(AttackEvent.of(new Verdict.PeriodBlock("r", "why", Duration.ofSeconds(60)), T0, "node-a", "id", "c", "GET", "/",
                403, null).action()).isEqualTo("period-block");
        assertThat(AttackEvent.of(new Verdict.Redirect("r", "why", URI.create("/start")), T0, "node-a", "id", "c", "GET", "/",
                302, null).action()).isEqualTo("redirect");
    }

    @Test
    void jsonLine_carriesWhereAndAnEscapedExcerpt_andNothingSplitsIt() throws Exception {
        Match match = new Match("sqli", Severity.CRITICAL, Location.QUERY_ARG, "id", "union select [sUEk]",
                "1 union select password from admin_user -- \\x0d\\x0a");
        AttackEvent event = AttackEvent.of(new Verdict.Deny("sqli", "SQL injection", 403, true, match), T0, "node-a",
                "req-1", "203.0.113.9", "GET", "/catalog?id=1\r\n\"x", 403, "0123456789abcdef0123456789abcdef");

        String line = event.toJsonLine();

        assertThat(line).doesNotContain("\n", "\r");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("time").asText()).isEqualTo(T0.toString());
        assertThat(json.path("node").asText()).isEqualTo("node-a");
        assertThat(json.path("session").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(json.path("client").asText()).isEqualTo("203.0.113.9");
        assertThat(json.path("rule").asText()).isEqualTo("sqli");
        assertThat(json.path("action").asText()).isEqualTo("deny");
        assertThat(json.path("status").asInt()).isEqualTo(403);
        assertThat(json.path("category").asText()).isEqualTo("sqli");
        assertThat(json.path("severity").asText()).isEqualTo("critical");
        assertThat(json.path("where").asText()).isEqualTo("query:id");
        assertThat(json.path("excerpt").asText()).startsWith("1 union select password");
        assertThat(AttackEvent.of(new Verdict.Alert("r", "why"), T0, "node-a", "id", "c", "GET", "/", 200, null)
                .toJsonLine()).doesNotContain("excerpt", "where", "session");
    }

    @Test
    void attacksRoute_filtersByRuleAndClient() throws Exception {
        try (AdminTestServer admin = new AdminTestServer()) {
            admin.attacks.record(event(1, "sqli", "203.0.113.1"));
            admin.attacks.record(event(2, "xss", "203.0.113.2"));
            admin.attacks.record(event(3, "sqli", "203.0.113.2"));
            JsonNode all = AdminTestServer.json(admin.get("/attacks", AdminTestServer.VIEWER_TOKEN));
            assertThat(all.path("capacity").asInt()).isEqualTo(100);
            assertThat(all.path("items")).hasSize(3);
            assertThat(all.path("items").get(0).path("time").asText()).isEqualTo("2026-11-21T10:00:03Z");
            JsonNode filtered = AdminTestServer.json(admin.get("/attacks?rule=sqli&client=203.0.113.2&limit=5",
                    AdminTestServer.VIEWER_TOKEN));
            assertThat(filtered.path("items")).singleElement()
                    .satisfies(e -> assertThat(e.path("request_id").asText()).isEqualTo("req-3"));
            assertThat(admin.get("/attacks?limit=101", AdminTestServer.VIEWER_TOKEN).statusCode()).isEqualTo(400);
        }
    }
}
