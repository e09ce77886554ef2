package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the scripted shopper that proxy and load tests build on: it must walk a whole purchase,
 * record every hop with the backend that answered, report lost sessions, 5xx and network failures
 * as failed steps (never as exceptions), and keep its records bounded. Fails if a proxy test
 * could pass while carts are being lost, or crash where it should count a failure.
 */
class ShopperTest {

    private static MagentoFarm farm;

    @BeforeAll
    static void startFarm() {
        farm = MagentoFarm.start(1);
    }

    @AfterAll
    static void stopFarm() {
        farm.close();
    }

    @Test
    void fullScenario_browseAddTwoLoginCheckout_succeedsOnOneInstance() {
        Shopper shopper = new Shopper(farm.instance("web1").baseUrl());

        assertThat(shopper.home().ok()).isTrue();
        assertThat(shopper.viewProduct(1).value().body()).contains("Joust Duffle Bag");
        assertThat(shopper.addToCart(1, 1).ok()).isTrue();
        Cart afterAdding = shopper.addToCart(5, 2).value();
        Page account = shopper.login("ann@example.com", MagentoInstance.CUSTOMER_PASSWORD).value();
        Cart beforeCheckout = shopper.cart().value();
        String orderId = shopper.checkout().value();

        assertThat(afterAdding.lines()).containsExactly(new Cart.Line("24-MB01", 1), new Cart.Line("24-UG06", 2));
        assertThat(account.path()).isEqualTo("/customer/account/");
        assertThat(beforeCheckout.lines()).isEqualTo(afterAdding.lines());
        assertThat(beforeCheckout.totalQty()).isEqualTo(3);
        assertThat(beforeCheckout.customer()).contains("ann@example.com");
        assertThat(orderId).matches("[0-9]{9}");
        assertThat(shopper.cart().value().isEmpty()).isTrue();

        List<Hop> hops = shopper.hops();
        assertThat(hops).hasSize((int) shopper.hopCount()).allSatisfy(hop -> {
            assertThat(hop).isInstanceOf(Hop.Response.class);
            assertThat(((Hop.Response) hop).status()).as("%s", hop).isLessThan(400);
            assertThat(hop.backend()).as("%s", hop).contains("web1");
        });
        assertThat(hops).extracting(Hop::path).contains("/checkout/onepage/saveOrder/", "/checkout/onepage/success/");
        assertThat(shopper.errorCount()).isZero();
        assertThat(shopper.backendsSeen()).containsExactly("web1");
        assertThat(shopper.cookies()).containsKeys("PHPSESSID", "form_key", "private_content_version");
    }

    @Test
    void browseAndBuy_returnsTheOrderId_andRecordsTheStepsHops() {
        Shopper shopper = new Shopper(farm.instance("web1").baseUrl());

        Step<String> purchase = shopper.browseAndBuy("bob@example.com", 2, 3, 2);

        assertThat(purchase.ok()).as("%s", purchase).isTrue();
        assertThat(purchase.value()).matches("[0-9]{9}");
        assertThat(purchase.hops()).isEqualTo(shopper.hops());
        assertThat(purchase.hops().get(purchase.hops().size() - 1).path()).isEqualTo("/checkout/onepage/success/");
    }

    @Test
    void behindANonStickyBalancer_theLostSessionIsAFailedStep() {
        try (MagentoFarm two = MagentoFarm.start(2);
             RoundRobinBalancer balancer = RoundRobinBalancer.start(two.baseUrls())) {
            Shopper shopper = new Shopper(balancer.baseUrl());

            Step<String> purchase = shopper.browseAndBuy("cy@example.com", 1, 2);

            assertThat(purchase.failed()).isTrue();
            assertThat(purchase.failure().orElseThrow())
                    .containsAnyOf("Invalid Form Key", "the session was lost", "the cart was lost");
            assertThat(shopper.backendsSeen()).containsExactlyInAnyOrder("web1", "web2");
            assertThat(shopper.errorCount()).isZero(); // nothing crashed: the cart just vanished
        }
    }

    @Test
    void connectionRefused_isAFailedStep_notAnException() {
        MagentoInstance gone = new MagentoInstance("gone", 0).start();
        gone.stop();
        Shopper shopper = new Shopper(gone.baseUrl(), Duration.ofSeconds(2));

        Step<Page> home = shopper.home();
        Step<String> purchase = shopper.browseAndBuy("dee@example.com", 1);

        assertThat(home.failed()).isTrue();
        assertThat(home.hops()).singleElement().isInstanceOfSatisfying(Hop.NoResponse.class,
                hop -> assertThat(hop.error()).contains("ConnectException"));
        assertThatThrownBy(home::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /: no response");
        assertThat(home.result()).isEmpty();
        assertThat(purchase.failed()).isTrue();
        assertThat(purchase.hops()).hasSize(1);
        assertThat(shopper.errorCount()).isEqualTo(2);
    }

    @Test
    void faultyBackend_eachFaultIsRecorded_andCounted() {
        try (FaultBackends faults = FaultBackends.start(Duration.ofSeconds(3))) {
            Shopper shopper = new Shopper(faults.baseUrl(), Duration.ofMillis(500));

            Step<Page> e500 = shopper.get(FaultBackends.ERROR_500);
            Step<Page> reset = shopper.get(FaultBackends.RESET);
            Step<Page> slow = shopper.get(FaultBackends.SLOW);
            Step<Page> health = shopper.get(FaultBackends.HEALTH);

            assertThat(e500.value().status()).isEqualTo(500); // a response: the step is done, the hop is an error
            assertThat(reset.failed()).isTrue();
            assertThat(slow.failed()).isTrue();
            assertThat(slow.failure().orElseThrow()).contains("HttpTimeoutException");
            assertThat(health.value().backend()).contains(FaultBackends.NAME);
            assertThat(shopper.errorCount()).isEqualTo(3);
            assertThat(shopper.hopCount()).isEqualTo(4);
        }
    }

    @Test
    void endlessRedirects_stopAfterTheLimit() {
        try (FaultBackends faults = FaultBackends.start()) {
            faults.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/loop")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.temporaryRedirect("/loop")));
            Shopper shopper = new Shopper(faults.baseUrl());

            Step<Page> loop = shopper.get("/loop");

            assertThat(loop.failed()).isTrue();
            assertThat(loop.failure().orElseThrow()).contains("more than 5 redirects");
            assertThat(loop.hops()).hasSize(Shopper.MAX_REDIRECTS + 1);
        }
    }

    @Test
    void records_keepTheLastHops_countersKeepAll() {
        Shopper shopper = new Shopper(farm.instance("web1").baseUrl(), Shopper.DEFAULT_TIMEOUT, 3);

        for (int i = 0; i < 10; i++) {
            shopper.get("/health").value();
        }

        assertThat(shopper.hops()).hasSize(3);
        assertThat(shopper.hopCount()).isEqualTo(10);
    }

    @Test
    void putCookie_isSentLikeOneTheServerSet() {
        Shopper first = new Shopper(farm.instance("web1").baseUrl());
        first.addToCart(6, 1).value();
        Shopper second = new Shopper(farm.instance("web1").baseUrl());

        second.putCookie("PHPSESSID", first.cookie("PHPSESSID").orElseThrow());

        assertThat(second.cart().value().lines()).containsExactly(new Cart.Line("24-WG02", 1));
        assertThat(second.cookies()).containsOnlyKeys("PHPSESSID");
    }

    @Test
    void manyShoppers_inParallel_eachOnItsOwnThread_allBuy() throws Exception {
        int shoppers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(shoppers);
        try {
            List<Future<Step<String>>> purchases = new ArrayList<>();
            for (int i = 0; i < shoppers; i++) {
                String email = "shopper" + i + "@example.com";
                purchases.add(pool.submit(() -> new Shopper(farm.instance("web1").baseUrl()).browseAndBuy(email, 1, 4)));
            }
            Set<String> orderIds = new HashSet<>();
            for (Future<Step<String>> purchase : purchases) {
                Step<String> step = purchase.get(30, TimeUnit.SECONDS);
                assertThat(step.ok()).as("%s", step).isTrue();
                orderIds.add(step.value());
            }
            assertThat(orderIds).hasSize(shoppers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void constructor_rejectsBaseUrlsItCannotUse() {
        assertThatThrownBy(() -> new Shopper(java.net.URI.create("ftp://127.0.0.1/")))
                .hasMessage("baseUrl: ftp://127.0.0.1/ (expected: http://host:port)");
        assertThatThrownBy(() -> new Shopper(java.net.URI.create("http://127.0.0.1:1/shop")))
                .hasMessage("baseUrl: http://127.0.0.1:1/shop (expected: no path; the storefront is at /)");
        assertThatThrownBy(() -> new Shopper(java.net.URI.create("http://127.0.0.1:1"), Duration.ZERO))
                .hasMessage("timeout: PT0S (expected: > 0)");
    }
}
