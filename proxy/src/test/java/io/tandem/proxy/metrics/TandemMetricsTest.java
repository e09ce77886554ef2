package io.tandem.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.ha.Role;
import io.tandem.proxy.pool.BackendPool;
import io.tandem.session.LocalHistory;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionId;
import io.tandem.session.SessionOutcome;
import io.tandem.waf.Verdict;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The metrics that are not per request: backend health, role and takeover, the local history's
 * cache statistics, JVM binders, the bounded rule label, and the cost of recording a request.
 * Fails if a listed metric is missing from the exposition, if rule ids can grow the label set
 * without bound, or if recording a request allocates.
 */
class TandemMetricsTest {

    @Test
    void backends_role_history_andJvm_arePublished() throws Exception {
        TandemConfig config = ConfigLoader.parse("""
                listener:
                  port: 18080
                backends:
                  - id: web1
                    url: http://127.0.0.1:19001
                  - id: web2
                    url: http://127.0.0.1:19002
                """, "test.yaml");
        try (TandemMetrics metrics = new TandemMetrics(); BackendPool pool = new BackendPool(config.backends(), config.pool())) {
            metrics.bindBackends(pool.backends());
            LocalHistory history = new LocalHistory(100, Duration.ofMinutes(20), Clock.systemUTC());
            metrics.bindHistory(history);
            SessionId id = SessionId.random();
            long now = System.currentTimeMillis() / 1000;
            history.recordRequest(new SessionCookie(id, now, now, "k1", "a", "web1"), false, System.currentTimeMillis());
            history.find(id);
            history.find(SessionId.random());

            PrometheusText before = PrometheusText.parse(metrics.scrape());
            assertThat(before.value("tandem_role", "role", "active")).hasValue(0.0);
            assertThat(before.value("tandem_last_takeover_seconds").orElseThrow()).isNaN();
            metrics.roleChanged(Role.STANDBY);
            metrics.roleChanged(Role.ACTIVE);
            metrics.roleChanged(Role.ACTIVE);
            metrics.takeoverCompleted(Duration.ofMillis(1250));

            PrometheusText text = PrometheusText.parse(metrics.scrape());
            assertThat(text.value("tandem_backend_up", "backend", "web1")).hasValue(1.0);
            assertThat(text.value("tandem_backend_up", "backend", "web2")).hasValue(1.0);
            assertThat(text.value("tandem_backend_in_flight", "backend", "web1")).hasValue(0.0);
            assertThat(text.value("tandem_role", "role", "active")).hasValue(1.0);
            assertThat(text.value("tandem_role", "role", "standby")).hasValue(0.0);
            assertThat(text.value("tandem_role_changes_total")).hasValue(2.0);
            assertThat(text.value("tandem_last_takeover_seconds")).hasValue(1.25);
            assertThat(text.value("cache_gets_total", "cache", "local_history", "result", "hit")).hasValue(1.0);
            assertThat(text.value("cache_gets_total", "cache", "local_history", "result", "miss")).hasValue(1.0);
            assertThat(text.value("cache_size", "cache", "local_history")).hasValue(1.0);
            assertThat(text.has("cache_evictions_total")).isTrue();
            assertThat(text.has("jvm_memory_used_bytes")).isTrue();
            assertThat(text.has("jvm_threads_live_threads")).isTrue();
            assertThat(text.has("system_cpu_count")).isTrue();
            assertThat(text.has("process_uptime_seconds")).isTrue();
            assertThat(text.has("jvm_gc_max_data_size_bytes")).isTrue();
        }
    }

    @Test
    void ruleLabels_areBounded() {
        try (TandemMetrics metrics = new TandemMetrics(TandemMetrics.DEFAULT_ROUTES, false)) {
            for (int i = 0; i < 1_100; i++) {
                metrics.recordVerdict(new Verdict.Alert("rule-" + i, "x"));
            }
            PrometheusText text = PrometheusText.parse(metrics.scrape());
            long ruleLabels = text.samples().stream().filter(s -> s.name().equals("tandem_rule_hits_total"))
                    .map(s -> s.labels().get("rule")).distinct().count();
            assertThat(ruleLabels).isEqualTo(1_001);
            assertThat(text.value("tandem_rule_hits_total", "rule", "other", "action", "alert")).hasValue(100.0);
            assertThat(metrics.ruleHits("rule-7")).containsEntry("alert", 1L).containsEntry("deny", 0L);
        }
    }

    @Test
    void sessionTally_countsNewSessionsOnce() {
        try (TandemMetrics metrics = new TandemMetrics(TandemMetrics.DEFAULT_ROUTES, false)) {
            long now = System.currentTimeMillis() / 1000;
            SessionCookie cookie = new SessionCookie(SessionId.random(), now, now, "k1", "a", "");
            metrics.recordSession(SessionOutcome.Absent.INSTANCE, true);
            metrics.recordSession(new SessionOutcome.Expired(cookie, SessionOutcome.Expired.IDLE), true);
            metrics.recordSession(new SessionOutcome.Malformed("x"), true);
            metrics.recordSession(new SessionOutcome.Known(cookie, io.tandem.session.SessionRecord.first(0, false, "")), false);
            SessionTally tally = metrics.sessionTally();
            assertThat(tally.created()).isEqualTo(1);
            assertThat(tally.rejected()).containsEntry("expired", 1L).containsEntry("malformed", 1L).containsEntry("bad-mac", 0L);
            assertThat(tally.started()).isEqualTo(3);
        }
    }

    @Test
    void recordingARequest_doesNotAllocate_onceItsMetersExist() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (TandemMetrics metrics = new TandemMetrics(TandemMetrics.DEFAULT_ROUTES, false)) {
            String[] paths = {"/checkout/cart", "/static/x.js", "/", "/unknown/thing"};
            for (int i = 0; i < 20_000; i++) { // warm up: meters created, code compiled
                metrics.recordRequest(paths[i & 3], 200 + (i & 1) * 200, 1_000_000);
            }
            long thread = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(thread);
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                metrics.recordRequest(paths[i & 3], 200 + (i & 1) * 200, 1_000_000);
            }
            long perRequest = (threads.getThreadAllocatedBytes(thread) - before) / n;
            assertThat(perRequest).as("bytes allocated per recorded request").isLessThan(16);
        }
    }
}
