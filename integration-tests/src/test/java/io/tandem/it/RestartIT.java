package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.farm.Cart;
import io.tandem.farm.Shopper;
import io.tandem.session.CookieDecoding;
import io.tandem.session.HmacCookieCodec;
import io.tandem.session.KeyRing;
import org.junit.jupiter.api.Test;

/**
 * Tandem restarted, or its key ring rotated, in the middle of a customer's session. Fails if the
 * customer loses the cart or the login, lands on another shop instance, or if a rotated member
 * keeps signing with the old key.
 */
class RestartIT extends DeploymentTestBase {


    @Test
    void crashAndRestart_withTheSameKeyRing_customerContinuesOnTheSameBackend() throws Exception {
        Shopper shopper = new Shopper(deployment.tandem.baseUrl());
        shopper.addToCart(1, 2).value();
        shopper.login("kim@example.com", "secret123").value();
        String backend = shopper.backendsSeen().iterator().next();
        String session = shopper.cookie("cookiesession1").orElseThrow();

        deployment.tandem.kill();
        deployment.tandem.start();

        Cart cart = shopper.cart().value();
        assertThat(cart.totalQty()).isEqualTo(2);
        assertThat(cart.customer()).hasValue("kim@example.com");
        assertThat(shopper.addToCart(3, 1).value().totalQty()).isEqualTo(3);
        assertThat(shopper.backendsSeen()).containsExactly(backend);
        assertThat(shopper.cookie("cookiesession1")).as("the same session continues").hasValue(session);
        assertThat(deployment.tandem.stderr()).contains("session adopted");
    }

    @Test
    void keyRotation_logsNobodyOut_andRenewsOldCookiesWithTheNewKey() throws Exception {
        Shopper shopper = new Shopper(deployment.tandem.baseUrl());
        shopper.addToCart(1, 1).value();
        String backend = shopper.backendsSeen().iterator().next();
        KeyRing oldRing = deployment.keyRing;
        KeyRing newKey = KeyRing.generate("k2");
        // The rotation an operator does: the new key first (it signs), the old one below (still accepted).
        KeyRing rotated = KeyRing.parse(newKey.toText() + "\n" + oldRing.toText(), "rotated");

        deployment.tandem.stop();
        Deployment.writeKeys(dir, rotated);
        deployment.tandem.start();

        assertThat(shopper.cart().value().totalQty()).isEqualTo(1);
        assertThat(shopper.backendsSeen()).containsExactly(backend);
        String renewed = shopper.cookie("cookiesession1").orElseThrow();
        assertThat(new HmacCookieCodec(newKey).decode(renewed))
                .as("the cookie was re-signed with the new key").isInstanceOf(CookieDecoding.Decoded.class);
        assertThat(shopper.errorCount()).isZero();
    }
}
