package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the router describe the same API, and the document's security is what
 * the server enforces. Fails when a route is added without documenting it (or the reverse), when
 * a documented role differs from the router's, when a route other than /health and /ready
 * answers without a token, or when a read-only token can call a route that changes something.
 */
class OpenApiRoutesTest {

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static AdminTestServer admin;
    private static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        admin = new AdminTestServer();
        HttpResponse<String> response = admin.get("/openapi.json", AdminTestServer.VIEWER_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        doc = AdminTestServer.json(response);
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
    }

    /** "METHOD /path" to the operation object, for every operation of the document. */
    private static Map<String, JsonNode> documented() {
        Map<String, JsonNode> ops = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                ops.put(method.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), method.getValue());
            }
        }
        return ops;
    }

    @Test
    void everyRoute_isDocumented_andNothingElse() {
        Set<String> routed = new TreeSet<>();
        for (Route route : admin.server.routes()) {
            routed.add(route.method() + " " + route.path());
        }
        assertThat(documented().keySet()).as("OpenAPI operations vs router").containsExactlyInAnyOrderElementsOf(routed);
        assertThat(routed).hasSize(22);
    }

    @Test
    void documentedRole_matchesRouter_andWriteRoutesNeedAdmin() {
        Map<String, JsonNode> ops = documented();
        for (Route route : admin.server.routes()) {
            JsonNode op = ops.get(route.method() + " " + route.path());
            String role = route.required() == null ? "none" : route.required().label();
            assertThat(op.path("x-required-role").asText()).as(route.toString()).isEqualTo(role);
            boolean documentedPublic = op.has("security") && op.path("security").isEmpty();
            assertThat(documentedPublic).as("security of " + route).isEqualTo(route.isPublic());
            if (WRITE_METHODS.contains(route.method())) {
                assertThat(route.required()).as(route.toString()).isEqualTo(AdminRole.ADMIN);
            }
            assertThat(op.path("operationId").asText()).as(route.toString()).isNotBlank();
        }
    }

    @Test
    void onlyHealthAndReady_arePublic() {
        List<String> open = new ArrayList<>();
        documented().forEach((op, node) -> {
            if (node.has("security") && node.path("security").isEmpty()) {
                open.add(op);
            }
        });
        assertThat(open).containsExactlyInAnyOrder("GET /health", "GET /ready");
    }

    @Test
    void everyProtectedRoute_withoutToken_is401_andWriteRoutesWithReadOnlyToken_are403() throws Exception {
        int checked = 0;
        for (Map.Entry<String, JsonNode> e : documented().entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf(' '));
            String path = e.getKey().substring(method.length() + 1)
                    .replace("{id}", "0123456789abcdef0123456789abcdef");
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            boolean isPublic = e.getValue().has("security") && e.getValue().path("security").isEmpty();
            if (isPublic) {
                int status = admin.send(method, path, null, body).statusCode();
                assertThat(status).as(e.getKey() + " without a token").isIn(200, 503);
                continue;
            }
            HttpResponse<String> anonymous = admin.send(method, path, null, body);
            assertThat(anonymous.statusCode()).as(e.getKey() + " without a token").isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(e.getKey()).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
            HttpResponse<String> forged = admin.send(method, path, "tdm_not-a-configured-token-000000000", body);
            assertThat(forged.statusCode()).as(e.getKey() + " with an unknown token").isEqualTo(401);
            if (WRITE_METHODS.contains(method)) {
                HttpResponse<String> viewer = admin.send(method, path, AdminTestServer.VIEWER_TOKEN, body);
                assertThat(viewer.statusCode()).as(e.getKey() + " with a read-only token").isEqualTo(403);
                assertThat(viewer.headers().firstValue("Content-Type")).hasValue(AdminRouter.PROBLEM_JSON);
            } else {
                int status = admin.send(method, path, AdminTestServer.VIEWER_TOKEN, body).statusCode();
                assertThat(status).as(e.getKey() + " with a read-only token").isNotIn(401, 403);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(20);
    }

    @Test
    void metricsPublicSetting_isReflectedInRouterAndDocument() throws Exception {
        try (AdminTestServer open = new AdminTestServer(AdminSettings.loopback(0, AdminTestServer.tokens())
                .withMetricsPublic(true))) {
            assertThat(open.get("/metrics", null).statusCode()).isEqualTo(200);
            JsonNode openDoc = AdminTestServer.json(open.get("/openapi.json", AdminTestServer.VIEWER_TOKEN));
            assertThat(openDoc.path("paths").path("/metrics").path("get").path("security").isEmpty()).isTrue();
            assertThat(openDoc.path("paths").path("/metrics").path("get").path("x-required-role").asText()).isEqualTo("none");
        }
        assertThat(admin.get("/metrics", null).statusCode()).isEqualTo(401);
    }
}
