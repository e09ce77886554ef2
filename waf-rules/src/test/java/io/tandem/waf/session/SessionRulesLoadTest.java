package io.tandem.waf.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.session.LocalHistory;
import io.tandem.session.MutableClock;
import io.tandem.session.RuleState;
import io.tandem.session.SessionId;
import io.tandem.waf.Action;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.session.SessionRequest.State;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.PathPattern;
import io.tandem.waf.session.SessionRuleSettings.Per;
import io.tandem.waf.session.SessionRuleSettings.RateLimit;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrent requests of one session lose no count; a flood of sessions and clients stays bounded. */
class SessionRulesLoadTest {

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:01Z");
    private final PeriodBlocks blocks = new PeriodBlocks(clock, 1000);

    private static RateLimit limit(String id, int max, Per per) {
        return new RateLimit(id, PathPattern.plain("/api/*"), List.of(), max, Duration.ofSeconds(3600), per,
                Action.alertDeny(429));
    }

    @Test
    void concurrentRequestsOfOneSession_areAllCounted() throws Exception {
        LocalHistory history = new LocalHistory(1000, Duration.ofSeconds(1200), clock);
        SessionRuleStore store = new SessionRuleStore(history, 1000, clock);
        store.activated();
        SessionRules rules = SessionRules.build(Shop.only(AfterFailover.CHECKPOINT,
                limit("per-session", 1000, Per.SESSION), limit("per-client", 2000, Per.CLIENT)), blocks, store);
        InetAddress client = InetAddress.getByName("192.0.2.1");
        SessionId id = new SessionId(1, 1);
        rules.evaluate(new SessionRequest(id, State.NEW, new byte[0], client, "GET", "/", clock.instant()));
        int threads = 8;
        int each = 500;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger overSession = new AtomicInteger();
        AtomicInteger overClient = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        SessionDecision d = rules.evaluate(new SessionRequest(id, State.KNOWN, new byte[0], client, "POST",
                                "/api/cart", clock.instant()));
                        d.fired().forEach(v -> (v.ruleIdOrEmpty().equals("per-session") ? overSession : overClient)
                                .incrementAndGet());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        RuleState state = history.find(id).orElseThrow().ruleState();
        assertThat(state.windowAt(0).count()).isEqualTo(threads * each);
        assertThat(overSession).hasValue(threads * each - 1000);
        assertThat(overClient).hasValue(threads * each - 2000);
    }

    @Test
    void floodOfSessionsAndClients_staysWithinTheBounds() throws Exception {
        LocalHistory history = new LocalHistory(1000, Duration.ofSeconds(1200), clock);
        SessionRuleStore store = new SessionRuleStore(history, 500, clock);
        store.activated();
        SessionRules rules = SessionRules.build(new SessionRuleSettings(AfterFailover.CHECKPOINT,
                List.of(Shop.startPages()), List.of(Shop.pageOrder()),
                List.of(limit("per-session", 5, Per.SESSION), limit("per-client", 5, Per.CLIENT)), false), blocks, store);

        for (int i = 0; i < 50_000; i++) {
            InetAddress client = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            SessionId id = new SessionId(2, i);
            rules.evaluate(new SessionRequest(id, State.NEW, new byte[0], client, "GET", Shop.CART, clock.instant()));
            rules.evaluate(new SessionRequest(id, State.KNOWN, new byte[0], client, "POST", "/api/x", clock.instant()));
        }
        store.cleanUp();

        assertThat(history.estimatedSize()).isLessThanOrEqualTo(1000);
        assertThat(store.clientWindows()).isLessThanOrEqualTo(500);
        assertThat(blocks.size()).isZero();
    }
}
