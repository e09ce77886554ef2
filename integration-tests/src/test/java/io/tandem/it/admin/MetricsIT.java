package io.tandem.it.admin;

import static io.tandem.it.admin.MemberYaml.ADMIN_TOKEN;
import static io.tandem.it.admin.MemberYaml.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.farm.MagentoFarm;
import io.tandem.farm.Shopper;
import io.tandem.farm.Step;
import io.tandem.proxy.metrics.PrometheusText;
import io.tandem.session.HmacCookieCodec;
import io.tandem.session.KeyRing;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/metrics} of a real member in front of the shop farm is valid Prometheus text
 * with every metric family docs/admin-api.md lists, and the counters move with traffic by the
 * right labels. Fails when the output does not parse, when a family is missing or has the wrong
 * type, when a label takes an unbounded value (a raw path), or when requests, latency, backend
 * latency, session outcomes (created, adopted, each rejection reason) or the local-history cache
 * statistics do not count what the test sent.
 */
class MetricsIT {

    private static final Set<String> ROUTES = Set.of("root", "checkout", "customer", "catalog", "catalogsearch",
            "cart", "wishlist", "sales", "static", "media", "rest", "graphql", "admin", "api", "other");

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static MagentoFarm farm;
    private static MemberProcess member;
    private static KeyRing ring;

    @BeforeAll
    static void start() throws Exception {
        farm = MagentoFarm.start(2);
        int service = MemberProcess.freePort();
        int admin = MemberProcess.freePort();
        ring = KeyRing.generate("k1");
        MemberYaml yaml = new MemberYaml("metrics-a", service, admin);
        farm.instances().forEach(i -> yaml.backend(i.name(), i.baseUrl()));
        yaml.writeTo(dir, ring);
        member = new MemberProcess(dir, service, admin).start();
        member.awaitServing(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        try {
            if (member != null) {
                member.close();
            }
        } finally {
            if (farm != null) {
                farm.close();
            }
        }
    }

    private static PrometheusText scrape() {
        HttpResponse<String> response = AdminHttp.expect(member.admin().get("/metrics", VIEWER_TOKEN), 200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    @Test
    void metrics_listEveryDocumentedFamily_andMoveWithTraffic() throws Exception {
        PrometheusText before = scrape();

        // Traffic: whole customer journeys, a static asset, an unknown page, and one cookie of each kind.
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Step<String> order = new Shopper(member.serviceUrl()).browseAndBuy("m" + i + "@example.com", 1 + i, 2);
            assertThat(order.failure()).as("journey " + i).isEmpty();
            orders.add(order.value());
        }
        assertThat(get("/static/styles.css", null)).isEqualTo(200);
        assertThat(get("/no-such-page-" + System.nanoTime(), null)).isEqualTo(404);
        long now = Instant.now().getEpochSecond();
        String adopted = new HmacCookieCodec(ring).encode(
                new SessionCookie(SessionId.random(), now - 30, now - 30, "k1", "metrics-peer", "web1"));
        String expired = new HmacCookieCodec(ring).encode(
                new SessionCookie(SessionId.random(), now - 7200, now - 3600, "k1", "metrics-a", "web1"));
        String badMac = new HmacCookieCodec(KeyRing.generate("k1")).encode(
                new SessionCookie(SessionId.random(), now, now, "k1", "metrics-a", "web1"));
        String unknownKey = new HmacCookieCodec(KeyRing.generate("k9")).encode(
                new SessionCookie(SessionId.random(), now, now, "k9", "metrics-a", "web1"));
        for (String cookie : List.of(adopted, expired, badMac, unknownKey, "not-a-tandem-cookie")) {
            assertThat(get("/", cookie)).as("GET / with cookie " + cookie).isEqualTo(200);
        }
        assertThat(get("/catalog/product/view/id/1?id=1%27%20union%20select%20password%20from%20admin_user--", null))
                .as("an SQL injection is refused").isEqualTo(403);

        // The metrics stage records a request when the exchange completes, which may be just after the
        // client has its response: scrape until the last request is in every family (bounded).
        PrometheusText after = await("the last request recorded").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(MetricsIT::scrape, s -> delta(before, s, "tandem_request_duration_seconds_count")
                        == delta(before, s, "tandem_requests_total")
                        && delta(before, s, "tandem_rule_hits_total") >= 1);

        // Requests by route and status class; the route label never carries a raw path.
        assertThat(after.type("tandem_requests_total")).hasValue("counter");
        assertThat(after.labelValues("tandem_requests_total", "route")).isSubsetOf(ROUTES)
                .contains("root", "catalog", "checkout", "customer", "static", "other");
        assertThat(after.labelValues("tandem_requests_total", "status_class")).contains("2xx", "3xx", "4xx");
        assertThat(delta(before, after, "tandem_requests_total", "route", "root", "status_class", "2xx"))
                .isGreaterThanOrEqualTo(3 + 5);
        assertThat(delta(before, after, "tandem_requests_total", "route", "checkout", "status_class", "2xx"))
                .isGreaterThanOrEqualTo(3);
        assertThat(delta(before, after, "tandem_requests_total", "route", "static", "status_class", "2xx")).isEqualTo(1);
        assertThat(delta(before, after, "tandem_requests_total", "route", "other", "status_class", "4xx")).isEqualTo(1);

        // Latency histogram: buckets 5 ms .. 30 s, count equal to the requests counted.
        assertThat(after.type("tandem_request_duration_seconds")).hasValue("histogram");
        assertThat(after.labelValues("tandem_request_duration_seconds_bucket", "le"))
                .contains("0.005", "0.1", "1.0", "30.0", "+Inf");
        assertThat(delta(before, after, "tandem_request_duration_seconds_count"))
                .isEqualTo(delta(before, after, "tandem_requests_total"));
        assertThat(delta(before, after, "tandem_request_duration_seconds_sum")).isPositive();

        // Backends: health, in-flight, latency.
        for (String backend : List.of("web1", "web2")) {
            assertThat(after.value("tandem_backend_up", "backend", backend)).as(backend).hasValue(1.0);
            assertThat(after.value("tandem_backend_in_flight", "backend", backend)).as(backend).isPresent();
        }
        assertThat(after.type("tandem_backend_request_duration_seconds")).hasValue("histogram");
        assertThat(delta(before, after, "tandem_backend_request_duration_seconds_count"))
                .as("requests that reached a backend").isGreaterThanOrEqualTo(3 * 8);

        // Sessions: created, adopted, and rejected by every reason.
        assertThat(after.type("tandem_sessions_total")).hasValue("counter");
        assertThat(delta(before, after, "tandem_sessions_total", "outcome", "created", "reason", "none"))
                .isGreaterThanOrEqualTo(3 + 2);
        assertThat(delta(before, after, "tandem_sessions_total", "outcome", "adopted", "reason", "none")).isEqualTo(1);
        for (String reason : List.of("expired", "bad-mac", "unknown-key", "malformed")) {
            assertThat(delta(before, after, "tandem_sessions_total", "outcome", "rejected", "reason", reason))
                    .as("rejected: " + reason).isEqualTo(1);
        }

        // Rule hits: the shop journeys hit no rule, the injection hit sqli once, in metrics and the rules route.
        assertThat(after.type("tandem_rule_hits_total")).hasValue("counter");
        assertThat(delta(before, after, "tandem_rule_hits_total", "rule", "sqli", "action", "deny")).isEqualTo(1);
        assertThat(delta(before, after, "tandem_rule_hits_total")).as("hits of every rule").isEqualTo(1);
        JsonNode sqli = null;
        for (JsonNode rule : member.admin().getJson("/rules", ADMIN_TOKEN, 200).path("rules")) {
            if (rule.path("id").asText().equals("sqli")) {
                sqli = rule;
            }
        }
        assertThat(sqli).as("sqli in the rules route").isNotNull();
        assertThat(sqli.path("hits").path("deny").asLong()).isEqualTo(1);

        // Role of a standalone member: active since its first decision.
        assertThat(after.value("tandem_role", "role", "active")).hasValue(1.0);
        assertThat(after.value("tandem_role", "role", "standby")).hasValue(0.0);
        assertThat(after.value("tandem_role_changes_total")).hasValue(1.0);
        assertThat(after.value("tandem_last_takeover_seconds")).hasValueSatisfying(
                v -> assertThat(v).isFinite().isGreaterThanOrEqualTo(0.0).isLessThan(30.0));

        // Local history (Caffeine statistics under Micrometer's cache names).
        assertThat(delta(before, after, "cache_gets_total", "cache", "local_history", "result", "hit")).isPositive();
        assertThat(delta(before, after, "cache_gets_total", "cache", "local_history", "result", "miss")).isPositive();
        assertThat(after.value("cache_evictions_total", "cache", "local_history")).isPresent();
        assertThat(after.value("cache_size", "cache", "local_history")).hasValueSatisfying(
                v -> assertThat(v).isGreaterThanOrEqualTo(3 + 2 + 1 + 4));

        // JVM and process.
        for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_buffer_count_buffers",
                "process_cpu_usage", "system_cpu_count", "process_uptime_seconds", "process_start_time_seconds")) {
            assertThat(after.has(name)).as(name).isTrue();
        }
        assertThat(after.namesStartingWith("jvm_gc_")).isNotEmpty();
        assertThat(orders).doesNotHaveDuplicates();
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    /** One request to the service listener, with an optional {@code cookiesession1}; its status. */
    private static int get(String path, String sessionCookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(member.serviceUrl() + path))
                .timeout(Duration.ofSeconds(10));
        if (sessionCookie != null) {
            request.header("Cookie", "cookiesession1=" + sessionCookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
