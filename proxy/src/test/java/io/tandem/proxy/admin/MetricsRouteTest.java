package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.proxy.metrics.MetricsHandler;
import io.tandem.proxy.metrics.PrometheusText;
import io.tandem.proxy.pipeline.ExchangeKeys;
import io.tandem.waf.Verdict;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The service-side stages feed the admin API: requests through MetricsHandler and AttackLogHandler
 * show up in GET /metrics (parsed as Prometheus text) and GET /attacks. Fails if the two stages
 * stop recording, or if /metrics stops being the text format.
 */
class MetricsRouteTest {

    @Test
    void serviceTraffic_showsInMetricsAndAttacks() throws Exception {
        try (AdminTestServer admin = new AdminTestServer()) {
            HttpHandler stages = exchange -> {
                exchange.putAttachment(ExchangeKeys.REQUEST_ID, "req-" + exchange.getRequestPath().length());
                exchange.putAttachment(ExchangeKeys.CLIENT_ADDRESS, InetAddress.getByName("203.0.113.9"));
                if (exchange.getRequestPath().startsWith("/admin")) {
                    exchange.putAttachment(ExchangeKeys.VERDICT, new Verdict.Deny("admin-path", "admin area", 403, true));
                    exchange.setStatusCode(403);
                    exchange.endExchange();
                } else {
                    exchange.putAttachment(ExchangeKeys.VERDICT, Verdict.PASS);
                    exchange.getResponseSender().send("shop");
                }
            };
            Undertow service = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1)
                    .setHandler(new MetricsHandler(admin.metrics, new AttackLogHandler(admin.attacks, "node-a", admin.clock, stages)))
                    .build();
            service.start();
            try {
                int port = ((InetSocketAddress) service.getListenerInfo().get(0).getAddress()).getPort();
                for (String path : new String[] {"/", "/catalog/p1", "/admin/login"}) {
                    admin.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                            HttpResponse.BodyHandlers.discarding());
                }
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(admin.attacks.total()).isEqualTo(1));

                HttpResponse<String> response = admin.get("/metrics", AdminTestServer.VIEWER_TOKEN);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
                PrometheusText text = PrometheusText.parse(response.body());
                assertThat(text.value("tandem_requests_total", "route", "root", "status_class", "2xx")).hasValue(1.0);
                assertThat(text.value("tandem_requests_total", "route", "catalog", "status_class", "2xx")).hasValue(1.0);
                assertThat(text.value("tandem_requests_total", "route", "admin", "status_class", "4xx")).hasValue(1.0);
                assertThat(text.value("tandem_rule_hits_total", "rule", "admin-path", "action", "deny")).hasValue(1.0);

                JsonNode attacks = AdminTestServer.json(admin.get("/attacks", AdminTestServer.VIEWER_TOKEN));
                JsonNode attack = attacks.path("items").get(0);
                assertThat(attack.path("rule").asText()).isEqualTo("admin-path");
                assertThat(attack.path("action").asText()).isEqualTo("deny");
                assertThat(attack.path("client").asText()).isEqualTo("203.0.113.9");
                assertThat(attack.path("path").asText()).isEqualTo("/admin/login");
                assertThat(attack.path("status").asInt()).isEqualTo(403);
                assertThat(attacks.path("items")).hasSize(1);
            } finally {
                service.stop();
            }
        }
    }
}
