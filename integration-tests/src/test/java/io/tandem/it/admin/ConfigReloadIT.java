package io.tandem.it.admin;

import static io.tandem.it.admin.MemberYaml.ADMIN_TOKEN;
import static io.tandem.it.admin.MemberYaml.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.farm.MagentoFarm;
import io.tandem.session.KeyRing;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/config/reload} on a real member while shoppers use it. Fails when a broken
 * configuration is not answered 422 with every one of its problems (each with its line and path),
 * when a refused reload changes the running configuration, when a good reload is not answered 200,
 * when any shopper step fails or any session is lost at any point, or when a keep-alive client
 * connection is closed by a reload.
 *
 * <p>What a good reload can change: the rules (the {@code waf:} section); {@code TandemServer.applyConfig}
 * refuses changes to backends, pool, session, network, access log and HA. The test reloads the same
 * configuration reformatted (nothing changes), then one with new rules, and checks on the same
 * keep-alive connection that the new rules apply at once: a URL access rule starts refusing a path
 * and the SQL injection rule, now {@code alert}, lets through what it refused before.
 */
class ConfigReloadIT {

    @TempDir
    Path dir;
    private MagentoFarm farm;
    private MemberProcess member;
    private ShopperLoad load;
    private int servicePort;

    @BeforeEach
    void start() throws Exception {
        farm = MagentoFarm.start(2);
        servicePort = MemberProcess.freePort();
        int admin = MemberProcess.freePort();
        MemberYaml yaml = new MemberYaml("reload-a", servicePort, admin);
        farm.instances().forEach(i -> yaml.backend(i.name(), i.baseUrl()));
        yaml.writeTo(dir, KeyRing.generate("k1"));
        member = new MemberProcess(dir, servicePort, admin).start();
        member.awaitServing(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (load != null) {
                load.stop();
            }
        } finally {
            try {
                member.close();
            } finally {
                farm.close();
            }
        }
    }

    @Test
    void brokenReload_is422WithEveryProblem_goodReloadIs200_andTrafficNeverNotices() throws Exception {
        AdminHttp admin = member.admin();
        Path file = member.config();
        String original = Files.readString(file);
        String digest = admin.getJson("/status", VIEWER_TOKEN, 200).path("config_digest").asText();
        load = ShopperLoad.start(member.serviceUrl(), 3, false);
        List<Integer> probe = new ArrayList<>();
        try (KeepAliveConnection connection = new KeepAliveConnection(servicePort)) {
            probe.add(connection.get("/health"));
            load.awaitSteps(30, Duration.ofSeconds(30));

            // 1. Four mistakes at once: all reported, with line and path, nothing applied.
            String broken = original
                    .replace("listener:\n  address: 127.0.0.1\n  port: " + servicePort,
                            "listener:\n  address: 127.0.0.1\n  port: 70000")
                    .replace("url: " + farm.instances().get(0).baseUrl(), "url: ftp://x")
                    .replace("pool:\n", "pool:\n  retries: -5\n")
                    .replace("session:\n", "session:\n  cookie-nam: x\n");
            Files.writeString(file, broken);
            HttpResponse<String> refused = admin.post("/config/reload", ADMIN_TOKEN, null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = AdminHttp.json(refused);
            assertThat(problem.path("type").asText()).isEqualTo("urn:tandem:problem:config-invalid");
            assertThat(problem.path("valid").asBoolean(true)).isFalse();
            assertThat(problem.path("detail").asText())
                    .isEqualTo(file + " has 4 problems; the running configuration is unchanged");
            assertThat(problem.path("problems").findValuesAsText("path"))
                    .containsExactly("listener.port", "backends[0].url", "pool.retries", "session.cookie-nam");
            for (JsonNode p : problem.path("problems")) {
                assertThat(p.path("line").asInt()).as(p.toString()).isPositive();
                assertThat(p.path("message").asText()).as(p.toString()).startsWith(file + ":" + p.path("line").asInt() + ": ");
            }
            assertThat(problem.path("problems").get(0).path("expected").asText()).isEqualTo("an integer 1..65535");
            assertThat(refused.body()).as("no token hash in a problem").doesNotContain("$argon2id");
            probe.add(connection.get("/health"));
            load.awaitSteps(30, Duration.ofSeconds(30));

            // 2. Valid, but changes what needs a restart: refused, every change named.
            Files.writeString(file, original
                    .replace("node:\n  id: reload-a", "node:\n  id: reload-b")
                    .replace("listener:\n  address: 127.0.0.1\n  port: " + servicePort,
                            "listener:\n  address: 127.0.0.1\n  port: " + MemberProcess.freePort()));
            JsonNode restartOnly = AdminHttp.json(AdminHttp.expect(admin.post("/config/reload", ADMIN_TOKEN, null), 422));
            assertThat(restartOnly.path("problems").findValuesAsText("path")).containsExactly("node.id", "listener");
            Files.writeString(file, original.replaceFirst("  - id: web2\n    url: [^\n]+\n", ""));
            JsonNode runtimeRefused = AdminHttp.json(AdminHttp.expect(admin.post("/config/reload", ADMIN_TOKEN, null), 422));
            assertThat(runtimeRefused.path("problems").findValuesAsText("value"))
                    .containsExactly("backends: cannot change at runtime yet; restart the member");
            assertThat(admin.getJson("/status", VIEWER_TOKEN, 200).path("config_digest").asText())
                    .as("refused reloads changed nothing").isEqualTo(digest);
            probe.add(connection.get("/health"));
            load.awaitSteps(30, Duration.ofSeconds(30));

            // 3. The same configuration, reformatted and commented: applied, nothing dropped.
            Files.writeString(file, "# reloaded by ConfigReloadIT\n" + original.replace("\n", "   \n"));
            JsonNode applied = admin.postJson("/config/reload", ADMIN_TOKEN, null, 200);
            assertThat(applied.path("source").asText()).isEqualTo(file.toString());
            assertThat(applied.path("changed").asBoolean(true)).isFalse();
            assertThat(applied.path("digest").asText()).isEqualTo(digest);
            assertThat(applied.path("previous_digest").asText()).isEqualTo(digest);
            for (int i = 0; i < 3; i++) {
                admin.postJson("/config/reload", ADMIN_TOKEN, null, 200);
                probe.add(connection.get("/health"));
            }
            load.awaitSteps(30, Duration.ofSeconds(30));
            probe.add(connection.get("/health"));

            // 4. New rules: applied at once, on the same connection, while the shoppers go on.
            String injection = "/catalog/product/view/id/1?id=1%27%20union%20select%20password%20from%20admin_user--";
            assertThat(connection.get(injection)).as("sqli before the reload").isEqualTo(403);
            assertThat(connection.get("/setup/index.php")).as("setup before the reload").isEqualTo(404);
            Files.writeString(file, original + """
                    waf:
                      rules:
                        sqli:
                          action: alert
                      url-access:
                        - id: no-setup
                          path: /setup/*
                          type: deny
                          action: send-403
                    """);
            JsonNode newRules = admin.postJson("/config/reload", ADMIN_TOKEN, null, 200);
            assertThat(newRules.path("changed").asBoolean(false)).as(newRules.toString()).isTrue();
            assertThat(connection.get("/setup/index.php")).as("setup after the reload").isEqualTo(403);
            assertThat(connection.get(injection)).as("sqli (now alert) after the reload").isEqualTo(200);
            probe.add(connection.get("/health"));
            load.awaitSteps(30, Duration.ofSeconds(30));
            assertThat(connection.requests()).isEqualTo(probe.size() + 4);
        }
        load.stop();

        assertThat(probe).as("one keep-alive connection across every reload").allMatch(s -> s == 200);
        assertThat(load.failures()).as("failed shopper steps").isEmpty();
        assertThat(load.lostSessions()).as("lost sessions").isEmpty();
        assertThat(load.unavailable()).as("steps without service").isZero();
        assertThat(load.steps()).isGreaterThanOrEqualTo(120);
        assertThat(member.stderr())
                .contains("config reload rejected: 4 problem(s) in " + file)
                .contains("config reloaded from " + file)
                .contains("rules reloaded: node=reload-a");
    }
}
