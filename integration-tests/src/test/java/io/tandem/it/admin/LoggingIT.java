package io.tandem.it.admin;

import static io.tandem.it.admin.MemberYaml.ADMIN_TOKEN;
import static io.tandem.it.admin.MemberYaml.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.farm.MagentoFarm;
import io.tandem.farm.Shopper;
import io.tandem.session.KeyRing;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * Where a member logs, with the {@code logback.xml} shipped in {@code tandem.jar}, and that no
 * secret reaches any log. Fails when, without {@code TANDEM_LOG_DIR}, the JSON access log is not on
 * stdout; when, with it, the access log does not go (as JSON, rolled by size into compressed
 * archives) to {@code $TANDEM_LOG_DIR/access.json} or still reaches stdout, or the attack log file
 * is not JSON; when the archives are not bounded by the total size cap; or when a key-ring secret
 * (the configured one or one made by a rotation), an admin token or a token hash appears in stdout,
 * stderr or any log file.
 */
class LoggingIT {

    /** Longer than logback's 60 ms between two size checks of a rolling file. */
    private static final long SIZE_CHECK_PAUSE_MILLIS = 70;

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private MagentoFarm farm;
    private MemberProcess member;

    @BeforeEach
    void startFarm() {
        farm = MagentoFarm.start(1);
    }

    @AfterEach
    void stop() {
        try {
            if (member != null) {
                member.close();
            }
        } finally {
            farm.close();
        }
    }

    private MemberProcess member(KeyRing ring, String logDir, String maxFileSize) throws Exception {
        int service = MemberProcess.freePort();
        int admin = MemberProcess.freePort();
        new MemberYaml("log-a", service, admin).backend("web1", farm.instances().get(0).baseUrl()).writeTo(dir, ring);
        member = new MemberProcess(dir, service, admin)
                .env("TANDEM_LOG_DIR", logDir)
                .env("TANDEM_LOG_MAX_FILE_SIZE", maxFileSize)
                .env("TANDEM_LOG_TOTAL_SIZE_CAP", null)
                .env("TANDEM_LOG_MAX_DAYS", null);
        member.start().awaitServing(Duration.ofSeconds(10));
        return member;
    }

    @Test
    void withoutLogDir_theAccessLogIsJsonOnStdout_andTheOperationalLogOnStderr() throws Exception {
        member(KeyRing.generate("k1"), null, null);
        for (int i = 0; i < 5; i++) {
            assertThat(get("/static/a" + i + ".css")).isEqualTo(200);
        }
        member.stop();

        List<String> access = member.stdout().lines().toList();
        assertThat(access).as("stdout holds the access log only").hasSize(5)
                .allSatisfy(line -> assertThat(AdminHttp.json(line).path("node").asText()).isEqualTo("log-a"));
        assertThat(AdminHttp.json(access.get(0)).path("uri").asText()).isEqualTo("/static/a0.css");
        assertThat(member.stderr()).contains("tandem started: node=log-a").doesNotContain("\"request_id\"");
        assertThat(dir.resolve("logs")).doesNotExist();
    }

    @Test
    void withLogDir_accessAndAttackLogsAreJsonFilesThatRoll_andNoSecretIsLoggedAnywhere() throws Exception {
        KeyRing ring = KeyRing.generate("k1");
        Path logs = dir.resolve("logs");
        member(ring, logs.toString(), "16KB");
        AdminHttp admin = member.admin();

        // Traffic, including whole journeys and enough requests to roll the 16 KB access file a few times.
        assertThat(new Shopper(member.serviceUrl()).browseAndBuy("log@example.com", 1, 2).failure()).isEmpty();
        int requests = 200;
        for (int i = 0; i < requests; i++) {
            assertThat(get("/static/file-" + i + ".css")).isEqualTo(200);
        }
        // Admin calls that handle the secrets: tokens of both roles, a refused one, a forged one,
        // and a rotation that makes a new key and writes it to the key file.
        admin.getJson("/status", VIEWER_TOKEN, 200);
        AdminHttp.expect(admin.post("/keys/rotate", VIEWER_TOKEN, null), 403);
        AdminHttp.expect(admin.get("/status", "tdm_forged-but-long-enough-token-000"), 401);
        admin.postJson("/keys/rotate", ADMIN_TOKEN, null, 202);
        admin.postJson("/keys/rotate/commit", ADMIN_TOKEN, null, 200);
        admin.postJson("/config/reload", ADMIN_TOKEN, null, 200);
        assertThat(get("/")).isEqualTo(200); // a cookie signed with the new key
        member.stop();

        Map<Path, String> files = MemberProcess.readTree(logs);
        assertThat(files.keySet()).extracting(p -> p.getFileName().toString())
                .contains("access.json", "attack.json")
                .anyMatch(name -> name.matches("access\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.json\\.gz"));
        List<JsonNode> access = new ArrayList<>();
        files.forEach((path, text) -> {
            if (path.getFileName().toString().startsWith("access.")) {
                text.lines().forEach(line -> access.add(AdminHttp.json(line)));
            }
        });
        assertThat(access.stream().filter(j -> j.path("uri").asText().startsWith("/static/file-")).count())
                .as("every request, once, across the file and its archives").isEqualTo(requests);
        assertThat(access.stream().map(j -> j.path("request_id").asText()).distinct().count())
                .as("no line written twice").isEqualTo(access.size());
        assertThat(access).allSatisfy(j -> {
            assertThat(j.path("node").asText()).isEqualTo("log-a");
            assertThat(j.path("request_id").asText()).hasSize(16);
            assertThat(j.path("status").asInt()).isBetween(200, 499);
        });
        files.forEach((path, text) -> {
            if (path.getFileName().toString().startsWith("attack.")) {
                text.lines().forEach(line -> assertThat(AdminHttp.json(line).path("node").asText())
                        .isEqualTo("log-a"));
            }
        });
        assertThat(member.stdout()).as("nothing on stdout when logging to files").isEmpty();
        assertThat(member.stderr()).contains("tandem started: node=log-a", "key rotation committed");

        // No secret anywhere: the configured key, the key the rotation made, the tokens, their hashes.
        KeyRing rotated = KeyRing.load(dir.resolve("keys"));
        assertThat(rotated.keyIds()).hasSize(2);
        List<String> secrets = new ArrayList<>();
        secrets.addAll(secretForms(rotated));
        secrets.addAll(secretForms(ring));
        secrets.add(ADMIN_TOKEN);
        secrets.add(VIEWER_TOKEN);
        for (String hash : MemberYaml.tokenHashes()) {
            secrets.add(hash);
            Stream.of(hash.split("\\$")).filter(part -> part.length() >= 16).forEach(secrets::add);
        }
        Map<String, String> logged = new java.util.LinkedHashMap<>();
        logged.put("stdout", member.stdout());
        logged.put("stderr", member.stderr());
        files.forEach((path, text) -> logged.put(path.toString(), text));
        logged.forEach((where, text) -> assertThat(text).as(where).doesNotContain(secrets));
        assertThat(member.stderr()).as("the admin log names the caller instead").contains("by ops", "by grafana");
    }

    /** The secret of every key, as the key file writes it (url-safe base64) and in standard base64 and hex. */
    private static List<String> secretForms(KeyRing ring) {
        List<String> forms = new ArrayList<>();
        for (String line : ring.toText().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            String secret = line.split(" ")[1];
            byte[] raw = Base64.getUrlDecoder().decode(secret);
            forms.add(secret);
            forms.add(Base64.getEncoder().encodeToString(raw));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(raw));
            forms.add(HexFormat.of().formatHex(raw));
        }
        return forms;
    }

    /**
     * The shipped configuration in this JVM, with small limits: the access log rolls by size, the
     * archives stay under the total size cap, the attack log is one JSON object per line.
     */
    @Test
    void shippedLogbackConfiguration_rollsBySize_andCapsTheArchives() throws Exception {
        URL config = URI.create("jar:" + MemberProcess.jar().toUri() + "!/logback.xml").toURL();
        Path logs = dir.resolve("in-process-logs");
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        context.putProperty("TANDEM_LOG_DIR", logs.toString());
        context.putProperty("TANDEM_LOG_MAX_FILE_SIZE", "8KB");
        context.putProperty("TANDEM_LOG_TOTAL_SIZE_CAP", "40KB");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("logback configuration problems").noneMatch(s -> s.getLevel() >= ch.qos.logback.core.status.Status.WARN);
        Logger access = context.getLogger("tandem.access");
        Logger attacks = context.getLogger("tandem.attack");
        Random random = new Random(7);
        int lines = 2000;
        for (int i = 0; i < lines; i++) {
            byte[] noise = new byte[64]; // incompressible, so archives are big enough to hit the cap
            random.nextBytes(noise);
            access.info("{\"n\":" + i + ",\"noise\":\"" + HexFormat.of().formatHex(noise) + "\"}");
            if (i % 100 == 0) {
                attacks.warn("{}", "{\"rule\":\"sqli\",\"reason\":\"quote \\\" and \\\\ in q\",\"n\":" + i + "}");
            }
            if (i % 50 == 49) {
                // logback checks a file's size at most every 60 ms (an invocation gate): without a pause
                // the whole loop fits into one or two checks, the files grow far past 8 KB, and how many
                // archives exist depends on the machine's speed. 50 lines (about 7.5 KB) per check.
                Thread.sleep(SIZE_CHECK_PAUSE_MILLIS);
            }
        }
        context.stop();

        // Compression and the removal of archives over the cap run on logback's own threads, after the
        // roll-over that triggered them, so they are awaited (bounded) rather than assumed.
        await("archives compressed and capped").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .ignoreException(java.nio.file.NoSuchFileException.class)
                .untilAsserted(() -> {
                    List<Path> all = list(logs);
                    assertThat(all).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
                    assertThat(all.stream().filter(p -> p.toString().endsWith(".gz")).count()).isGreaterThan(1);
                    long archived = 0;
                    for (Path p : all) {
                        if (p.getFileName().toString().matches("access\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.json\\.gz")) {
                            archived += Files.size(p);
                        }
                    }
                    // logback applies the cap before it compresses the newest archive: at most one over.
                    assertThat(archived).as("total size of the access archives (cap 40 KB, files of 8 KB)")
                            .isLessThanOrEqualTo(40 * 1024 + 8 * 1024);
                });
        assertThat(list(logs)).as("the oldest archives were removed for the cap (uncapped: about 160 KB)")
                .noneMatch(p -> p.getFileName().toString().matches("access\\.\\d{4}-\\d{2}-\\d{2}\\.0\\.json\\.gz"));
        Map<Path, String> files = MemberProcess.readTree(logs);
        assertThat(Files.size(logs.resolve("access.json"))).isLessThanOrEqualTo(8 * 1024 + 200);
        String lastLine = files.get(logs.resolve("access.json")).lines().reduce((a, b) -> b).orElseThrow();
        assertThat(AdminHttp.json(lastLine).path("n").asInt()).isEqualTo(lines - 1);
        List<String> attackLines = files.get(logs.resolve("attack.json")).lines().toList();
        assertThat(attackLines).hasSize(lines / 100);
        JsonNode attack = AdminHttp.json(attackLines.get(0));
        assertThat(attack.path("rule").asText()).isEqualTo("sqli");
        assertThat(attack.path("reason").asText()).isEqualTo("quote \" and \\ in q");
        assertThat(attack.path("n").asInt()).isZero();
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private int get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(member.serviceUrl() + path))
                .timeout(Duration.ofSeconds(10)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
