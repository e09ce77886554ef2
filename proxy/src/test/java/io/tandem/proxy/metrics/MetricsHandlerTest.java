package io.tandem.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.proxy.pipeline.ExchangeKeys;
import io.tandem.proxy.pipeline.SessionContext;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionId;
import io.tandem.session.SessionOutcome;
import io.tandem.waf.Verdict;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Traffic through a handler chain with {@link MetricsHandler} in front moves the request, backend,
 * session and rule metrics, read back by parsing the Prometheus text. The stub stages behind it
 * set the attachments the real session, rule and pool stages set. Fails if a status class or
 * route is mislabelled, if the raw path leaks into a label, or if a metric does not move.
 */
class MetricsHandlerTest {

    private final TandemMetrics metrics = new TandemMetrics(TandemMetrics.DEFAULT_ROUTES, false);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Undertow server;
    private int port;

    /** Pretends to be the pipeline: sets what the real stages set, then answers by path. */
    private static final HttpHandler STAGES = exchange -> {
        String path = exchange.getRequestPath();
        long now = 1_763_700_000L;
        SessionCookie cookie = new SessionCookie(SessionId.random(), now, now, "k1", "test-a", "");
        if (path.startsWith("/checkout")) {
            exchange.putAttachment(ExchangeKeys.SESSION, new SessionContext(cookie, SessionOutcome.Absent.INSTANCE, true));
            exchange.putAttachment(ExchangeKeys.BACKEND_ID, "web1");
            exchange.getResponseSender().send("ok");
        } else if (path.startsWith("/customer")) {
            exchange.putAttachment(ExchangeKeys.SESSION, new SessionContext(cookie, new SessionOutcome.Adopted(cookie), false));
            exchange.putAttachment(ExchangeKeys.VERDICT, new Verdict.Deny("sqli-1", "test", 403, true));
            exchange.setStatusCode(403);
            exchange.endExchange();
        } else if (path.startsWith("/broken")) {
            exchange.putAttachment(ExchangeKeys.SESSION, new SessionContext(cookie, new SessionOutcome.BadMac("k0"), true));
            exchange.putAttachment(ExchangeKeys.BACKEND_ID, "web2");
            exchange.setStatusCode(502);
            exchange.endExchange();
        } else {
            exchange.setStatusCode(404);
            exchange.endExchange();
        }
    };

    private void start(boolean recordStartTime) {
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, recordStartTime)
                .setHandler(new MetricsHandler(metrics, STAGES))
                .build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        metrics.close();
    }

    private int get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    @Test
    void traffic_movesRequestBackendSessionAndRuleMetrics() throws Exception {
        start(true);
        assertThat(get("/checkout/cart")).isEqualTo(200);
        assertThat(get("/checkout/onepage")).isEqualTo(200);
        assertThat(get("/customer/account")).isEqualTo(403);
        assertThat(get("/broken")).isEqualTo(502);
        assertThat(get("/wp-admin/../../etc/passwd?x=1")).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                scrape().valueOrZero("tandem_requests_total", "route", "other", "status_class", "4xx")).isEqualTo(1.0));

        PrometheusText text = scrape();
        assertThat(text.type("tandem_requests_total")).hasValue("counter");
        assertThat(text.value("tandem_requests_total", "route", "checkout", "status_class", "2xx")).hasValue(2.0);
        assertThat(text.value("tandem_requests_total", "route", "customer", "status_class", "4xx")).hasValue(1.0);
        assertThat(text.value("tandem_requests_total", "route", "other", "status_class", "5xx")).hasValue(1.0);
        assertThat(text.samples()).allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v -> v.contains("/")));

        assertThat(text.type("tandem_request_duration_seconds")).hasValue("histogram");
        assertThat(text.value("tandem_request_duration_seconds_count", "route", "checkout", "status_class", "2xx"))
                .hasValue(2.0);
        assertThat(text.value("tandem_request_duration_seconds_bucket", "route", "checkout", "status_class", "2xx",
                "le", "+Inf")).hasValue(2.0);
        assertThat(text.value("tandem_request_duration_seconds_bucket", "route", "checkout", "status_class", "2xx",
                "le", "0.1")).isPresent();

        assertThat(text.value("tandem_backend_request_duration_seconds_count", "backend", "web1")).hasValue(2.0);
        assertThat(text.value("tandem_backend_request_duration_seconds_count", "backend", "web2")).hasValue(1.0);

        assertThat(text.value("tandem_sessions_total", "outcome", "created", "reason", "none")).hasValue(2.0);
        assertThat(text.value("tandem_sessions_total", "outcome", "adopted", "reason", "none")).hasValue(1.0);
        assertThat(text.value("tandem_sessions_total", "outcome", "rejected", "reason", "bad-mac")).hasValue(1.0);
        assertThat(text.value("tandem_sessions_total", "outcome", "rejected", "reason", "expired")).hasValue(0.0);

        assertThat(text.value("tandem_rule_hits_total", "rule", "sqli-1", "action", "deny")).hasValue(1.0);
        assertThat(text.value("tandem_rule_hits_total", "rule", "sqli-1", "action", "alert")).hasValue(0.0);
    }

    @Test
    void withoutRecordedStartTimes_theStageMeasuresItself() throws Exception {
        start(false);
        assertThat(get("/checkout")).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(scrape().valueOrZero(
                "tandem_request_duration_seconds_count", "route", "checkout", "status_class", "2xx")).isEqualTo(1.0));
        double seconds = scrape().value("tandem_request_duration_seconds_sum", "route", "checkout", "status_class", "2xx")
                .orElseThrow();
        assertThat(seconds).isGreaterThan(0).isLessThan(5);
    }

    @Test
    void toString_readsLikeConfig() {
        assertThat(new MetricsHandler(metrics, STAGES).toString()).isEqualTo("metrics(metrics(prometheus, routes: 13 + root/other))");
    }
}
