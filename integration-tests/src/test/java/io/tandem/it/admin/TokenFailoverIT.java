package io.tandem.it.admin;

import static io.tandem.it.admin.MemberYaml.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.farm.Cart;
import io.tandem.farm.Shopper;
import io.tandem.farm.Step;
import io.tandem.proxy.metrics.PrometheusText;
import io.tandem.session.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's admin token keeps working when the standby takes over: tokens are stateless and
 * checked against the hashes in each member's own configuration. Also checks what the new active
 * member's metrics say about the takeover. Fails when the token used on the active member before
 * it is killed is refused by the new active member (which never saw it before), when that member
 * does not report the active role, or when its role metrics (current role, role changes, last
 * takeover time) or session adoption do not reflect the failover.
 */
class TokenFailoverIT {

    @TempDir
    Path dir;
    private MemberPair pair;

    @BeforeEach
    void start() throws Exception {
        pair = MemberPair.start(dir, 2, KeyRing.generate("k1"));
    }

    @AfterEach
    void stop() {
        pair.close();
    }

    @Test
    void tokenUsedBeforeAFailover_worksOnTheNewActive() throws Exception {
        Shopper shopper = new Shopper(pair.a.serviceUrl());
        assertThat(shopper.addToCart(2, 1).failure()).isEmpty();

        JsonNode before = pair.a.admin().getJson("/status", ADMIN_TOKEN, 200);
        assertThat(before.path("role").asText()).isEqualTo("active");
        assertThat(before.path("node").asText()).isEqualTo("a");

        pair.a.kill();
        MemberPair.awaitRole(pair.b, "active", Duration.ofSeconds(20));

        JsonNode after = pair.b.admin().getJson("/status", ADMIN_TOKEN, 200);
        assertThat(after.path("node").asText()).isEqualTo("b");
        assertThat(after.path("role").asText()).isEqualTo("active");
        assertThat(after.path("epoch").asLong()).isGreaterThan(before.path("epoch").asLong());
        assertThat(after.path("config_digest").asText()).as("both members run the same shared configuration")
                .isEqualTo(before.path("config_digest").asText());
        // The admin role too, not only reads: validate the member's own configuration.
        String yaml = Files.readString(pair.b.config());
        assertThat(pair.b.admin().postJson("/config/validate", ADMIN_TOKEN, yaml, 200).path("valid").asBoolean())
                .isTrue();

        // The shopper continues on b with the same cart (the listener moves: retry until b serves).
        AtomicReference<Step<Cart>> cart = new AtomicReference<>();
        await("the shopper is served by b").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    cart.set(shopper.cart());
                    return cart.get().ok();
                });
        assertThat(cart.get().value().totalQty()).as("cart after the failover").isEqualTo(1);

        // Sessions are counted when an exchange completes, which may be just after the client has its
        // response: scrape until the shopper's last request is in (bounded); the asserts below decide.
        PrometheusText metrics = await("the shopper's requests counted").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> PrometheusText.parse(
                        AdminHttp.expect(pair.b.admin().get("/metrics", ADMIN_TOKEN), 200).body()),
                        m -> m.sum("tandem_sessions_total", "outcome", "adopted") >= 1.0);
        assertThat(metrics.value("tandem_role", "role", "active")).hasValue(1.0);
        assertThat(metrics.value("tandem_role", "role", "standby")).hasValue(0.0);
        assertThat(metrics.value("tandem_role_changes_total")).as("standby at join, then active").hasValue(2.0);
        assertThat(metrics.value("tandem_last_takeover_seconds")).hasValueSatisfying(
                v -> assertThat(v).isFinite().isGreaterThanOrEqualTo(0.0).isLessThan(15.0));
        assertThat(metrics.sum("tandem_sessions_total", "outcome", "adopted")).as("the shopper's session adopted")
                .isGreaterThanOrEqualTo(1.0);
        assertThat(metrics.sum("tandem_sessions_total", "outcome", "rejected")).isZero();
    }
}
