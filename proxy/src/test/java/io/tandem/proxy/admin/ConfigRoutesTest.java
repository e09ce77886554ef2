package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Config validate and reload through the API: a valid text is 200 {valid:true}; an invalid one is
 * 422 listing every problem with line and path; a reload applies a valid file atomically and keeps
 * the running configuration when the file has any problem or changes what needs a restart. Fails
 * if only the first problem is reported, or if a bad file reaches the apply hook.
 */
class ConfigRoutesTest {

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
    void validate_validText_is200() throws Exception {
        HttpResponse<String> response = admin.post("/config/validate", AdminTestServer.ADMIN_TOKEN, AdminTestServer.CONFIG);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AdminTestServer.json(response).path("valid").asBoolean()).isTrue();
        assertThat(admin.applied).isEmpty();
    }

    @Test
    void validate_invalidText_is422_withEveryProblem() throws Exception {
        String yaml = """
                listener:
                  port: 70000
                backends:
                  - url: http://127.0.0.1:9001
                pool:
                  retries: -5
                """;
        HttpResponse<String> response = admin.post("/config/validate", AdminTestServer.ADMIN_TOKEN, yaml);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = AdminTestServer.json(response);
        assertThat(body.path("type").asText()).isEqualTo("urn:tandem:problem:config-invalid");
        assertThat(body.path("valid").asBoolean(true)).isFalse();
        assertThat(body.path("detail").asText()).isEqualTo("the configuration has 2 problems; nothing was applied");
        JsonNode problems = body.path("problems");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).path("line").asInt()).isEqualTo(2);
        assertThat(problems.get(0).path("path").asText()).isEqualTo("listener.port");
        assertThat(problems.get(0).path("value").asText()).isEqualTo("70000");
        assertThat(problems.get(0).path("message").asText()).startsWith("request:2: listener.port: 70000 (expected: ");
        assertThat(problems.get(1).path("line").asInt()).isEqualTo(6);
        assertThat(problems.get(1).path("path").asText()).isEqualTo("pool.retries");
    }

    @Test
    void validate_notYaml_is422_notA500() throws Exception {
        HttpResponse<String> response = admin.post("/config/validate", AdminTestServer.ADMIN_TOKEN, "{{{{ ::: [");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(AdminTestServer.json(response).path("problems")).isNotEmpty();
    }

    @Test
    void reload_validFile_isApplied() throws Exception {
        String changed = AdminTestServer.CONFIG + """
                pool:
                  retries: 2
                """;
        Files.writeString(admin.configFile, changed);
        HttpResponse<String> response = admin.post("/config/reload", AdminTestServer.ADMIN_TOKEN, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = AdminTestServer.json(response);
        assertThat(body.path("changed").asBoolean()).isTrue();
        assertThat(body.path("digest").asText()).isNotEqualTo(body.path("previous_digest").asText());
        assertThat(admin.applied).hasSize(1);
        assertThat(admin.config.current().pool().retries()).isEqualTo(2);
    }

    @Test
    void reload_invalidFile_keepsTheRunningConfiguration() throws Exception {
        var before = admin.config.current();
        Files.writeString(admin.configFile, "listener:\n  port: -1\nbackends: []\n");
        HttpResponse<String> response = admin.post("/config/reload", AdminTestServer.ADMIN_TOKEN, null);
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode body = AdminTestServer.json(response);
        assertThat(body.path("detail").asText()).endsWith("; the running configuration is unchanged");
        assertThat(body.path("problems").size()).isGreaterThanOrEqualTo(2);
        assertThat(admin.applied).isEmpty();
        assertThat(admin.config.current()).isSameAs(before);
    }

    @Test
    void reload_changeThatNeedsARestart_isRefused_withEveryOne() throws Exception {
        Files.writeString(admin.configFile, AdminTestServer.CONFIG.replace("test-a", "test-b").replace("18080", "18081"));
        HttpResponse<String> response = admin.post("/config/reload", AdminTestServer.ADMIN_TOKEN, null);
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problems = AdminTestServer.json(response).path("problems");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).path("path").asText()).isEqualTo("node.id");
        assertThat(problems.get(0).path("expected").asText()).isEqualTo("test-a as running; changing the node id needs a restart");
        assertThat(problems.get(1).path("path").asText()).isEqualTo("listener");
        assertThat(admin.applied).isEmpty();
    }
}
