package io.tandem.waf.session;

import io.tandem.session.KeyRing;
import io.tandem.session.LocalHistory;
import io.tandem.session.MutableClock;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionManager;
import io.tandem.session.SessionOutcome;
import io.tandem.session.SessionPolicy;
import io.tandem.waf.Verdict;
import io.tandem.waf.rules.PeriodBlockRule;
import io.tandem.waf.rules.PeriodBlocks;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * One simulated member of a pair, doing what the proxy does around the session rules: resolve the
 * cookie with the real codec, issue or adopt, touch the history, refuse period-blocked clients and
 * sessions (the engine's period-block rule), evaluate the session rules, and re-issue the cookie
 * with the new checkpoint at response commit.
 */
final class Member {

    /** What a browser gets back. */
    record Response(SessionDecision decision, Verdict verdict, String setCookie) {
        boolean passed() {
            return !verdict.blocks();
        }
    }

    final String node;
    final MutableClock clock;
    final LocalHistory history;
    final SessionManager sessions;
    final SessionRuleStore store;
    final PeriodBlocks blocks;
    SessionRules rules;

    Member(String node, KeyRing ring, MutableClock clock, SessionRuleSettings settings, int maxHistory) {
        this.node = node;
        this.clock = clock;
        this.history = new LocalHistory(maxHistory, Duration.ofSeconds(1200), clock);
        this.sessions = new SessionManager(ring, SessionPolicy.defaults(), node, history, clock);
        this.store = new SessionRuleStore(history, 10_000, clock);
        this.blocks = new PeriodBlocks(clock, 10_000);
        this.rules = SessionRules.build(settings, blocks, store);
    }

    Member(String node, KeyRing ring, MutableClock clock, SessionRuleSettings settings) {
        this(node, ring, clock, settings, 10_000);
    }

    Response handle(Browser browser, String method, String path) {
        SessionOutcome outcome = sessions.resolve(browser.cookie());
        Optional<SessionCookie> valid = outcome.validCookie();
        boolean fresh = valid.isEmpty();
        SessionCookie cookie = valid.orElseGet(() -> sessions.issue(""));
        // The documented call: adopted unless issued for this very request.
        sessions.touch(cookie, !fresh);

        Verdict blocked = periodBlocked(browser.address(), cookie);
        SessionDecision decision = null;
        Verdict verdict = blocked;
        if (blocked == null) {
            decision = rules.evaluate(new SessionRequest(cookie.id(), SessionRequest.State.of(outcome),
                    cookie.checkpoint(), browser.address(), method, path, clock.instant()));
            verdict = decision.verdict();
        }
        // Response commit: new session, renewal due, or a changed checkpoint.
        SessionCookie base = fresh ? cookie : sessions.renewal(cookie, "").orElse(cookie);
        Optional<byte[]> checkpoint = decision == null ? Optional.empty() : decision.checkpoint();
        SessionCookie send = checkpoint.map(base::withCheckpoint).orElse(base);
        String setCookie = fresh || !send.equals(cookie) ? sessions.encode(send) : null;
        Response response = new Response(decision, verdict, setCookie);
        browser.receive(response);
        return response;
    }

    private Verdict periodBlocked(InetAddress client, SessionCookie cookie) {
        PeriodBlocks.Block b = blocks.blocked(PeriodBlockRule.clientKey(client));
        if (b == null) {
            b = blocks.blocked(PeriodBlockRule.sessionKey(cookie.id().toString()));
        }
        return b == null ? null : new Verdict.PeriodBlock(PeriodBlockRule.ID, b.reason(), blocks.remaining(b));
    }

    /** This member becomes the active one now (start of a standalone member, or a promotion). */
    Member activate() {
        store.activated();
        return this;
    }

    void reload(SessionRuleSettings settings) {
        rules = SessionRules.build(settings, blocks, store);
    }
}
