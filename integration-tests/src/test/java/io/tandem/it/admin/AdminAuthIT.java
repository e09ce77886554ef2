package io.tandem.it.admin;

import static io.tandem.it.admin.MemberYaml.ADMIN_TOKEN;
import static io.tandem.it.admin.MemberYaml.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.farm.MagentoFarm;
import io.tandem.session.KeyRing;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API of a real member process enforces, route by route, the security its own OpenAPI
 * document ({@code GET /api/v1/openapi.json}) declares. Fails when any documented operation other
 * than {@code /health} and {@code /ready} answers without a token or with an unknown one (expected
 * 401 with {@code WWW-Authenticate: Bearer}), when a read-only token can call a write operation
 * (expected 403 {@code insufficient_scope}, and nothing changes), when a read-only token is refused
 * a read operation, or when the document and the running member disagree on the set of routes.
 */
class AdminAuthIT {

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String FORGED = "tdm_forged-token-nobody-configured-0000";

    @TempDir
    static Path dir;
    private static MagentoFarm farm;
    private static MemberProcess member;

    @BeforeAll
    static void start() throws Exception {
        farm = MagentoFarm.start(1);
        int service = MemberProcess.freePort();
        int admin = MemberProcess.freePort();
        new MemberYaml("auth-a", service, admin).backend("web1", farm.instances().get(0).baseUrl())
                .writeTo(dir, KeyRing.generate("k1"));
        member = new MemberProcess(dir, service, admin).start();
    }

    @AfterAll
    static void stop() {
        try {
            if (member != null) {
                member.close();
            }
        } finally {
            if (farm != null) {
                farm.close();
            }
        }
    }

    private record Operation(String method, String template, JsonNode spec) {
        boolean isPublic() {
            return spec.has("security") && spec.path("security").isArray() && spec.path("security").isEmpty();
        }

        /** The template with every {parameter} filled in; an id that exists nowhere, so nothing is found or changed. */
        String path() {
            return template.replaceAll("\\{[^}/]+}", "0123456789abcdef0123456789abcdef");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private static List<Operation> operations(JsonNode doc) {
        List<Operation> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                ops.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue()));
            }
        }
        return ops;
    }

    @Test
    void everyDocumentedRoute_enforcesItsRole_onARunningMember() {
        AdminHttp admin = member.admin();
        JsonNode doc = admin.getJson("/openapi.json", VIEWER_TOKEN, 200);
        String fingerprintBefore = admin.getJson("/status", ADMIN_TOKEN, 200).path("key_ring_fingerprint").asText();
        List<Operation> ops = operations(doc);
        assertThat(ops).as("operations in the served OpenAPI document").hasSize(22);

        List<String> open = new ArrayList<>();
        int protectedRoutes = 0;
        int writeRoutes = 0;
        for (Operation op : ops) {
            String body = WRITE_METHODS.contains(op.method()) && !op.method().equals("DELETE") ? "{}" : null;
            if (op.isPublic()) {
                open.add(op.toString());
                HttpResponse<String> anonymous = admin.send(op.method(), op.path(), null, body);
                assertThat(anonymous.statusCode()).as(op + " without a token").isIn(200, 503);
                assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(op.toString()).isEmpty();
                continue;
            }
            protectedRoutes++;
            HttpResponse<String> anonymous = admin.send(op.method(), op.path(), null, body);
            assertThat(anonymous.statusCode()).as(op + " without a token: " + anonymous.body()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(op + " WWW-Authenticate")
                    .hasValue("Bearer realm=\"tandem-admin\"");
            assertThat(anonymous.headers().firstValue("Content-Type")).as(op.toString())
                    .hasValue("application/problem+json");
            assertThat(AdminHttp.json(anonymous).path("type").asText()).isEqualTo("urn:tandem:problem:unauthorized");

            HttpResponse<String> forged = admin.send(op.method(), op.path(), FORGED, body);
            assertThat(forged.statusCode()).as(op + " with an unknown token: " + forged.body()).isEqualTo(401);
            assertThat(forged.headers().firstValue("WWW-Authenticate")).as(op.toString())
                    .hasValue("Bearer realm=\"tandem-admin\", error=\"invalid_token\"");

            String role = op.spec().path("x-required-role").asText();
            HttpResponse<String> viewer = admin.send(op.method(), op.path(), VIEWER_TOKEN, body);
            if (WRITE_METHODS.contains(op.method())) {
                writeRoutes++;
                assertThat(role).as(op + " x-required-role").isEqualTo("admin");
                assertThat(viewer.statusCode()).as(op + " with a read-only token: " + viewer.body()).isEqualTo(403);
                assertThat(viewer.headers().firstValue("WWW-Authenticate")).as(op.toString())
                        .hasValue("Bearer realm=\"tandem-admin\", error=\"insufficient_scope\"");
                JsonNode problem = AdminHttp.json(viewer);
                assertThat(problem.path("type").asText()).isEqualTo("urn:tandem:problem:forbidden");
                assertThat(problem.path("detail").asText()).isEqualTo("token 'grafana' has role read-only (expected: admin)");
            } else {
                assertThat(role).as(op + " x-required-role").isEqualTo("read-only");
                assertThat(viewer.statusCode()).as(op + " with a read-only token: " + viewer.body()).isIn(200, 404);
            }
        }
        assertThat(open).containsExactlyInAnyOrder("GET /health", "GET /ready");
        assertThat(protectedRoutes).isEqualTo(20);
        assertThat(writeRoutes).as("POST and DELETE operations").isEqualTo(10);

        // The refused calls changed nothing: no key staged or retired, no maintenance, same ring.
        JsonNode status = admin.getJson("/status", ADMIN_TOKEN, 200);
        assertThat(status.path("maintenance").asBoolean()).isFalse();
        assertThat(status.path("key_ring_fingerprint").asText()).isEqualTo(fingerprintBefore);
        assertThat(admin.getJson("/keys", ADMIN_TOKEN, 200).path("rotation").path("phase").asText()).isEqualTo("idle");
        assertThat(member.stderr()).as("the operational log names the token, never the header")
                .contains("by grafana").doesNotContain(VIEWER_TOKEN).doesNotContain(FORGED);
    }

    @Test
    void anUnknownRoute_is404_andAWrongMethod_is405_evenWithoutAToken() {
        AdminHttp admin = member.admin();
        HttpResponse<String> unknown = admin.get("/no-such-route", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = admin.send("DELETE", "/status", null, null);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    }
}
