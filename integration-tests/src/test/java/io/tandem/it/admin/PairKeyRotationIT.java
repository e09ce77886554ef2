package io.tandem.it.admin;

import static io.tandem.it.admin.MemberYaml.ADMIN_TOKEN;
import static io.tandem.it.admin.MemberYaml.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.proxy.metrics.PrometheusText;
import io.tandem.session.CookieDecoding;
import io.tandem.session.HmacCookieCodec;
import io.tandem.session.KeyRing;
import io.tandem.session.SessionId;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the session key ring of a pair while shoppers use it, then failing over so that the
 * other member must verify the cookies. Fails when a shopper's session is lost (its cart no longer
 * holds what it put there, or its session id changed), when any step fails other than for the
 * moment nobody listens during the failover, or when the cookies do not end up signed with the
 * new key (checked by decoding each shopper's {@code cookiesession1} with a ring holding only the
 * new key).
 */
class PairKeyRotationIT {

    @TempDir
    Path dir;
    private MemberPair pair;
    private ShopperLoad load;

    @AfterEach
    void stop() throws Exception {
        try {
            if (load != null) {
                load.stop();
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    /**
     * The two-phase rotation of docs/admin-api.md section 6, driven through the admin APIs of both
     * members: stage on the active member, see the staged key accepted by both, commit, see both
     * sign with it; then kill the active member. Every expectation is checked softly so that one
     * run reports every missing piece.
     */
    @Test
    void twoPhaseRotationThroughTheAdminApi_duringTraffic_losesNoSession_andRenewsCookiesWithTheNewKey()
            throws Exception {
        KeyRing oldRing = KeyRing.generate("k1");
        pair = MemberPair.start(dir, 3, oldRing);
        load = ShopperLoad.start(pair.a.serviceUrl(), 4, true);
        load.awaitSteps(20, Duration.ofSeconds(30));
        SoftAssertions softly = new SoftAssertions();
        AdminHttp a = pair.a.admin();
        AdminHttp b = pair.b.admin();

        // 1. Stage on the active member: the new key is added to every member, accepted but not signing.
        JsonNode staged = a.postJson("/keys/rotate", ADMIN_TOKEN, null, 202);
        String newKey = staged.path("new_key").asText();
        List<String> named = new ArrayList<>();
        staged.path("accepted_by").forEach(n -> named.add(n.asText()));
        staged.path("waiting_for").forEach(n -> named.add(n.asText()));
        softly.assertThat(named).as("stage answer: accepted_by + waiting_for name both members: " + staged)
                .containsExactlyInAnyOrder("a", "b");
        awaitSoftly(softly, "b lists the staged key " + newKey + " in GET /keys", Duration.ofSeconds(10),
                () -> b.getJson("/keys", VIEWER_TOKEN, 200).path("keys").findValuesAsText("id").contains(newKey));
        awaitSoftly(softly, "a's rotation: accepted by a and b, waiting for nobody", Duration.ofSeconds(5), () -> {
            JsonNode rotation = a.getJson("/keys", VIEWER_TOKEN, 200).path("rotation");
            return rotation.path("waiting_for").isEmpty() && rotation.path("accepted_by").size() == 2;
        });
        try {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> a.getJson("/ha/members", VIEWER_TOKEN, 200).path("refused").isEmpty());
        } catch (ConditionTimeoutException e) {
            softly.fail("while a key is staged the pair's consistency check must tolerate it, but a refuses b: "
                    + a.getJson("/ha/members", VIEWER_TOKEN, 200).path("refused"));
        }

        // 2. Commit: every member signs with the new key; the old one stays accepted.
        HttpResponse<String> commit = a.post("/keys/rotate/commit", ADMIN_TOKEN, null);
        assertThat(commit.statusCode()).as("commit: " + commit.body()).isEqualTo(200);
        awaitSoftly(softly, "b signs with " + newKey, Duration.ofSeconds(10),
                () -> b.getJson("/keys", VIEWER_TOKEN, 200).path("signing_key").asText().equals(newKey));
        softly.assertThat(b.getJson("/status", VIEWER_TOKEN, 200).path("key_ring_fingerprint").asText())
                .as("both members hold the same ring after the commit")
                .isEqualTo(a.getJson("/status", VIEWER_TOKEN, 200).path("key_ring_fingerprint").asText());
        load.awaitSteps(40, Duration.ofSeconds(30)); // cookies come back re-signed with the new key

        // 3. Failover: b must verify cookies signed with the new key.
        pair.a.kill();
        MemberPair.awaitRole(pair.b, "active", Duration.ofSeconds(20));
        pair.b.awaitServing(Duration.ofSeconds(15));
        load.awaitSteps(60, Duration.ofSeconds(60));
        load.stop();

        KeyRing saved = KeyRing.load(pair.a.dir().resolve("keys"));
        KeyRing newRingOnly = KeyRing.of(saved.find(newKey).orElseThrow());
        checkSessions(softly, oldRing, newRingOnly, newKey);
        PrometheusText metrics = PrometheusText.parse(
                AdminHttp.expect(b.get("/metrics", VIEWER_TOKEN), 200).body());
        softly.assertThat(metrics.sum("tandem_sessions_total", "outcome", "rejected"))
                .as("cookies b rejected after the failover").isZero();
        softly.assertThat(logLines(pair.b.stderr(), "session cookie rejected", "refusing member", "is refused by"))
                .as("b's log about refused cookies and members").isEmpty();
        softly.assertThat(logLines(pair.a.stderr(), "refusing member", "is refused by"))
                .as("a's log about refused members").isEmpty();
        softly.assertThat(pair.b.stderr()).as("b's log").contains("key rotation " + staged.path("rotation_id").asText()
                + " committed on b");
        List<String> secrets = secretForms(saved);
        softly.assertThat(pair.a.stderr()).as("a's log holds no secret").doesNotContain(secrets);
        softly.assertThat(pair.b.stderr()).as("b's log holds no secret").doesNotContain(secrets);
        softly.assertAll();
    }

    /**
     * A rotation while the peer is down: it waits and names the peer, a commit is refused with a
     * problem document listing it, an operator can abort it, and unattended it times out; either
     * way the key is dropped and nothing ever signed with it, so the peer that comes back with the
     * old ring is accepted and verifies every cookie. Then, with both members up, {@code tandem
     * keys rotate} (the CLI, as an operator runs it against the pair) completes a rotation. Fails
     * if the active member signs with a key the peer does not hold, if the waiting member is not
     * named, or if a shopper's session is lost.
     */
    @Test
    void peerDownDuringRotation_waitsNamingIt_canBeAbortedOrTimesOut_andNothingSignsWithTheKey() throws Exception {
        KeyRing oldRing = KeyRing.generate("k1");
        pair = MemberPair.start(dir, 2, oldRing);
        load = ShopperLoad.start(pair.a.serviceUrl(), 2, true);
        AdminHttp a = pair.a.admin();
        pair.b.kill();
        await("a no longer sees b").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> a.getJson("/ha/members", VIEWER_TOKEN, 200).path("members").size() == 1);

        // Abort by an operator.
        JsonNode first = a.postJson("/keys/rotate", ADMIN_TOKEN, null, 202);
        assertThat(names(first.path("waiting_for"))).containsExactly("b");
        assertThat(first.path("detail").asText()).contains("b: not in view");
        HttpResponse<String> refused = a.post("/keys/rotate/commit", ADMIN_TOKEN, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = AdminHttp.json(refused);
        assertThat(problem.path("type").asText()).isEqualTo("urn:tandem:problem:rotation-refused");
        assertThat(problem.path("detail").asText()).startsWith("key " + first.path("new_key").asText()
                + " is not accepted yet by b (b: not in view");
        assertThat(names(problem.path("waiting_for"))).containsExactly("b");
        assertThat(a.getJson("/keys", VIEWER_TOKEN, 200).path("signing_key").asText()).isEqualTo("k1");
        JsonNode aborted = a.postJson("/keys/rotate/abort", ADMIN_TOKEN, null, 200);
        assertThat(aborted.path("phase").asText()).isEqualTo("aborted");
        assertThat(KeyRing.load(pair.a.dir().resolve("keys")).keyIds()).containsExactly("k1");

        // Unattended: it times out.
        JsonNode second = a.postJson("/keys/rotate?timeout_seconds=5", ADMIN_TOKEN, null, 202);
        String secondKey = second.path("new_key").asText();
        await("the rotation times out").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> a.getJson("/keys", VIEWER_TOKEN, 200).path("rotation").path("phase").asText()
                        .equals("aborted"));
        JsonNode keys = a.getJson("/keys", VIEWER_TOKEN, 200);
        assertThat(keys.path("rotation").path("detail").asText()).startsWith("timed out: b did not accept key "
                + secondKey + " within 5 s");
        assertThat(keys.path("signing_key").asText()).isEqualTo("k1");
        assertThat(keys.path("keys").findValuesAsText("id")).containsExactly("k1");
        JsonNode late = AdminHttp.json(AdminHttp.expect(a.post("/keys/rotate/commit", ADMIN_TOKEN, null), 409));
        assertThat(late.path("detail").asText()).startsWith("no rotation is staged: the last one ("
                + second.path("rotation_id").asText() + ", key " + secondKey + ") ended at ").contains("timed out");

        // b comes back with the ring it had: nothing to undo, nobody refused.
        pair.b.start();
        MemberPair.awaitRole(pair.b, "standby", MemberPair.JOIN);
        await("a sees b again, refusing nobody").atMost(MemberPair.JOIN).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode members = a.getJson("/ha/members", VIEWER_TOKEN, 200);
                    return members.path("members").size() == 2 && members.path("refused").isEmpty();
                });
        assertThat(pair.b.admin().getJson("/keys", VIEWER_TOKEN, 200).path("keys").findValuesAsText("id"))
                .containsExactly("k1");

        // The CLI against the pair (the standby listed first: the verb finds the active member itself).
        ProcessResult cli = tandem(Map.of("TANDEM_ADMIN_TOKEN", ADMIN_TOKEN), "keys", "rotate", "--admin",
                pair.b.admin().base().toString(), "--admin", a.base().toString());
        assertThat(cli.exit()).as(cli.toString()).isZero();
        assertThat(cli.out()).contains("staged ", "committed: a signs with ");
        JsonNode rotated = a.getJson("/keys", VIEWER_TOKEN, 200);
        String third = rotated.path("signing_key").asText();
        assertThat(third).startsWith("k").isNotEqualTo("k1");
        await("b signs with " + third).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> pair.b.admin().getJson("/keys", VIEWER_TOKEN, 200).path("signing_key").asText()
                        .equals(third));
        load.awaitSteps(20, Duration.ofSeconds(30));
        load.stop();
        assertThat(load.failures()).as(load.toString()).isEmpty();
        assertThat(load.lostSessions()).as(load.toString()).isEmpty();
        assertThat(secondKey).isNotEqualTo(third);
    }

    /**
     * The rotation docs/configuration.md prescribes while the API cannot rotate a pair: the new key
     * first in both key files, members restarted one at a time (standby first), so the role moves
     * once to the member that already has the new ring.
     */
    @Test
    void rotationByKeyFiles_withRollingRestarts_duringTraffic_losesNoSession_andRenewsCookiesWithTheNewKey()
            throws Exception {
        KeyRing oldRing = KeyRing.generate("k1");
        pair = MemberPair.start(dir, 3, oldRing);
        load = ShopperLoad.start(pair.a.serviceUrl(), 4, true);
        load.awaitSteps(20, Duration.ofSeconds(30));
        KeyRing newKey = KeyRing.generate("k2");
        KeyRing rotated = KeyRing.of(List.of(newKey.signingKey(), oldRing.signingKey()));

        // The standby first: it comes back with the new ring, still standby.
        MemberYaml.writeKeys(pair.b.dir(), rotated);
        pair.b.stop();
        pair.b.start();
        MemberPair.awaitRole(pair.b, "standby", MemberPair.JOIN);
        load.awaitSteps(20, Duration.ofSeconds(30));

        // Then the active one: b takes over and signs with k2; a comes back as the standby.
        MemberYaml.writeKeys(pair.a.dir(), rotated);
        pair.a.stop();
        MemberPair.awaitRole(pair.b, "active", Duration.ofSeconds(20));
        pair.b.awaitServing(Duration.ofSeconds(15));
        pair.a.start();
        MemberPair.awaitRole(pair.a, "standby", MemberPair.JOIN);
        await("b sees a again, refusing nobody").atMost(MemberPair.JOIN).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode members = pair.b.admin().getJson("/ha/members", VIEWER_TOKEN, 200);
                    return members.path("members").size() == 2 && members.path("refused").isEmpty();
                });
        load.awaitSteps(60, Duration.ofSeconds(60));
        load.stop();

        SoftAssertions softly = new SoftAssertions();
        checkSessions(softly, oldRing, newKey, "k2");
        JsonNode status = pair.b.admin().getJson("/status", VIEWER_TOKEN, 200);
        softly.assertThat(status.path("role").asText()).isEqualTo("active");
        softly.assertThat(status.path("key_ring_fingerprint").asText()).isEqualTo(rotated.fingerprint());
        // Sessions are counted when an exchange completes, which may be just after the client has its
        // response: scrape until the shoppers' last requests are in (bounded); the asserts below decide.
        PrometheusText metrics = await("the shoppers' requests counted").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> PrometheusText.parse(
                        AdminHttp.expect(pair.b.admin().get("/metrics", VIEWER_TOKEN), 200).body()),
                        m -> m.sum("tandem_sessions_total", "outcome", "adopted") >= 4.0);
        softly.assertThat(metrics.sum("tandem_sessions_total", "outcome", "rejected"))
                .as("cookies b rejected").isZero();
        softly.assertThat(metrics.sum("tandem_sessions_total", "outcome", "adopted"))
                .as("b adopted the shoppers' sessions").isGreaterThanOrEqualTo(4.0);
        softly.assertAll();
    }

    /** No failed step, no lost cart, same session ids, every cookie now verifying with the new key alone. */
    private void checkSessions(SoftAssertions softly, KeyRing oldRing, KeyRing newRingOnly, String newKeyId) {
        softly.assertThat(load.failures()).as("failed shopper steps (" + load + ")").isEmpty();
        softly.assertThat(load.lostSessions()).as("lost sessions (" + load + ")").isEmpty();
        List<String> first = load.firstSessionCookies();
        for (int i = 0; i < first.size(); i++) {
            SessionId id = ((CookieDecoding.Decoded) new HmacCookieCodec(oldRing).decode(first.get(i))).cookie().id();
            String now = load.shoppers().get(i).cookie("cookiesession1").orElse("");
            CookieDecoding decoded = new HmacCookieCodec(newRingOnly).decode(now);
            softly.assertThat(decoded).as("shopper " + i + "'s cookie verifies with " + newKeyId + " alone")
                    .isInstanceOf(CookieDecoding.Decoded.class);
            if (decoded instanceof CookieDecoding.Decoded d) {
                softly.assertThat(d.cookie().id()).as("shopper " + i + "'s session id").isEqualTo(id);
                softly.assertThat(d.cookie().keyId()).isEqualTo(newKeyId);
            }
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The secret of every key of the ring, as a key file writes it (url-safe base64) and in standard base64. */
    private static List<String> secretForms(KeyRing ring) {
        List<String> forms = new ArrayList<>();
        for (String line : ring.toText().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList()) {
            String secret = line.split(" ")[1];
            forms.add(secret);
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(secret)));
        }
        return forms;
    }

    record ProcessResult(int exit, String out, String err) {
    }

    /** Runs {@code java -jar tandem.jar <args>} and waits for it (at most a minute). */
    private ProcessResult tandem(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", MemberProcess.jar().toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("cli.out");
        Path err = dir.resolve("cli.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("tandem " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new ProcessResult(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The log lines that contain any of {@code words}, for failure messages. */
    private static List<String> logLines(String log, String... words) {
        return log.lines().filter(l -> Arrays.stream(words).anyMatch(l::contains)).limit(20).toList();
    }

    private static void awaitSoftly(SoftAssertions softly, String what, Duration atMost, Callable<Boolean> condition) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            softly.fail("not within " + atMost.toSeconds() + " s: " + what);
        }
    }
}
