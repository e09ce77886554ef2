package io.tandem.it.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.farm.Cart;
import io.tandem.farm.Shopper;
import io.tandem.it.pair.PairDeployment.Takeover;
import io.tandem.session.KeyRing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third member of the same group joins with a different session key ring (a member set up
 * with the wrong key file). Were it ever active, every shopper's cookie would fail its MAC check
 * and everyone would be logged out, so it must be refused loudly and kept out of the election,
 * although it has the best priority and {@code override: true}.
 *
 * <p>Fails if the newcomer is not refused, if neither its own log nor the active member's
 * {@code /api/v1/ha/members} names the fingerprint mismatch, if it is ever seen active or the
 * pair's active member or epoch changes while it is there, or if a shopper's session through the
 * pair is disturbed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a hung test must not hold the build; waits inside are bounded
class KeyRingMismatchIT {

    private static final Duration OBSERVATION = Duration.ofSeconds(3);
    private static final Duration OBSERVATION_STEP = Duration.ofMillis(250);

    @TempDir
    Path dir;

    private PairDeployment pair;

    @AfterEach
    void stopEverything() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void memberWithAnotherKeyRing_isRefused_saysWhy_andThePairKeepsServing() throws Exception {
        pair = PairDeployment.start(dir, Takeover.LISTENER);
        Member a = pair.a();
        Member b = pair.b();
        long epoch = a.status().orElseThrow().epoch();
        Shopper shopper = new Shopper(a.serviceUrl());
        assertThat(shopper.addToCart(3, 2).value().totalQty()).isEqualTo(2);
        String backend = shopper.backendsSeen().iterator().next();

        Member c = pair.startThirdMember("it-c", 0, true, KeyRing.generate("k1"));
        await("it-c refused by the active member").atMost(PairDeployment.SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> refusedEntry(a, c) != null);
        JsonNode refusal = refusedEntry(a, c);
        assertThat(refusal.path("reason").asText()).as("refusal listed by %s", a.nodeId())
                .contains("key-ring fingerprint").contains("differs from the pair's");
        await("it-c says why it stays out").atMost(PairDeployment.SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> c.process().stderr().contains("this member (it-c) is refused by group"));
        assertThat(c.process().stderr()).contains("key-ring fingerprint");
        assertThat(a.process().stderr()).contains("refusing member it-c").contains("key-ring fingerprint");
        await("it-b sees it-c refused too").atMost(PairDeployment.SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> refusedEntry(b, c) != null);

        for (int i = 0; i < OBSERVATION.toMillis() / OBSERVATION_STEP.toMillis(); i++) {
            assertThat(c.status().orElseThrow().role()).as("role of the refused member").isEqualTo("standby");
            assertThat(a.status().orElseThrow()).as("the active member while it-c is there")
                    .isEqualTo(new Member.Status("active", epoch));
            assertThat(b.isStandby()).isTrue();
            TimeUnit.MILLISECONDS.sleep(OBSERVATION_STEP.toMillis()); // the observation window itself
        }
        assertThat(c.readyStatus()).isEqualTo(503);
        assertThat(c.process().stderr()).doesNotContain("role=ACTIVE");

        Cart cart = shopper.cart().value();
        assertThat(cart.totalQty()).as("the cart through the pair").isEqualTo(2);
        assertThat(shopper.addToCart(1, 1).value().totalQty()).isEqualTo(3);
        assertThat(shopper.backendsSeen()).containsExactly(backend);
        assertThat(shopper.errorCount()).isZero();
    }

    /** The entry for {@code newcomer} in {@code member}'s {@code /ha/members} "refused" list, or null. */
    private static JsonNode refusedEntry(Member member, Member newcomer) throws Exception {
        Member.AdminReply reply = member.get("ha/members");
        if (reply.status() != 200) {
            return null;
        }
        for (JsonNode refused : reply.json().path("refused")) {
            if (newcomer.nodeId().equals(refused.path("node").asText())) {
                return refused;
            }
        }
        return null;
    }
}
