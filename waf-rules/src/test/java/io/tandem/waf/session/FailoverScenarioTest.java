package io.tandem.waf.session;

import static io.tandem.waf.session.Shop.CART;
import static io.tandem.waf.session.Shop.CHECKOUT;
import static io.tandem.waf.session.Shop.LOGIN;
import static io.tandem.waf.session.Shop.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.session.MutableClock;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionOutcome;
import io.tandem.waf.Action;
import io.tandem.waf.Verdict;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.Per;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two members sharing one key ring, each with its own history, cookies encoded and decoded by the
 * real codec, and a failover (A stops, B is promoted) in each {@code after-failover} mode. The
 * browser keeps every cookie it was given so that it can replay an older one.
 *
 * <p>What would make these fail: enforcement that trusts a cookie's counts or steps over local
 * history, a new member that does not charge the window in progress at adoption, a fail-back that
 * takes stale local state for current, or a mode that enforces more or less than docs/rules.md says.
 */
class FailoverScenarioTest {

    private static final String ONEPAGE = "/checkout/onepage/"; // guarded by the start-page rule, no step

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");

    /** A active from the start of a window (+1 s), B standby. */
    private Member[] pair(SessionRuleSettings settings) {
        clock.toNextWindow(Shop.WINDOW, Duration.ofSeconds(1));
        Member a = new Member("tandem-a", Shop.ring(), clock, settings).activate();
        Member b = new Member("tandem-b", Shop.ring(), clock, settings);
        return new Member[] {a, b};
    }

    /** A stops, B is promoted 3 s later (same rate window). */
    private Member failover(Member b) {
        clock.advance(Duration.ofSeconds(3));
        return b.activate();
    }

    private static List<String> fired(Member.Response r) {
        return r.decision() == null ? List.of(r.verdict().ruleIdOrEmpty())
                : r.decision().fired().stream().map(Verdict::ruleIdOrEmpty).toList();
    }

    private static String reason(Member.Response r) {
        return r.verdict() instanceof Verdict.Hit hit ? hit.reason() : "pass";
    }

    private int posts(Member m, Browser browser, int n) {
        int passed = 0;
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMillis(100));
            passed += m.handle(browser, "POST", LOGIN).passed() ? 1 : 0;
        }
        return passed;
    }

    // ---- start pages -------------------------------------------------------------------------

    @Test
    void checkpoint_startPage_passedOnA_holdsOnB_anOlderCookieSeenFirstIsStricter() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", "/catalog/");        // cookie 0: no checkpoint
        ab[0].handle(shopper, "GET", "/");                // cookie 1: start page passed
        assertThat(shopper.cookiesReceived()).isEqualTo(2);

        Member b = failover(ab[1]);

        assertThat(b.sessions.resolve(shopper.replay(0).cookie())).isInstanceOf(SessionOutcome.Adopted.class);
        Member.Response older = b.handle(shopper, "GET", ONEPAGE);
        assertThat(older.verdict()).isInstanceOf(Verdict.Redirect.class);
        assertThat(fired(older)).containsExactly("checkout-entry");
        assertThat(fired(b.handle(shopper.replay(1), "GET", ONEPAGE))).as("the newest cookie").isEmpty();
        assertThat(fired(b.handle(shopper.replay(0), "GET", ONEPAGE))).as("B now knows; an old cookie lowers nothing")
                .isEmpty();
    }

    @Test
    void checkpoint_startPage_shopperWhoPassedItOnA_isNotBotheredOnB() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", "/");

        Member b = failover(ab[1]);

        assertThat(fired(b.handle(shopper, "GET", ONEPAGE))).isEmpty();
    }

    @Test
    void checkpoint_startPage_replayOnTheSameMember_localHistoryWins() {
        Member a = pair(Shop.settings(AfterFailover.CHECKPOINT))[0];
        Browser shopper = new Browser("198.51.100.7");
        a.handle(shopper, "GET", "/catalog/");
        a.handle(shopper, "GET", "/");

        assertThat(fired(a.handle(shopper.replay(0), "GET", ONEPAGE))).isEmpty();
    }

    @Test
    void restart_startPage_isNotCheckedForAnAdoptedSession_butForNewOnes() {
        Member[] ab = pair(Shop.settings(AfterFailover.RESTART));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", "/catalog/"); // never passed a start page

        Member b = failover(ab[1]);

        assertThat(fired(b.handle(shopper, "GET", ONEPAGE))).isEmpty();
        assertThat(fired(b.handle(new Browser("198.51.100.8"), "GET", ONEPAGE))).containsExactly("checkout-entry");
    }

    // ---- page order --------------------------------------------------------------------------

    @Test
    void checkpoint_pageOrder_continuesOnB_olderCookieIsOnlyStricter_newestRecovers() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", "/");      // cookie 0 (new session; start page in it)
        ab[0].handle(shopper, "GET", CART);     // cookie 1: progress 1
        ab[0].handle(shopper, "GET", CHECKOUT); // cookie 2: progress 2
        assertThat(shopper.cookiesReceived()).isEqualTo(3);

        Member b = failover(ab[1]);

        Member.Response skipped = b.handle(shopper.replay(0), "GET", SUCCESS);
        assertThat(skipped.verdict()).isInstanceOf(Verdict.Deny.class);
        assertThat(reason(skipped)).isEqualTo("step /checkout/onepage/success/ requested before /checkout/");
        assertThat(reason(b.handle(shopper.replay(0), "GET", CHECKOUT)))
                .isEqualTo("step /checkout/ requested before /checkout/cart/");
        assertThat(fired(b.handle(shopper.replay(2), "GET", SUCCESS))).as("the newest cookie restores progress").isEmpty();
        assertThat(fired(b.handle(shopper.replay(0), "GET", SUCCESS))).as("B now knows; an old cookie lowers nothing")
                .isEmpty();
    }

    @Test
    void checkpoint_pageOrder_shopperMidCheckout_continuesOnB() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", CART);
        ab[0].handle(shopper, "GET", CHECKOUT);

        Member b = failover(ab[1]);

        assertThat(fired(b.handle(shopper, "GET", SUCCESS))).isEmpty();
        assertThat(b.history.find(b.sessions.resolve(shopper.cookie()).validCookie().orElseThrow().id())
                .orElseThrow().pageOrderStep()).isEqualTo(3);
    }

    @Test
    void checkpoint_pageOrder_replayOnTheSameMember_localHistoryWins() {
        Member a = pair(Shop.settings(AfterFailover.CHECKPOINT))[0];
        Browser shopper = new Browser("198.51.100.7");
        a.handle(shopper, "GET", "/");
        a.handle(shopper, "GET", CART);
        a.handle(shopper, "GET", CHECKOUT);

        assertThat(fired(a.handle(shopper.replay(0), "GET", SUCCESS))).isEmpty();
        assertThat(fired(a.handle(shopper.replay(0), "GET", CHECKOUT))).isEmpty();
    }

    @Test
    void restart_pageOrder_shopperMidCheckout_mustGoBackToTheFirstStep() {
        Member[] ab = pair(Shop.settings(AfterFailover.RESTART));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", CART);
        ab[0].handle(shopper, "GET", CHECKOUT);

        Member b = failover(ab[1]);

        assertThat(fired(b.handle(shopper, "GET", SUCCESS))).containsExactly("checkout");
        assertThat(fired(b.handle(shopper, "GET", CHECKOUT))).containsExactly("checkout");
        assertThat(fired(b.handle(shopper, "GET", CART))).isEmpty();
        assertThat(fired(b.handle(shopper, "GET", CHECKOUT))).isEmpty();
        assertThat(fired(b.handle(shopper, "GET", SUCCESS))).isEmpty();
    }

    @Test
    void allow_adoptedSession_noSessionRuleIsEnforced_newSessionsAreChecked() {
        Member[] ab = pair(Shop.settings(AfterFailover.ALLOW));
        Browser attacker = new Browser("198.51.100.7");
        ab[0].handle(attacker, "GET", "/catalog/");

        Member b = failover(ab[1]);

        assertThat(fired(b.handle(attacker, "GET", SUCCESS))).as("page order and start page").isEmpty();
        assertThat(posts(b, attacker, 20)).as("per-session rate limit").isEqualTo(20);
        assertThat(b.handle(attacker, "GET", SUCCESS).setCookie()).as("no checkpoint is written").isNull();
        assertThat(fired(b.handle(new Browser("198.51.100.8"), "GET", SUCCESS)))
                .containsExactly("checkout-entry", "checkout");
    }

    @Test
    void allow_perClientLimits_stillApplyToAdoptedSessions() {
        Member[] ab = pair(Shop.only(AfterFailover.ALLOW, Shop.login(Per.CLIENT, Action.alertDeny())));
        Browser attacker = new Browser("198.51.100.7");
        ab[0].handle(attacker, "GET", "/");

        Member b = failover(ab[1]);

        assertThat(posts(b, attacker, 6)).isEqualTo(5);
    }

    // ---- rate limits -------------------------------------------------------------------------

    @Test
    void checkpoint_rateLimit_replayOfTheOldestCookieAfterFailover_admitsNothingMoreInThatWindow() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser attacker = new Browser("198.51.100.7");
        ab[0].handle(attacker, "GET", "/"); // cookie 0, no login count
        attacker.ignoringSetCookie();
        int admitted = posts(ab[0], attacker, 8);
        assertThat(admitted).isEqualTo(5);

        Member b = failover(ab[1]);

        Member.Response first = b.handle(attacker, "POST", LOGIN);
        assertThat(first.verdict()).isInstanceOfSatisfying(Verdict.Deny.class, d -> {
            assertThat(d.status()).isEqualTo(429);
            assertThat(d.reason()).isEqualTo("request in 60s window that was charged as spent when this member"
                    + " adopted the session (what the previous member admitted is unknown), limit 5");
        });
        admitted += posts(b, attacker, 10);
        assertThat(admitted).as("admitted in the failover window, both members").isEqualTo(5);

        clock.toNextWindow(Shop.WINDOW, Duration.ZERO);
        assertThat(posts(b, attacker, 8)).as("the next window is a normal one").isEqualTo(5);
        assertThat(reason(b.handle(attacker, "POST", LOGIN))).isEqualTo("9th request in 60s window, limit 5");
    }

    @Test
    void checkpoint_rateLimit_legitimateSession_paysOnlyTheRestOfTheFailoverWindow() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", "/");
        assertThat(posts(ab[0], shopper, 2)).isEqualTo(2);

        Member b = failover(ab[1]);

        assertThat(fired(b.handle(shopper, "GET", "/"))).isEmpty(); // browsing is not affected
        assertThat(posts(b, shopper, 1)).isZero();
        clock.toNextWindow(Shop.WINDOW, Duration.ZERO);
        assertThat(posts(b, shopper, 5)).isEqualTo(5);
    }

    @Test
    void checkpoint_rateLimit_sessionAdoptedInAWindowThatBeganAfterPromotion_isNotCharged() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser attacker = new Browser("198.51.100.7");
        ab[0].handle(attacker, "GET", "/");
        attacker.ignoringSetCookie();
        assertThat(posts(ab[0], attacker, 5)).isEqualTo(5);
        Member b = failover(ab[1]);

        clock.toNextWindow(Shop.WINDOW, Duration.ofSeconds(2));

        assertThat(posts(b, attacker, 6)).isEqualTo(5);
        assertThat(reason(b.handle(attacker, "POST", LOGIN))).isEqualTo("7th request in 60s window, limit 5");
    }

    @Test
    void checkpoint_rateLimit_replayOnTheSameMember_localHistoryWins() {
        Member a = pair(Shop.settings(AfterFailover.CHECKPOINT))[0];
        Browser attacker = new Browser("198.51.100.7");
        a.handle(attacker, "GET", "/");
        assertThat(posts(a, attacker, 5)).isEqualTo(5);

        assertThat(reason(a.handle(attacker.replay(0), "POST", LOGIN))).isEqualTo("6th request in 60s window, limit 5");
        assertThat(reason(a.handle(attacker.replay(2), "POST", LOGIN))).isEqualTo("7th request in 60s window, limit 5");
    }

    @Test
    void checkpoint_rateLimit_failBack_toAMemberWithStaleHistory_chargesTheWindow() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser attacker = new Browser("198.51.100.7");
        ab[0].handle(attacker, "GET", "/");
        attacker.ignoringSetCookie();
        assertThat(posts(ab[0], attacker, 2)).isEqualTo(2); // A remembers 2
        Member b = failover(ab[1]);
        clock.toNextWindow(Shop.WINDOW, Duration.ofSeconds(1));
        assertThat(posts(b, attacker, 5)).isEqualTo(5);    // B's window, full

        clock.advance(Duration.ofSeconds(3));
        Member a = ab[0].activate();                         // fail-back in the same window

        assertThat(a.sessions.resolve(attacker.cookie())).isInstanceOf(SessionOutcome.Known.class);
        assertThat(posts(a, attacker, 5)).as("A's stale count must not be trusted").isZero();
    }

    @Test
    void checkpoint_rateLimit_recordEvictedByAFlood_isChargedWhenAdoptedAgain() {
        clock.toNextWindow(Shop.WINDOW, Duration.ofSeconds(1));
        Member a = new Member("tandem-a", Shop.ring(), clock, Shop.settings(AfterFailover.CHECKPOINT), 50).activate();
        Browser attacker = new Browser("198.51.100.7");
        a.handle(attacker, "GET", "/");
        attacker.ignoringSetCookie();
        assertThat(posts(a, attacker, 5)).isEqualTo(5);

        for (int i = 0; i < 500; i++) {
            a.handle(new Browser("203.0.113." + (i % 250)), "GET", "/");
        }
        a.history.cleanUp();

        assertThat(a.sessions.resolve(attacker.cookie())).isInstanceOf(SessionOutcome.Adopted.class);
        assertThat(posts(a, attacker, 3)).isZero();
    }

    @Test
    void checkpoint_rateLimit_periodBlock_isNotRecordedForAPresumedOverrun_onlyForASeenOne() {
        Member[] ab = pair(Shop.only(AfterFailover.CHECKPOINT,
                Shop.login(Per.SESSION, Action.periodBlock(Duration.ofMinutes(10), Action.BlockScope.CLIENT_ADDRESS))));
        Browser attacker = new Browser("198.51.100.7");
        ab[0].handle(attacker, "GET", "/");
        Member b = failover(ab[1]);

        Member.Response presumed = b.handle(attacker, "POST", LOGIN);
        assertThat(presumed.verdict()).isInstanceOfSatisfying(Verdict.Deny.class, d -> assertThat(d.status()).isEqualTo(403));
        assertThat(b.blocks.size()).isZero();

        clock.toNextWindow(Shop.WINDOW, Duration.ZERO);
        assertThat(posts(b, attacker, 5)).isEqualTo(5);
        assertThat(b.handle(attacker, "POST", LOGIN).verdict()).isInstanceOf(Verdict.PeriodBlock.class);
        assertThat(b.handle(attacker, "GET", "/").verdict()).as("the engine's period-block rule")
                .isInstanceOfSatisfying(Verdict.PeriodBlock.class, p -> assertThat(p.ruleId()).isEqualTo("period-block"));
    }

    @Test
    void restart_rateLimit_windowsStartAtZero_worstCaseTwiceTheLimitInTheFailoverWindow() {
        Member[] ab = pair(Shop.settings(AfterFailover.RESTART));
        Browser attacker = new Browser("198.51.100.7");
        ab[0].handle(attacker, "GET", "/");
        attacker.ignoringSetCookie();
        int admitted = posts(ab[0], attacker, 6);

        Member b = failover(ab[1]);

        admitted += posts(b, attacker, 6);
        assertThat(admitted).isEqualTo(10);
    }

    // ---- malformed checkpoints ---------------------------------------------------------------

    @Test
    void checkpoint_garbageInASignedCookie_countsAsNoCheckpoint_strictOnB_ignoredOnA() {
        Member[] ab = pair(Shop.settings(AfterFailover.CHECKPOINT));
        Browser shopper = new Browser("198.51.100.7");
        ab[0].handle(shopper, "GET", CART);
        ab[0].handle(shopper, "GET", CHECKOUT);
        SessionCookie valid = ab[0].sessions.resolve(shopper.cookie()).validCookie().orElseThrow();
        String garbage = ab[0].sessions.encode(valid.withCheckpoint(new byte[] {9, 9, 9, 9, 9}));
        Browser forged = new Browser("198.51.100.7");
        forged.receive(new Member.Response(null, Verdict.PASS, garbage));

        Member.Response onA = ab[0].handle(forged, "GET", SUCCESS);
        assertThat(fired(onA)).isEmpty();
        assertThat(onA.setCookie()).as("A replaces the garbage").isNotNull();

        Member b = failover(ab[1]);
        forged.receive(new Member.Response(null, Verdict.PASS, garbage));
        assertThat(fired(b.handle(forged, "GET", SUCCESS))).containsExactly("checkout-entry", "checkout");
        assertThat(posts(b, forged, 1)).isZero();
    }
}
