package io.tandem.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.proxy.metrics.TandemMetrics;
import io.tandem.session.KeyRing;
import io.tandem.session.LocalHistory;
import io.tandem.session.MutableClock;
import io.tandem.session.SessionManager;
import io.tandem.session.SessionPolicy;
import io.tandem.waf.RuleEngine;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An admin server on 127.0.0.1 (free port) over real session, rule, config and key components and
 * a {@link TestMember}, with two tokens: {@link #ADMIN_TOKEN} (admin) and {@link #VIEWER_TOKEN}
 * (read-only). Hashes use a tiny Argon2 cost so tests stay fast.
 */
final class AdminTestServer implements AutoCloseable {

    static final String ADMIN_TOKEN = "tdm_admin-token-for-tests-0123456789";
    static final String VIEWER_TOKEN = "tdm_viewer-token-for-tests-012345678";
    static final String CONFIG = """
            node:
              id: test-a
            listener:
              port: 18080
            backends:
              - id: web1
                url: http://127.0.0.1:19001
            """;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final TestMember member = new TestMember(clock.instant());
    final AtomicReference<List<BackendStatus.BackendInfo>> backends = new AtomicReference<>(
            List.of(new BackendStatus.BackendInfo("web1", "http://127.0.0.1:19001", true, 0)));
    final LocalHistory history = new LocalHistory(10_000, Duration.ofMinutes(20), clock);
    final SessionManager sessions;
    final TandemMetrics metrics = new TandemMetrics(TandemMetrics.DEFAULT_ROUTES, false);
    final AtomicReference<RuleEngine> engine = new AtomicReference<>(RuleEngine.empty());
    final RuleSwitches rules = new RuleSwitches(engine::get, metrics);
    final List<TandemConfig> applied = new CopyOnWriteArrayList<>();
    final Path dir;
    final Path configFile;
    final Path keyFile;
    final FileConfigControl config;
    final StandaloneKeyRotation rotation;
    final AttackLog attacks = new AttackLog(100);
    final AdminServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminTestServer(AdminSettings settings) throws Exception {
        dir = Files.createTempDirectory("tandem-admin-test");
        configFile = dir.resolve("tandem.yaml");
        Files.writeString(configFile, CONFIG);
        keyFile = dir.resolve("keys");
        KeyRing ring = KeyRing.generate("k1");
        Files.writeString(keyFile, ring.toText());
        sessions = new SessionManager(ring, SessionPolicy.defaults(), "test-a", history, clock);
        config = new FileConfigControl(configFile, ConfigLoader.parse(CONFIG, configFile.toString()), applied::add);
        rotation = new StandaloneKeyRotation(sessions, KeyRingStore.file(keyFile), clock, r -> { });
        AdminServices services = new AdminServices(member, backends::get, new HistorySessionTable(history, metrics,
                clock.instant()), rules, config, rotation, rotation, attacks, metrics);
        server = new AdminServer(settings, services, clock);
        server.start();
    }

    AdminTestServer() throws Exception {
        this(AdminSettings.loopback(0, tokens()));
    }

    static List<AdminSettings.Token> tokens() {
        return List.of(
                new AdminSettings.Token("ops", AdminRole.ADMIN, TokenHashes.hash(ADMIN_TOKEN, 64, 1, 1)),
                new AdminSettings.Token("viewer", AdminRole.READ_ONLY, TokenHashes.hash(VIEWER_TOKEN, 64, 1, 1)));
    }

    String url(String path) {
        return server.baseUrl() + path;
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null);
    }

    HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return send("POST", path, token, body);
    }

    HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return AdminJson.MAPPER.readTree(response.body());
    }

    @Override
    public void close() throws IOException {
        server.close();
        metrics.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
