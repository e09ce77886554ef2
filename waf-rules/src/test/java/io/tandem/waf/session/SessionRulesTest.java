package io.tandem.waf.session;

import static io.tandem.waf.session.Shop.CART;
import static io.tandem.waf.session.Shop.CHECKOUT;
import static io.tandem.waf.session.Shop.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.session.LocalHistory;
import io.tandem.session.MutableClock;
import io.tandem.session.RuleState;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionId;
import io.tandem.waf.Action;
import io.tandem.waf.Location;
import io.tandem.waf.Verdict;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.session.SessionRequest.State;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.PageOrder;
import io.tandem.waf.session.SessionRuleSettings.PathPattern;
import io.tandem.waf.session.SessionRuleSettings.Per;
import io.tandem.waf.session.SessionRuleSettings.StartPages;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules on one member, called the way the proxy calls them. */
class SessionRulesTest {

    private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
    private final LocalHistory history = new LocalHistory(1000, Duration.ofSeconds(1200), clock);
    private final SessionRuleStore store = new SessionRuleStore(history, 1000, clock);
    private final PeriodBlocks blocks = new PeriodBlocks(clock, 1000);
    private final InetAddress client = address("198.51.100.7");
    private SessionRules rules;
    private byte[] checkpoint = new byte[0];

    @BeforeEach
    void activate() {
        store.activated();
        rules = SessionRules.build(Shop.settings(AfterFailover.CHECKPOINT), blocks, store);
        clock.toNextWindow(Shop.WINDOW, Duration.ofSeconds(1));
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One request of session {@code n}, carrying the checkpoint of the last decision (like a browser). */
    private SessionDecision request(long n, State state, String method, String path) {
        return request(n, state, method, path, client);
    }

    private SessionDecision request(long n, State state, String method, String path, InetAddress from) {
        SessionDecision d = rules.evaluate(new SessionRequest(new SessionId(0, n), state, checkpoint, from, method, path,
                clock.instant()));
        d.checkpoint().ifPresent(c -> checkpoint = c);
        return d;
    }

    private static List<String> fired(SessionDecision d) {
        return d.fired().stream().map(Verdict::ruleIdOrEmpty).toList();
    }

    @Test
    void startPage_deepLinkIsRedirected_untilAStartPageWasRequested() {
        SessionDecision deep = request(1, State.NEW, "GET", "/checkout/onepage/");

        assertThat(deep.verdict()).isInstanceOfSatisfying(Verdict.Redirect.class, r -> {
            assertThat(r.ruleId()).isEqualTo("checkout-entry");
            assertThat(r.reason()).isEqualTo("/checkout/onepage/ requested before a start page (/checkout/cart/, /)");
            assertThat(r.location()).isEqualTo(Shop.ENTRY);
            assertThat(r.match().category()).isEqualTo("start-page");
            assertThat(r.match().location()).isEqualTo(Location.PATH);
            assertThat(r.match().excerpt()).isEqualTo("/checkout/onepage/");
        });
        assertThat(fired(request(1, State.KNOWN, "GET", "/checkout/onepage/"))).containsExactly("checkout-entry");
        assertThat(fired(request(1, State.KNOWN, "GET", "/catalog/product/view/id/7"))).isEmpty();
        assertThat(fired(request(1, State.KNOWN, "GET", "/"))).isEmpty();
        assertThat(fired(request(1, State.KNOWN, "GET", "/checkout/onepage/"))).isEmpty();
    }

    @Test
    void startPage_aRefusedStartPageDoesNotStartTheSession() {
        rules = SessionRules.build(new SessionRuleSettings(AfterFailover.CHECKPOINT,
                List.of(new StartPages("entry", List.of(), PathPattern.list(CHECKOUT), Action.alertDeny())),
                List.of(Shop.pageOrder()), List.of(), false), blocks, store);

        assertThat(fired(request(1, State.NEW, "GET", CHECKOUT))).containsExactly("checkout"); // page order refuses it
        assertThat(fired(request(1, State.KNOWN, "GET", "/catalog/"))).containsExactly("entry");
        assertThat(fired(request(1, State.KNOWN, "GET", CART))).containsExactly("entry");
    }

    @Test
    void pageOrder_stepNeedsThePreviousOne_goingBackAndOtherUrlsAreFree() {
        assertThat(fired(request(1, State.NEW, "GET", "/"))).isEmpty();
        assertThat(fired(request(1, State.KNOWN, "GET", CART))).isEmpty();

        SessionDecision skip = request(1, State.KNOWN, "GET", SUCCESS);
        assertThat(skip.verdict()).isInstanceOfSatisfying(Verdict.Deny.class, d -> {
            assertThat(d.ruleId()).isEqualTo("checkout");
            assertThat(d.reason()).isEqualTo("step /checkout/onepage/success/ requested before /checkout/");
            assertThat(d.status()).isEqualTo(403);
        });
        assertThat(fired(request(1, State.KNOWN, "GET", "/customer/account/"))).isEmpty();
        assertThat(fired(request(1, State.KNOWN, "GET", CHECKOUT))).isEmpty();
        assertThat(fired(request(1, State.KNOWN, "GET", CART))).as("going back").isEmpty();
        assertThat(fired(request(1, State.KNOWN, "GET", SUCCESS))).isEmpty();
        assertThat(fired(request(1, State.KNOWN, "GET", CHECKOUT))).isEmpty();
        assertThat(history.find(new SessionId(0, 1)).orElseThrow().pageOrderStep()).isEqualTo(3);
    }

    @Test
    void pageOrder_firstStepWithoutStartPage_firesOnlyTheStartPageRule() {
        SessionDecision d = request(1, State.NEW, "GET", CHECKOUT);

        assertThat(fired(d)).containsExactly("checkout-entry", "checkout");
        assertThat(d.verdict()).isInstanceOf(Verdict.Redirect.class); // first blocking in rule order
        assertThat(fired(request(1, State.KNOWN, "GET", CART))).isEmpty(); // a start page and step 0
        assertThat(fired(request(1, State.KNOWN, "GET", CHECKOUT))).isEmpty();
    }

    @Test
    void pageOrder_alertAction_letsThroughAndCountsTheStepAsReached() {
        rules = SessionRules.build(new SessionRuleSettings(AfterFailover.CHECKPOINT, List.of(),
                List.of(new PageOrder("checkout", PathPattern.list(CART, CHECKOUT, SUCCESS), Action.alert())),
                List.of(), false), blocks, store);

        SessionDecision d = request(1, State.NEW, "GET", CHECKOUT);

        assertThat(d.verdict()).isInstanceOf(Verdict.Alert.class);
        assertThat(fired(request(1, State.KNOWN, "GET", SUCCESS))).isEmpty();
    }

    @Test
    void rateLimit_perSession_sixthRequestInWindowGetsTheAction_nextWindowStartsAtZero() {
        request(1, State.NEW, "GET", "/");
        for (int i = 1; i <= 5; i++) {
            assertThat(fired(request(1, State.KNOWN, "POST", Shop.LOGIN))).as("request %d", i).isEmpty();
        }
        assertThat(fired(request(1, State.KNOWN, "GET", Shop.LOGIN))).as("GET is not counted").isEmpty();

        SessionDecision sixth = request(1, State.KNOWN, "POST", Shop.LOGIN);
        assertThat(sixth.verdict()).isInstanceOfSatisfying(Verdict.Deny.class, d -> {
            assertThat(d.reason()).isEqualTo("6th request in 60s window, limit 5");
            assertThat(d.status()).isEqualTo(429);
            assertThat(d.match().category()).isEqualTo("rate-limit");
        });
        assertThat(((Verdict.Deny) request(1, State.KNOWN, "POST", Shop.LOGIN).verdict()).reason())
                .isEqualTo("7th request in 60s window, limit 5");
        assertThat(fired(request(2, State.NEW, "POST", Shop.LOGIN))).as("another session").isEmpty();

        clock.toNextWindow(Shop.WINDOW, Duration.ZERO);
        for (int i = 1; i <= 5; i++) {
            assertThat(fired(request(1, State.KNOWN, "POST", Shop.LOGIN))).as("next window, request %d", i).isEmpty();
        }
        assertThat(fired(request(1, State.KNOWN, "POST", Shop.LOGIN))).containsExactly("login");
    }

    @Test
    void rateLimit_perClient_countsAcrossSessions_perAddress() {
        rules = SessionRules.build(Shop.only(AfterFailover.CHECKPOINT, Shop.login(Per.CLIENT, Action.send403())),
                blocks, store);
        InetAddress other = address("2001:db8::1");

        for (int s = 1; s <= 5; s++) {
            assertThat(fired(request(s, State.NEW, "POST", Shop.LOGIN))).isEmpty();
        }
        assertThat(fired(request(1, State.NEW, "POST", Shop.LOGIN, other))).isEmpty();
        SessionDecision sixth = request(6, State.NEW, "POST", Shop.LOGIN);

        assertThat(sixth.verdict()).isInstanceOfSatisfying(Verdict.Deny.class, d ->
                assertThat(d.reason()).isEqualTo("6th request from 198.51.100.7 in 60s window, limit 5"));
        assertThat(sixth.checkpoint()).as("per-client windows are not in the checkpoint").isEmpty();
    }

    @Test
    void periodBlock_recordsTheSessionOrClient_monitorModeOnlyAlerts() {
        rules = SessionRules.build(Shop.only(AfterFailover.CHECKPOINT,
                Shop.login(Per.SESSION, Action.periodBlock(Duration.ofMinutes(10), Action.BlockScope.SESSION))),
                blocks, store);
        for (int i = 0; i < 5; i++) {
            request(1, State.KNOWN, "POST", Shop.LOGIN);
        }

        SessionDecision sixth = request(1, State.KNOWN, "POST", Shop.LOGIN);

        assertThat(sixth.verdict()).isInstanceOfSatisfying(Verdict.PeriodBlock.class, p ->
                assertThat(p.duration()).isEqualTo(Duration.ofMinutes(10)));
        assertThat(blocks.blocked("session:" + new SessionId(0, 1))).isNotNull()
                .satisfies(b -> assertThat(b.reason()).isEqualTo("6th request in 60s window, limit 5"));
        assertThat(blocks.blocked("ip:198.51.100.7")).isNull();

        rules = SessionRules.build(new SessionRuleSettings(AfterFailover.CHECKPOINT, List.of(), List.of(),
                List.of(Shop.login(Per.CLIENT, Action.periodBlock(Duration.ofMinutes(10), Action.BlockScope.CLIENT_ADDRESS))),
                true), blocks, store);
        for (int i = 0; i < 5; i++) {
            request(2, State.KNOWN, "POST", Shop.LOGIN);
        }
        assertThat(request(2, State.KNOWN, "POST", Shop.LOGIN).verdict()).isInstanceOfSatisfying(Verdict.Alert.class,
                a -> assertThat(a.reason()).isEqualTo(
                        "monitor (period-block(600s per client-address)): 6th request from 198.51.100.7 in 60s window, limit 5"));
        assertThat(blocks.blocked("ip:198.51.100.7")).isNull();
    }

    @Test
    void monitorMode_alerts_andStillTracksProgress() {
        rules = SessionRules.build(new SessionRuleSettings(AfterFailover.CHECKPOINT, List.of(Shop.startPages()),
                List.of(Shop.pageOrder()), List.of(), true), blocks, store);

        SessionDecision d = request(1, State.NEW, "GET", CHECKOUT);

        assertThat(d.verdict()).isInstanceOf(Verdict.Alert.class);
        assertThat(d.fired()).allSatisfy(v -> assertThat(v).isInstanceOf(Verdict.Alert.class));
        assertThat(((Verdict.Alert) d.verdict()).reason()).startsWith("monitor (redirect(https://shop.example.com/");
        assertThat(fired(request(1, State.KNOWN, "GET", SUCCESS)))
                .as("step 1 counts as reached; no start page was requested yet").containsExactly("checkout-entry");
    }

    @Test
    void checkpoint_isOfferedOnlyWhenItChanges_andOnlyInCheckpointMode() {
        SessionDecision first = request(1, State.NEW, "GET", "/");
        assertThat(first.checkpoint()).isPresent();
        assertThat(request(1, State.KNOWN, "GET", "/").checkpoint()).as("nothing changed").isEmpty();
        assertThat(request(1, State.KNOWN, "GET", "/static/app.css").checkpoint()).isEmpty();
        assertThat(request(1, State.KNOWN, "GET", CART).checkpoint()).as("step 0 reached").isPresent();
        assertThat(checkpoint).hasSizeLessThanOrEqualTo(SessionCookie.MAX_CHECKPOINT_BYTES);

        for (AfterFailover mode : List.of(AfterFailover.ALLOW, AfterFailover.RESTART)) {
            rules = SessionRules.build(Shop.settings(mode), blocks, store);
            checkpoint = new byte[0];
            assertThat(request(10 + mode.ordinal(), State.NEW, "GET", "/").checkpoint()).as(mode.label()).isEmpty();
        }
    }

    @Test
    void reload_keepsStateOfUnchangedRules_dropsStateOfChangedOnes() {
        request(1, State.NEW, "GET", CART);
        request(1, State.KNOWN, "GET", CHECKOUT);
        for (int i = 0; i < 5; i++) {
            request(1, State.KNOWN, "POST", Shop.LOGIN);
        }

        rules = SessionRules.build(Shop.settings(AfterFailover.CHECKPOINT), blocks, store);
        assertThat(fired(request(1, State.KNOWN, "GET", SUCCESS))).isEmpty();
        assertThat(fired(request(1, State.KNOWN, "POST", Shop.LOGIN))).containsExactly("login");

        PageOrder longer = new PageOrder("checkout", PathPattern.list(CART, "/checkout/shipping/", CHECKOUT, SUCCESS),
                Action.alertDeny());
        rules = SessionRules.build(new SessionRuleSettings(AfterFailover.CHECKPOINT, List.of(Shop.startPages()),
                List.of(longer), List.of(), false), blocks, store);
        assertThat(fired(request(1, State.KNOWN, "GET", CHECKOUT))).as("changed steps start afresh")
                .containsExactly("checkout");
        assertThat(fired(request(1, State.KNOWN, "GET", "/checkout/shipping/"))).as("start page kept: only page order")
                .containsExactly("checkout");
        RuleState state = history.find(new SessionId(0, 1)).orElseThrow().ruleState();
        assertThat(state.windowCount()).as("the dropped rate limit's window is gone").isZero();
        assertThat(state.startedCount()).isEqualTo(1);
    }

    @Test
    void sessionIssuedHere_whoseFirstRequestNeverReachedTheRules_isTrackedLikeANewOne_evenInAllowMode() {
        rules = SessionRules.build(Shop.settings(AfterFailover.ALLOW), blocks, store);
        SessionCookie cookie = new SessionCookie(new SessionId(0, 1), 0, 0, "k1", "tandem-a", "");
        history.recordRequest(cookie, false, clock.millis()); // the session stage, then refused by the engine

        assertThat(fired(request(1, State.KNOWN, "GET", CHECKOUT))).containsExactly("checkout-entry", "checkout");
    }

    @Test
    void sessionWithoutRecordOrWithRecordFromBeforeActivation_isAdopted() {
        rules = SessionRules.build(Shop.settings(AfterFailover.ALLOW), blocks, store);
        SessionCookie cookie = new SessionCookie(new SessionId(0, 2), 0, 0, "k1", "tandem-a", "");
        history.recordRequest(cookie, false, clock.millis());
        clock.advance(Duration.ofSeconds(1));
        store.activated(); // e.g. a fail-back: the record predates this active period

        assertThat(fired(request(2, State.KNOWN, "GET", CHECKOUT))).isEmpty();
        assertThat(fired(request(3, State.ADOPTED, "GET", SUCCESS))).isEmpty();
        assertThat(history.find(new SessionId(0, 3)).orElseThrow().ruleState().status())
                .isEqualTo(RuleState.Status.EXEMPT);
    }

    @Test
    void noRules_passWithoutTouchingTheHistory() {
        rules = SessionRules.build(SessionRuleSettings.none(), blocks, store);

        assertThat(request(1, State.NEW, "GET", CHECKOUT).verdict()).isSameAs(Verdict.PASS);
        assertThat(history.find(new SessionId(0, 1))).isEmpty();
    }
}
