package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.farm.Hop;
import io.tandem.farm.MagentoInstance;
import io.tandem.farm.Shopper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/**
 * A shop instance dies while shoppers browse through Tandem, then comes back. Fails if requests
 * after the death keep going to the dead instance, if more than the requests in flight at the kill
 * fail (or fail with anything but a 502), or if the health check does not bring the instance back.
 */
class BackendFailureIT extends DeploymentTestBase {

    private static final int SHOPPERS = 9;
    private static final int ROUNDS = 30;


    @Test
    void backendKilledMidRun_newRequestsGoElsewhere_andTheHealthCheckBringsItBack() throws Exception {
        MagentoInstance victim = deployment.farm.instance("web2");
        CountDownLatch warmedUp = new CountDownLatch(SHOPPERS);
        CountDownLatch killed = new CountDownLatch(1);
        List<Shopper> shoppers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SHOPPERS);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < SHOPPERS; i++) {
            Shopper shopper = new Shopper(deployment.tandem.baseUrl());
            shoppers.add(shopper);
            runs.add(pool.submit(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    shopper.viewProduct(1 + round % 4);
                    if (round == 4) {
                        warmedUp.countDown();
                    }
                    if (round == ROUNDS / 2) {
                        awaitQuietly(killed); // the second half runs after the kill
                    }
                }
                return null;
            }));
        }
        assertThat(warmedUp.await(60, TimeUnit.SECONDS)).isTrue();
        victim.stop();
        long hopsAtKill = shoppers.stream().mapToLong(Shopper::hopCount).sum();
        killed.countDown();
        for (Future<?> run : runs) {
            run.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<Hop> errors = shoppers.stream().flatMap(s -> s.hops().stream()).filter(Hop::isError).toList();
        assertThat(errors).as("only requests in flight at the kill may fail").hasSizeLessThanOrEqualTo(SHOPPERS);
        // In flight at the kill: Tandem's gateway answer (502), or the dying instance's own answer,
        // which carries its X-Backend stamp (its server may refuse, with 503, a request whose
        // handling it can no longer dispatch while it stops); Tandem passes backend responses on.
        assertThat(errors).allSatisfy(hop -> assertThat(hop).isInstanceOfSatisfying(Hop.Response.class,
                r -> assertThat(r.status() == 502 || r.backend().filter("web2"::equals).isPresent())
                        .as("%s: a gateway error or web2's own answer", r).isTrue()));
        for (Shopper shopper : shoppers) {
            List<Hop> hops = shopper.hops();
            List<Hop> afterKill = hops.subList(hops.size() - ROUNDS / 2 + 1, hops.size());
            assertThat(afterKill).as("requests after the kill").noneMatch(h -> h.backend().filter("web2"::equals).isPresent());
        }
        assertThat(hopsAtKill).isPositive();
        // the health check marks it down after `fall` failed checks, which can be after the shoppers are done
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(deployment.tandem.stderr()).contains("backend down: id=web2"));

        victim.start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Shopper newcomer = new Shopper(deployment.tandem.baseUrl());
            for (int i = 0; i < 3; i++) {
                newcomer.clearCookies();
                newcomer.home();
            }
            assertThat(newcomer.backendsSeen()).contains("web2");
        });
        assertThat(deployment.tandem.stderr()).contains("backend up: id=web2");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
