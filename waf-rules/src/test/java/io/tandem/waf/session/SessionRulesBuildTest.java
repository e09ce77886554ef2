package io.tandem.waf.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.session.LocalHistory;
import io.tandem.session.MutableClock;
import io.tandem.waf.Action;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.PageOrder;
import io.tandem.waf.session.SessionRuleSettings.PathPattern;
import io.tandem.waf.session.SessionRuleSettings.Per;
import io.tandem.waf.session.SessionRuleSettings.RateLimit;
import io.tandem.waf.session.SessionRuleSettings.StartPages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionRulesBuildTest {

    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final SessionRuleStore store =
            new SessionRuleStore(new LocalHistory(100, Duration.ofSeconds(1200), clock), 100, clock);
    private final PeriodBlocks blocks = new PeriodBlocks(clock, 100);

    @Test
    void everyProblem_isReportedAtOnce_withItsPath() {
        SessionRuleSettings settings = new SessionRuleSettings(AfterFailover.CHECKPOINT,
                List.of(new StartPages("", List.of(), List.of(), null),
                        new StartPages("dup", List.of(PathPattern.regex("(")), PathPattern.list("/"), null)),
                List.of(new PageOrder("dup", PathPattern.list("/cart/"), null)),
                List.of(new RateLimit("login", PathPattern.plain(""), List.of("po st"), 0, Duration.ofMillis(500),
                                Per.SESSION, null),
                        new RateLimit("big", PathPattern.plain("/x"), List.of(), 10_001, Duration.ofHours(2),
                                Per.CLIENT, Action.alert())),
                false);

        assertThatThrownBy(() -> SessionRules.build(settings, blocks, store))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid session rules: "
                        + "session-rules.start-pages[0].id: \"\" (expected: a non-empty rule id); "
                        + "session-rules.start-pages[0].pages: [] (expected: at least one start page); "
                        + "session-rules.start-pages[1].applies-to[0]: regex: ( (expected: RE2 syntax; missing closing )); "
                        + "session-rules.page-order[0].id: dup (expected: an id not used by another session rule); "
                        + "session-rules.page-order[0].steps: 1 step (expected: 2..64); "
                        + "session-rules.rate-limits[0].path: \"\" (expected: a path, a prefix ending in * or a regex); "
                        + "session-rules.rate-limits[0].methods[0]: PO ST (expected: an HTTP method such as POST); "
                        + "session-rules.rate-limits[0].max-requests: 0 (expected: 1..10000); "
                        + "session-rules.rate-limits[0].window: 500ms (expected: whole seconds, 1s..3600s); "
                        + "session-rules.rate-limits[1].max-requests: 10001 (expected: 1..10000); "
                        + "session-rules.rate-limits[1].window: 7200s (expected: whole seconds, 1s..3600s)");
    }

    @Test
    void tooManyRules_andCheckpointTooBig_areReported() {
        List<RateLimit> limits = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            limits.add(new RateLimit("r" + i, PathPattern.plain("/r" + i), List.of(), 5, Duration.ofSeconds(60),
                    Per.SESSION, null));
        }
        SessionRuleSettings settings = new SessionRuleSettings(AfterFailover.CHECKPOINT, List.of(), List.of(), limits,
                false);

        assertThatThrownBy(() -> SessionRules.build(settings, blocks, store))
                .hasMessage("invalid session rules: "
                        + "session-rules.rate-limits: 17 rules (expected: at most 16); "
                        + "session-rules: 0 start-page, 0 page-order and 17 per-session rate-limit rules need a checkpoint"
                        + " of 140 bytes (expected: at most 64 with after-failover: checkpoint; each start-page rule"
                        + " takes 2, page order 3, per-session rate limit 8, plus 4)");
    }

    @Test
    void checkpointBound_appliesOnlyInCheckpointMode_andPerClientLimitsDoNotCount() {
        List<RateLimit> limits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            limits.add(new RateLimit("s" + i, PathPattern.plain("/s" + i), List.of(), 5, Duration.ofSeconds(60),
                    i < 7 ? Per.SESSION : Per.CLIENT, null));
        }

        assertThat(SessionRules.build(Shop.only(AfterFailover.CHECKPOINT, limits.toArray(RateLimit[]::new)), blocks, store)
                .ruleIds()).hasSize(8);
        limits.set(7, new RateLimit("s7", PathPattern.plain("/s7"), List.of(), 5, Duration.ofSeconds(60), Per.SESSION, null));
        assertThatThrownBy(() -> SessionRules.build(Shop.only(AfterFailover.CHECKPOINT, limits.toArray(RateLimit[]::new)),
                blocks, store)).hasMessageContaining("need a checkpoint of 68 bytes");
        assertThat(SessionRules.build(Shop.only(AfterFailover.RESTART, limits.toArray(RateLimit[]::new)), blocks, store)
                .ruleIds()).hasSize(8);
    }

    @Test
    void theShop_builds_andReadsLikeConfig() {
        SessionRules rules = SessionRules.build(Shop.settings(AfterFailover.CHECKPOINT), blocks, store);

        assertThat(rules.ruleIds()).containsExactly("checkout-entry", "checkout", "login");
        assertThat(rules.afterFailover()).isEqualTo(AfterFailover.CHECKPOINT);
        assertThat(rules).hasToString("session-rules(after-failover: checkpoint; "
                + "checkout-entry(start pages /checkout/cart/, / for [/checkout*], redirect(https://shop.example.com/checkout/cart/)); "
                + "checkout(steps /checkout/cart/ > /checkout/ > /checkout/onepage/success/, alert-deny); "
                + "login(/customer/account/loginPost* [POST], 5 per 60s per session, alert-deny(429)))");
        assertThat(SessionRules.build(SessionRuleSettings.none(), blocks, store).isEmpty()).isTrue();
    }

    @Test
    void settingsEnums_parseTheirConfigSpelling() {
        assertThat(AfterFailover.parse(" Checkpoint ")).isEqualTo(AfterFailover.CHECKPOINT);
        assertThat(Per.parse("client")).isEqualTo(Per.CLIENT);
        assertThatThrownBy(() -> AfterFailover.parse("resume"))
                .hasMessage("after-failover: resume (expected: allow, restart or checkpoint)");
        assertThatThrownBy(() -> Per.parse("ip")).hasMessage("per: ip (expected: session or client)");
    }
}
