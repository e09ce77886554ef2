package io.tandem.waf.session;

import io.tandem.session.RuleState;
import io.tandem.session.RuleState.RateWindow;
import io.tandem.session.SessionRecord;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import java.util.List;

/**
 * Establishes the rule state a request is judged against: this member's own, when its history
 * vouches for the session, and otherwise what {@code after-failover} says. Pure: all inputs are
 * arguments, so the rules apply it inside the history's atomic update.
 *
 * <h2>When the history vouches for a session</h2>
 * The record is tracked and was last updated in this member's current active period (same
 * activation generation): every request of the session that reached the rules since then was
 * counted here. Otherwise the session is <em>adopted</em> for the rules: no record or an untracked
 * one (the peer issued it, this member restarted, or the record was evicted), or a record from
 * an earlier active period (this member was standby meanwhile and the peer may have served the
 * session: a fail-back). The one exception is a session this member issued in its current active
 * period whose earlier requests stopped before the session rules (refused by an earlier rule):
 * it is tracked from nothing, like a new one.
 *
 * <h2>Checkpoint mode</h2>
 * The state is the join of what this member has (if anything) and the cookie's checkpoint:
 * started flags are or-ed, progress is the maximum, a rate window is the later one, or for the
 * same window the higher count. Every entry only ever grows, and a signed checkpoint never shows
 * more than the session really did (progress and flags are monotone), so an older cookie can only
 * add less, never lower anything. Then, for each per-session rate limit, the window in progress is
 * <em>charged as spent</em> (its count raised to the limit) unless this member can prove that no
 * other member, and no forgotten record of its own, admitted a request of it in that window:
 * <ul>
 * <li>this member has been active since the window began, and</li>
 * <li>for a session without a surviving record: its history has forgotten no session (other than
 *     by idle expiry) since the window began, and the window is no longer than the history's
 *     idle expiry.</li>
 * </ul>
 * No checkpoint can prove it: a client may present any older cookie it was given, and nothing in
 * an older cookie tells what was admitted after it was written.
 */
final class Continuity {

    /** What is fixed for one request: mode, rules, this member's activation and history. */
    record Context(AfterFailover mode, int generation, long activeSinceMillis, long completeSinceMillis,
            long idleExpiryMillis, List<StartPageRule> starts, List<PageOrderRule> orders,
            List<RateLimitRule> sessionRates, long nowSecond) {
    }

    private Continuity() {
    }

    /**
     * The state to judge the request against: tracked in the current generation, or exempt.
     *
     * @param cookie the checkpoint's entries (only in checkpoint mode; else ignored), tracked
     */
    static RuleState establish(Context c, SessionRecord record, SessionRequest.State requestState, RuleState cookie) {
        RuleState s = record.ruleState();
        if (c.mode() == AfterFailover.ALLOW && s.status() == RuleState.Status.EXEMPT) {
            return s;
        }
        if (s.status() == RuleState.Status.TRACKED && s.generation() == c.generation()) {
            return c.mode() == AfterFailover.CHECKPOINT ? join(s, cookie, c) : s;
        }
        boolean fresh = requestState == SessionRequest.State.NEW
                || (s.status() == RuleState.Status.UNTRACKED && !record.adopted()
                    && record.createdMillis() >= c.activeSinceMillis());
        if (fresh) {
            return RuleState.tracked(c.generation());
        }
        switch (c.mode()) {
            case ALLOW:
                return RuleState.exempt();
            case RESTART: {
                RuleState t = RuleState.tracked(c.generation());
                for (StartPageRule rule : c.starts()) {
                    t = t.withStarted(rule.tag);
                }
                return t;
            }
            default: {
                boolean survived = s.status() == RuleState.Status.TRACKED;
                RuleState t = join(survived ? s.asTracked(c.generation()) : RuleState.tracked(c.generation()), cookie, c);
                for (RateLimitRule rule : c.sessionRates()) {
                    long index = rule.windowIndex(c.nowSecond());
                    if (!proven(c, rule, rule.windowStartMillis(index), survived)) {
                        t = charge(t, rule, index);
                    }
                }
                return t;
            }
        }
    }

    /** Whether nothing of the session can have been admitted elsewhere in the window starting at {@code start}. */
    static boolean proven(Context c, RateLimitRule rule, long start, boolean recordSurvived) {
        if (c.activeSinceMillis() > start) {
            return false;
        }
        return recordSurvived || (c.completeSinceMillis() < start && rule.windowMillis() <= c.idleExpiryMillis());
    }

    /** {@code s} with the window {@code index} of {@code rule} counted as at least full. */
    static RuleState charge(RuleState s, RateLimitRule rule, long index) {
        RateWindow w = s.window(rule.tag).orElse(null);
        if (w != null && w.index() >= index) {
            return w.count() >= rule.max ? s
                    : s.withWindow(new RateWindow(rule.tag, w.index(), rule.max, true));
        }
        return s.withWindow(new RateWindow(rule.tag, index, rule.max, true));
    }

    /** The join of {@code local} and the checkpoint's entries (entries of unknown rules are ignored). */
    static RuleState join(RuleState local, RuleState cookie, Context c) {
        RuleState s = local;
        for (StartPageRule rule : c.starts()) {
            if (cookie.started(rule.tag)) {
                s = s.withStarted(rule.tag);
            }
        }
        for (PageOrderRule rule : c.orders()) {
            int progress = Math.min(cookie.step(rule.tag), rule.stepCount());
            if (progress > s.step(rule.tag)) {
                s = s.withStep(rule.tag, progress);
            }
        }
        for (RateLimitRule rule : c.sessionRates()) {
            RateWindow theirs = cookie.window(rule.tag).orElse(null);
            if (theirs == null) {
                continue;
            }
            RateWindow mine = s.window(rule.tag).orElse(null);
            if (mine == null || theirs.index() > mine.index()) {
                s = s.withWindow(theirs);
            } else if (theirs.index() == mine.index() && theirs.count() >= mine.count()) {
                // On a tie, a count one side really observed needs no presumption.
                boolean charged = theirs.count() > mine.count() ? theirs.charged() : theirs.charged() && mine.charged();
                s = s.withWindow(new RateWindow(rule.tag, mine.index(), theirs.count(), charged));
            }
        }
        return s;
    }
}
