package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/**
 * Bearer authentication: right token granted with its role, wrong or missing one refused, Argon2
 * run only until a token is known (then a SHA-256 lookup), and every hash tried on a miss. Fails
 * if the cache keeps failures, if a cached token is verified again, or if a malformed header
 * reaches Argon2.
 */
class BearerAuthenticatorTest {

    private static final String OPS = "tdm_ops-token-0000000000000000000000";
    private static final String VIEWER = "tdm_viewer-token-00000000000000000000";

    private final AtomicInteger verifications = new AtomicInteger();
    private final BiPredicate<String, String> counting = (token, hash) -> {
        verifications.incrementAndGet();
        return TokenHashes.verify(token, hash);
    };
    private final BearerAuthenticator auth = new BearerAuthenticator(List.of(
            new AdminSettings.Token("ops", AdminRole.ADMIN, TokenHashes.hash(OPS, 64, 1, 1)),
            new AdminSettings.Token("viewer", AdminRole.READ_ONLY, TokenHashes.hash(VIEWER, 64, 1, 1))), counting);

    @Test
    void rightToken_isGranted_withItsRole() {
        assertThat(auth.authenticate("Bearer " + OPS)).isEqualTo(new BearerAuthenticator.Granted("ops", AdminRole.ADMIN));
        assertThat(auth.authenticate("bearer " + VIEWER))
                .isEqualTo(new BearerAuthenticator.Granted("viewer", AdminRole.READ_ONLY));
    }

    @Test
    void knownToken_isVerifiedOnce_thenCached() {
        auth.authenticate("Bearer " + VIEWER);
        int afterFirst = verifications.get();
        for (int i = 0; i < 10; i++) {
            assertThat(auth.authenticate("Bearer " + VIEWER)).isInstanceOf(BearerAuthenticator.Granted.class);
        }
        assertThat(verifications.get()).isEqualTo(afterFirst);
    }

    @Test
    void miss_triesEveryHash_andIsNotCached() {
        assertThat(auth.authenticate("Bearer tdm_nobody-000000000000000000000000"))
                .isInstanceOf(BearerAuthenticator.Invalid.class);
        assertThat(verifications.get()).isEqualTo(2);
        auth.authenticate("Bearer tdm_nobody-000000000000000000000000");
        assertThat(verifications.get()).isEqualTo(4);
        // A match also tries every hash, so the time does not tell which entry matched.
        auth.authenticate("Bearer " + OPS);
        assertThat(verifications.get()).isEqualTo(6);
    }

    @Test
    void missingOrOtherScheme_isMissing_andCostsNoArgon2() {
        assertThat(auth.authenticate(null)).isInstanceOf(BearerAuthenticator.Missing.class);
        assertThat(auth.authenticate("Basic b3BzOnNlY3JldA==")).isInstanceOf(BearerAuthenticator.Missing.class);
        assertThat(auth.authenticate("Bearer")).isInstanceOf(BearerAuthenticator.Missing.class);
        assertThat(auth.authenticate("Bearer two words")).isInstanceOf(BearerAuthenticator.Invalid.class);
        assertThat(auth.authenticate("Bearer " + "a".repeat(600))).isInstanceOf(BearerAuthenticator.Invalid.class);
        assertThat(verifications.get()).isZero();
    }

    @Test
    void tokenDifferingInOneCharacter_isRefused() {
        String almost = OPS.substring(0, OPS.length() - 1) + "1";
        assertThat(auth.authenticate("Bearer " + almost)).isInstanceOf(BearerAuthenticator.Invalid.class);
    }
}
