package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionId;
import io.tandem.session.SessionOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local session table through the API: pages are most recently seen first, filters by state
 * and backend apply before paging, one session is found by id, unknown ids are 404 and malformed
 * ones 400, and the counts combine the table size with the session events of the metrics. Fails
 * if paging skips or repeats sessions, or a filter is applied after paging.
 */
class SessionRoutesTest {

    // A fresh table per test: looking a session up counts as an access and reorders the table.
    private AdminTestServer admin;
    private final List<SessionId> ids = new ArrayList<>(); // oldest first

    @BeforeEach
    void start() throws Exception {
        admin = new AdminTestServer();
        long now = admin.clock.millis() / 1000;
        for (int i = 0; i < 30; i++) {
            SessionId id = SessionId.random();
            ids.add(id);
            String backend = i % 3 == 0 ? "web2" : "web1";
            SessionCookie cookie = new SessionCookie(id, now, now, "k1", "test-a", backend);
            admin.history.recordRequest(cookie, i % 5 == 0, admin.clock.millis());
            admin.clock.advance(Duration.ofSeconds(1));
        }
        admin.metrics.recordSession(SessionOutcome.Absent.INSTANCE, true);
        admin.metrics.recordSession(SessionOutcome.Absent.INSTANCE, true);
        admin.metrics.recordSession(new SessionOutcome.BadMac("k1"), true);
        admin.metrics.recordSession(new SessionOutcome.Adopted(new SessionCookie(SessionId.random(), now, now, "k1",
                "test-b", "")), false);
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
    }

    private JsonNode get(String path) throws Exception {
        var response = admin.get(path, AdminTestServer.VIEWER_TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return AdminTestServer.json(response);
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("items").forEach(item -> out.add(item.path("id").asText()));
        return out;
    }

    @Test
    void pages_areNewestFirst_withoutGapsOrRepeats() throws Exception {
        JsonNode first = get("/sessions?limit=10");
        JsonNode second = get("/sessions?offset=10&limit=10");
        assertThat(first.path("total").asLong()).isEqualTo(30);
        assertThat(ids(first)).hasSize(10).first().isEqualTo(ids.get(29).toString());
        List<String> both = new ArrayList<>(ids(first));
        both.addAll(ids(second));
        List<String> expected = new ArrayList<>();
        for (int i = 29; i >= 10; i--) {
            expected.add(ids.get(i).toString());
        }
        assertThat(both).containsExactlyElementsOf(expected);
        assertThat(get("/sessions").path("limit").asInt()).isEqualTo(50);
    }

    @Test
    void filters_applyBeforePaging() throws Exception {
        JsonNode web2 = get("/sessions?backend=web2&limit=3");
        assertThat(web2.path("total").asLong()).isEqualTo(10);
        assertThat(ids(web2)).containsExactly(ids.get(27).toString(), ids.get(24).toString(), ids.get(21).toString());
        web2.path("items").forEach(item -> assertThat(item.path("backend").asText()).isEqualTo("web2"));

        JsonNode adopted = get("/sessions?state=adopted&offset=1&limit=100");
        assertThat(adopted.path("total").asLong()).isEqualTo(6);
        assertThat(ids(adopted)).containsExactly(ids.get(20).toString(), ids.get(15).toString(), ids.get(10).toString(),
                ids.get(5).toString(), ids.get(0).toString());
        adopted.path("items").forEach(item -> assertThat(item.path("state").asText()).isEqualTo("adopted"));

        JsonNode both = get("/sessions?state=issued&backend=web1");
        both.path("items").forEach(item -> {
            assertThat(item.path("state").asText()).isEqualTo("issued");
            assertThat(item.path("backend").asText()).isEqualTo("web1");
        });
        assertThat(both.path("total").asLong()).isEqualTo(16);
    }

    @Test
    void badFilters_are400() throws Exception {
        assertThat(admin.get("/sessions?state=zombie", AdminTestServer.VIEWER_TOKEN).statusCode()).isEqualTo(400);
        assertThat(admin.get("/sessions?backend=%3Cscript%3E", AdminTestServer.VIEWER_TOKEN).statusCode()).isEqualTo(400);
        assertThat(admin.get("/sessions?limit=0", AdminTestServer.VIEWER_TOKEN).statusCode()).isEqualTo(400);
        assertThat(admin.get("/sessions?offset=-1", AdminTestServer.VIEWER_TOKEN).statusCode()).isEqualTo(400);
    }

    @Test
    void oneSession_byId() throws Exception {
        JsonNode session = get("/sessions/" + ids.get(3));
        assertThat(session.path("id").asText()).isEqualTo(ids.get(3).toString());
        assertThat(session.path("backend").asText()).isEqualTo("web2");
        assertThat(session.path("state").asText()).isEqualTo("issued");
        assertThat(session.path("requests").asInt()).isEqualTo(1);
        assertThat(session.path("created").asText()).isEqualTo("2026-11-21T10:00:03Z");
        assertThat(admin.get("/sessions/" + SessionId.random(), AdminTestServer.VIEWER_TOKEN).statusCode()).isEqualTo(404);
        var malformed = admin.get("/sessions/not-a-session", AdminTestServer.VIEWER_TOKEN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(AdminTestServer.json(malformed).path("detail").asText())
                .isEqualTo("session id: 'not-a-session' (expected: 32 hex characters)");
    }

    @Test
    void counts_combineTableAndEvents() throws Exception {
        JsonNode counts = get("/sessions/counts");
        assertThat(counts.path("known").asLong()).isEqualTo(30);
        assertThat(counts.path("created").asLong()).isEqualTo(2);
        assertThat(counts.path("adopted").asLong()).isEqualTo(1);
        assertThat(counts.path("rejected").path("bad-mac").asLong()).isEqualTo(1);
        assertThat(counts.path("rejected").path("expired").asLong()).isZero();
        assertThat(counts.path("started").asLong()).isEqualTo(3);
    }
}
