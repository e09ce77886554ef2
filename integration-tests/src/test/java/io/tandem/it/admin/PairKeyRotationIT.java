package io.tandem.it.admin;

import static io.tandem.it.admin.MemberYaml.ADMIN_TOKEN;
import static io.tandem.it.admin.MemberYaml.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.session.CookieDecoding;
import io.tandem.session.HmacCookieCodec;
import io.tandem.session.KeyRing;
import io.tandem.session.SessionId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
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
    @Disabled("product gap: the admin API rotates only the member that receives the calls (TandemServer."
            + "adminServices wires StandaloneKeyRotation in a pair too). The peer never gets the staged key (its GET /keys "
            + "never lists it; accepted_by/waiting_for never name it), the active member refuses it from the stage on "
            + "(key-ring fingerprint differs), commit succeeds without it, and after a failover it rejects every cookie "
            + "signed with the new key (unknown-key): sessions are lost. See docs/admin-api.md section 6. To see every "
            + "failure: -Djunit.jupiter.conditions.deactivate=org.junit.*DisabledCondition")
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
        PrometheusScrape metrics = PrometheusScrape.parse(
                AdminHttp.expect(b.get("/metrics", VIEWER_TOKEN), 200).body());
        softly.assertThat(metrics.sum("tandem_sessions_total", "outcome", "rejected"))
                .as("cookies b rejected after the failover").isZero();
        softly.assertThat(logLines(pair.b.stderr(), "session cookie rejected", "refused", "refusing"))
                .as("b's log about refused cookies and members").isEmpty();
        softly.assertThat(logLines(pair.a.stderr(), "refusing"))
                .as("a's log about refused members").isEmpty();
        softly.assertAll();
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
        PrometheusScrape metrics = PrometheusScrape.parse(
                AdminHttp.expect(pair.b.admin().get("/metrics", VIEWER_TOKEN), 200).body());
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
