package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.ha.Role;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health, readiness, members, failover and maintenance. /health and /ready answer without a token;
 * /ready is 200 only for the active member, out of maintenance, with a healthy backend, and lists
 * every reason otherwise. Fails if a load balancer would be sent to a standby member or to one
 * without backends, or if the probes start requiring a token.
 */
class MemberRoutesTest {

    private AdminTestServer admin;

    @BeforeEach
    void start() throws Exception {
        admin = new AdminTestServer();
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
    }

    @Test
    void health_withoutToken_is200() throws Exception {
        HttpResponse<String> response = admin.get("/health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AdminTestServer.json(response).path("status").asText()).isEqualTo("up");
    }

    @Test
    void ready_activeWithHealthyBackend_withoutToken_is200() throws Exception {
        HttpResponse<String> response = admin.get("/ready", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = AdminTestServer.json(response);
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("role").asText()).isEqualTo("active");
        assertThat(body.path("healthy_backends").asInt()).isEqualTo(1);
    }

    @Test
    void ready_standbyWithoutBackendsInMaintenance_is503_withEveryReason() throws Exception {
        admin.member.role = Role.STANDBY;
        admin.member.maintenance = true;
        admin.backends.set(List.of(new BackendStatus.BackendInfo("web1", "http://127.0.0.1:19001", false, 0)));
        HttpResponse<String> response = admin.get("/ready", null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = AdminTestServer.json(response);
        assertThat(body.path("type").asText()).isEqualTo("urn:tandem:problem:not-ready");
        assertThat(body.path("reasons")).extracting(JsonNode::asText).containsExactly(
                "role: standby (expected: active)", "maintenance: on (expected: off)",
                "healthy backends: 0 (expected: at least 1)");
    }

    @Test
    void ready_activeButNoHealthyBackend_is503() throws Exception {
        admin.backends.set(List.of());
        assertThat(admin.get("/ready", null).statusCode()).isEqualTo(503);
    }

    @Test
    void members_listThePair() throws Exception {
        JsonNode body = AdminTestServer.json(admin.get("/ha/members", AdminTestServer.VIEWER_TOKEN));
        JsonNode self = body.path("members").get(0);
        assertThat(self.path("node").asText()).isEqualTo("test-a");
        assertThat(self.path("self").asBoolean()).isTrue();
        assertThat(self.path("role").asText()).isEqualTo("active");
        assertThat(self.path("started_at").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(body.path("refused")).isEmpty();
    }

    @Test
    void failover_accepted_is202_withTheSteps() throws Exception {
        admin.member.failover = new MemberStatus.FailoverAccepted("test-a", "test-b",
                List.of("drain", "switch to test-b at epoch 8"));
        HttpResponse<String> response = admin.post("/ha/failover", AdminTestServer.ADMIN_TOKEN, null);
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = AdminTestServer.json(response);
        assertThat(body.path("to").asText()).isEqualTo("test-b");
        assertThat(body.path("steps")).hasSize(2);
    }

    @Test
    void standaloneMember_refusesFailover_andMaintenanceOnlyAffectsReadiness() {
        StandaloneMember member = new StandaloneMember("solo", "0.1.0", admin.clock.instant(), () -> "d", () -> "f");
        assertThat(member.requestFailover()).isEqualTo(new MemberStatus.FailoverRefused(
                "no standby member: solo runs without an HA peer"));
        assertThat(member.role()).isEqualTo(Role.ACTIVE);
        assertThat(member.epoch()).isEqualTo(1);
        assertThat(member.members()).singleElement().satisfies(m -> assertThat(m.self()).isTrue());
        assertThat(member.setMaintenance(true).enabled()).isTrue();
        assertThat(member.maintenance()).isTrue();
    }

    @Test
    void maintenance_switchesReadiness() throws Exception {
        HttpResponse<String> on = admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN, "{\"enabled\": true}");
        assertThat(on.statusCode()).isEqualTo(200);
        assertThat(AdminTestServer.json(on).path("enabled").asBoolean()).isTrue();
        assertThat(admin.get("/ready", null).statusCode()).isEqualTo(503);
        assertThat(AdminTestServer.json(admin.get("/status", AdminTestServer.VIEWER_TOKEN)).path("maintenance").asBoolean())
                .isTrue();
        admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN, "{\"enabled\": false}");
        assertThat(admin.get("/ready", null).statusCode()).isEqualTo(200);
    }
}
