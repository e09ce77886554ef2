package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.farm.Cart;
import io.tandem.farm.Hop;
import io.tandem.farm.Shopper;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A customer shops through a Tandem process in front of three shop instances with round-robin
 * balancing. Fails if a response that starts a session lacks either the shop's PHPSESSID or
 * Tandem's cookiesession1, if any request lands on another instance (the shop's sessions are per
 * instance, so the cart or login would be lost), or if any request fails.
 */
class ShopperJourneyIT extends DeploymentTestBase {


    @Test
    void customer_browsesAddsLogsInAndChecksOut_overTwoHundredRequests_onOneBackend() {
        Shopper shopper = new Shopper(deployment.tandem.baseUrl());

        shopper.home().value();
        Hop.Response first = (Hop.Response) shopper.hops().get(0);
        assertThat(first.setCookies()).as("the response that starts the session").contains("PHPSESSID", "cookiesession1");

        shopper.addToCart(1, 2).value();
        shopper.login("jane@example.com", "secret123").value();
        int round = 0;
        while (shopper.hopCount() < 200 && round++ < 100) {
            shopper.viewProduct(1 + round % 4).value();
            Cart cart = shopper.cart().value();
            assertThat(cart.totalQty()).as("cart after %d requests", shopper.hopCount()).isEqualTo(2 + (round - 1));
            assertThat(cart.customer()).as("login after %d requests", shopper.hopCount()).hasValue("jane@example.com");
            shopper.addToCart(2, 1).value();
        }
        String order = shopper.checkout().value();

        assertThat(order).isNotBlank();
        assertThat(shopper.hopCount()).isGreaterThanOrEqualTo(200);
        assertThat(shopper.errorCount()).isZero();
        assertThat(shopper.backendsSeen()).as("persistence through the signed cookie").hasSize(1);
        assertThat(shopper.cookie("cookiesession1")).isPresent();
    }

    @Test
    void newSessions_areBalancedOverTheFarm() {
        Set<String> backends = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Shopper shopper = new Shopper(deployment.tandem.baseUrl());
            shopper.home().value();
            Hop.Response first = (Hop.Response) shopper.hops().get(0);
            assertThat(first.setCookies()).contains("PHPSESSID", "cookiesession1");
            backends.addAll(shopper.backendsSeen());
        }
        assertThat(backends).containsExactlyInAnyOrder("web1", "web2", "web3");
    }
}
