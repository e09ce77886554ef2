package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.session.KeyRing;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionOutcome;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key rotation through the API, in two phases that log nobody out: the staged key is accepted but
 * does not sign; after the commit it signs and the old key still verifies; the old key can be
 * retired only after its grace period; every step is saved to the key file first. No response
 * ever contains a secret. Fails if a step signs with a key before it is accepted, drops a key
 * early, or loses the ring on restart.
 */
class KeyRoutesTest {

    private AdminTestServer admin;

    @BeforeEach
    void start() throws Exception {
        admin = new AdminTestServer();
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
    }

    private JsonNode call(String method, String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = admin.send(method, path, AdminTestServer.ADMIN_TOKEN, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        assertNoSecret(response.body());
        return AdminTestServer.json(response);
    }

    private void assertNoSecret(String body) {
        admin.sessions.keyRing().toText().lines().filter(l -> !l.startsWith("#")).forEach(line -> {
            String secret = line.split(" ")[1];
            assertThat(body).doesNotContain(secret).doesNotContain(secret.substring(0, 16));
        });
    }

    @Test
    void keys_showIdsAndFingerprints_only() throws Exception {
        JsonNode keys = call("GET", "/keys", 200);
        assertThat(keys.path("signing_key").asText()).isEqualTo("k1");
        assertThat(keys.path("fingerprint").asText()).isEqualTo(admin.sessions.keyRing().fingerprint());
        assertThat(keys.path("keys").get(0).path("state").asText()).isEqualTo("signing");
        assertThat(keys.path("rotation").path("phase").asText()).isEqualTo("idle");
        assertThat(keys.path("store").asText()).startsWith("file ");
    }

    @Test
    void twoPhaseRotation_neverLogsAnybodyOut() throws Exception {
        SessionCookie before = admin.sessions.issue("web1");
        String oldCookie = admin.sessions.encode(before);

        JsonNode staged = call("POST", "/keys/rotate", 202);
        String newKey = staged.path("new_key").asText();
        assertThat(staged.path("phase").asText()).isEqualTo("staged");
        assertThat(staged.path("accepted_by")).extracting(JsonNode::asText).containsExactly("test-a");
        assertThat(staged.path("waiting_for")).isEmpty();
        // Phase one: accepted, not signing; and saved.
        assertThat(admin.sessions.keyRing().signingKey().id()).isEqualTo("k1");
        assertThat(admin.sessions.keyRing().keyIds()).containsExactly("k1", newKey);
        assertThat(KeyRing.load(admin.keyFile).keyIds()).containsExactly("k1", newKey);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(admin.keyFile)))
                .isEqualTo("rw-------");
        assertThat(call("POST", "/keys/rotate", 409).path("type").asText()).isEqualTo("urn:tandem:problem:rotation-refused");

        JsonNode committed = call("POST", "/keys/rotate/commit", 200);
        assertThat(committed.path("phase").asText()).isEqualTo("committed");
        assertThat(committed.path("previous_key").asText()).isEqualTo("k1");
        assertThat(admin.sessions.keyRing().signingKey().id()).isEqualTo(newKey);
        assertThat(KeyRing.load(admin.keyFile).keyIds()).containsExactly(newKey, "k1");
        // The cookie signed with the old key is still valid, and renewed with the new one.
        SessionOutcome outcome = admin.sessions.resolve(oldCookie);
        assertThat(outcome.isValid()).isTrue();
        assertThat(admin.sessions.renewal(before, "web1")).hasValueSatisfying(c -> assertThat(c.keyId()).isEqualTo(newKey));

        // Retiring the old key is refused during its grace period, allowed after it.
        JsonNode early = call("DELETE", "/keys/k1", 409);
        assertThat(early.path("detail").asText()).startsWith("key k1 may still verify valid cookies until ");
        admin.clock.advance(admin.rotation.grace().plus(Duration.ofSeconds(1)));
        JsonNode after = call("DELETE", "/keys/k1", 200);
        assertThat(after.path("keys")).hasSize(1);
        assertThat(KeyRing.load(admin.keyFile).keyIds()).containsExactly(newKey);
        call("DELETE", "/keys/k1", 404);
        call("DELETE", "/keys/" + newKey, 409);
    }

    @Test
    void abort_dropsTheStagedKey() throws Exception {
        String fingerprint = admin.sessions.keyRing().fingerprint();
        call("POST", "/keys/rotate/abort", 409);
        call("POST", "/keys/rotate/commit", 409);
        call("POST", "/keys/rotate", 202);
        JsonNode aborted = call("POST", "/keys/rotate/abort", 200);
        assertThat(aborted.path("phase").asText()).isEqualTo("aborted");
        assertThat(aborted.path("detail").asText()).startsWith("aborted by an operator");
        assertThat(admin.sessions.keyRing().fingerprint()).isEqualTo(fingerprint);
        assertThat(KeyRing.load(admin.keyFile).keyIds()).containsExactly("k1");
    }

    @Test
    void unsavableRing_refusesRotation_andChangesNothing() throws Exception {
        StandaloneKeyRotation readOnly = new StandaloneKeyRotation(admin.sessions,
                KeyRingStore.readOnly("it comes from environment variable TANDEM_KEYS"), admin.clock, r -> { });
        String before = admin.sessions.keyRing().fingerprint();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> readOnly.begin(KeyRotation.DEFAULT_ACCEPT_TIMEOUT))
                .isInstanceOf(KeyRotation.RotationRefused.class)
                .hasMessage("the key ring cannot be saved here: it comes from environment variable TANDEM_KEYS");
        assertThat(admin.sessions.keyRing().fingerprint()).isEqualTo(before);
        Files.delete(admin.keyFile);
        Files.createDirectory(admin.keyFile); // a directory cannot be replaced by a file
        call("POST", "/keys/rotate", 500);
        assertThat(admin.sessions.keyRing().fingerprint()).isEqualTo(before);
        Files.delete(admin.keyFile);
    }
}
