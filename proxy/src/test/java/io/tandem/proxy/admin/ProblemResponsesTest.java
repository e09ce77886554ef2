package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error of the admin API is an RFC 9457 problem document with type, title, status, detail and
 * instance, the request id of its log line, the right status and headers, and never a stack trace.
 * Fails when an error path answers HTML, plain text, an empty body or a trace, or loses a header
 * (Allow, WWW-Authenticate).
 */
class ProblemResponsesTest {

    private static AdminTestServer admin;

    @BeforeAll
    static void start() throws Exception {
        admin = new AdminTestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = AdminTestServer.json(response);
        assertThat(body.path("type").asText()).isEqualTo("urn:tandem:problem:" + slug);
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).isNotBlank();
        assertThat(body.path("instance").asText()).startsWith("/");
        assertThat(body.path("request_id").asText()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "at io.", "at java.");
        return body;
    }

    @Test
    void unknownRoute_is404() throws Exception {
        JsonNode body = assertProblem(admin.get("/statuss", AdminTestServer.ADMIN_TOKEN), 404, "not-found");
        assertThat(body.path("instance").asText()).isEqualTo("/api/v1/statuss");
        assertProblem(admin.get("/../etc/passwd", null), 404, "not-found");
    }

    @Test
    void pathOutsideTheApi_is404() throws Exception {
        HttpResponse<String> response = admin.http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(admin.url("").replace("/api/v1", "/index.html"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(response, 404, "not-found");
    }

    @Test
    void wrongMethod_is405_withAllow() throws Exception {
        HttpResponse<String> response = admin.send("DELETE", "/status", AdminTestServer.ADMIN_TOKEN, null);
        JsonNode body = assertProblem(response, 405, "method-not-allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
        assertThat(body.path("allow").get(0).asText()).isEqualTo("GET");
        assertThat(admin.get("/ha/failover", null).headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void badJson_is400_withPosition() throws Exception {
        JsonNode body = assertProblem(admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN, "{enabled: tru"),
                400, "invalid-json");
        assertThat(body.path("detail").asText()).startsWith("request body: not JSON, line 1 column");
        assertProblem(admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN, ""), 400, "invalid-json");
    }

    @Test
    void jsonOfTheWrongShape_is422_withEveryProblem() throws Exception {
        JsonNode missing = assertProblem(admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN, "{}"),
                422, "validation-failed");
        assertThat(missing.path("problems").get(0).asText()).isEqualTo("enabled: (missing) (expected: true or false)");
        JsonNode unknown = assertProblem(admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN, "{\"enable\": true}"),
                422, "validation-failed");
        assertThat(unknown.path("problems").get(0).asText())
                .isEqualTo("enable: (unknown member) (expected: one of [enabled])");
        JsonNode wrongType = assertProblem(admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN,
                "{\"enabled\": \"maybe\"}"), 422, "validation-failed");
        assertThat(wrongType.path("problems").get(0).asText()).isEqualTo("enabled: 'maybe' (expected: true or false)");
        JsonNode notObject = assertProblem(admin.post("/maintenance", AdminTestServer.ADMIN_TOKEN, "[1, 2]"),
                422, "validation-failed");
        assertThat(notObject.path("problems").get(0).asText()).isEqualTo("(body): (wrong type) (expected: a JSON object)");
        assertThat(wrongType.toString()).doesNotContain("io.tandem", "java.lang");
    }

    @Test
    void missingToken_is401_withBearerChallenge() throws Exception {
        HttpResponse<String> response = admin.get("/status", null);
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tandem-admin\"");
        HttpResponse<String> wrong = admin.get("/status", "tdm_wrong-token-0000000000000000000");
        assertProblem(wrong, 401, "unauthorized");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"tandem-admin\", error=\"invalid_token\"");
        assertThat(wrong.body()).doesNotContain("tdm_wrong-token");
    }

    @Test
    void readOnlyToken_onWriteRoute_is403() throws Exception {
        HttpResponse<String> response = admin.post("/ha/failover", AdminTestServer.VIEWER_TOKEN, null);
        JsonNode body = assertProblem(response, 403, "forbidden");
        assertThat(body.path("detail").asText()).isEqualTo("token 'viewer' has role read-only (expected: admin)");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("insufficient_scope"));
    }

    @Test
    void refusedFailover_is409() throws Exception {
        JsonNode body = assertProblem(admin.post("/ha/failover", AdminTestServer.ADMIN_TOKEN, null), 409,
                "failover-refused");
        assertThat(body.path("detail").asText()).isEqualTo("no standby member: test-a runs without an HA peer");
    }

    @Test
    void unexpectedException_is500_withoutDetails() throws Exception {
        admin.member.failWith = new IllegalStateException("secret internals");
        try {
            JsonNode body = assertProblem(admin.post("/ha/failover", AdminTestServer.ADMIN_TOKEN, null), 500,
                    "internal-error");
            assertThat(body.toString()).doesNotContain("secret internals", "IllegalStateException");
        } finally {
            admin.member.failWith = null;
        }
    }

    @Test
    void declaredBodyOverOneMebibyte_is413_withoutReadingIt() throws Exception {
        String response = raw("POST /api/v1/config/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + AdminTestServer.ADMIN_TOKEN + "\r\nContent-Length: 2000000\r\n\r\n", new byte[0]);
        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(response).contains("Content-Type: application/problem+json", "urn:tandem:problem:payload-too-large");
    }

    @Test
    void chunkedBodyOverOneMebibyte_is413() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 17; i++) { // 1088 KiB
            body.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(chunk);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String response = raw("POST /api/v1/config/validate HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + AdminTestServer.ADMIN_TOKEN + "\r\nTransfer-Encoding: chunked\r\n\r\n", body.toByteArray());
        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(response).contains("urn:tandem:problem:payload-too-large");
    }

    @Test
    void badQueryParameter_is400_namingIt() throws Exception {
        JsonNode body = assertProblem(admin.get("/sessions?limit=abc", AdminTestServer.VIEWER_TOKEN), 400, "bad-request");
        assertThat(body.path("detail").asText()).isEqualTo("limit: 'abc' (expected: an integer 1..500)");
    }

    @Test
    void successfulResponses_areJson_andNotCached() throws Exception {
        HttpResponse<String> response = admin.get("/status", AdminTestServer.VIEWER_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode status = AdminTestServer.json(response);
        assertThat(status.path("node").asText()).isEqualTo("test-a");
        assertThat(status.path("role").asText()).isEqualTo("active");
        assertThat(status.path("epoch").asLong()).isEqualTo(7);
        assertThat(status.path("key_ring_fingerprint").asText()).isEqualTo("ring-fingerprint");
        assertThat(status.path("backends").get(0).path("up").asBoolean()).isTrue();
        assertThat(List.of("uptime_seconds", "started_at", "version", "config_digest", "maintenance"))
                .allSatisfy(field -> assertThat(status.has(field)).as(field).isTrue());
    }

    /**
     * Sends raw bytes from another thread while this one reads the response, so the response is
     * read even when the server answers and closes before it has read the whole body.
     */
    private static String raw(String head, byte[] body) throws Exception {
        Thread writer;
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try (Socket socket = new Socket("127.0.0.1", admin.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            writer = new Thread(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (java.io.IOException e) {
                    // the server answered and closed before reading everything: expected for 413
                }
            }, "raw-body-writer");
            writer.start();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0 && response.size() < 1_000_000; n = in.read(buffer)) {
                    response.write(buffer, 0, n);
                    if (response.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketException e) {
                // reset after the response: what we have is enough
            }
        }
        writer.join(10_000);
        return response.toString(StandardCharsets.UTF_8);
    }
}
