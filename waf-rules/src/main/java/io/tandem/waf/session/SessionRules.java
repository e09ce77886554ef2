package io.tandem.waf.session;

import io.tandem.session.LocalHistory;
import io.tandem.session.RuleState;
import io.tandem.session.RuleState.RateWindow;
import io.tandem.waf.Action;
import io.tandem.waf.Verdict;
import io.tandem.waf.rules.PeriodBlockRule;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.Per;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The history-based session rules of one member: start pages, page order and rate limits, judged
 * from this member's local (never replicated) history, and continued across a failover as
 * {@code after-failover} says. See docs/rules.md, "Session rules and failover", for the exact
 * semantics and worst cases of each mode.
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li><b>Atomic per session.</b> A request's whole effect on its session (establishing the state,
 *     counting, advancing) is one atomic update of the session's history record, so concurrent
 *     requests of one session never lose a count. Per-client windows are counted atomically in
 *     the {@link SessionRuleStore}.</li>
 * <li><b>Bounded.</b> Per-session state lives in the bounded {@link LocalHistory}; per-client
 *     windows in a bounded cache; the checkpoint in at most 64 bytes.</li>
 * <li><b>Monotone.</b> In checkpoint mode a cookie's checkpoint is joined into what this member
 *     knows, never substituted for it: replaying an older cookie can lower no count and undo no
 *     step, here or on the peer after a failover.</li>
 * <li><b>Never throws</b> on any request (any checkpoint bytes included).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; rebuild on reload with the same store and {@link PeriodBlocks}.
 */
public final class SessionRules {

    private final AfterFailover mode;
    private final List<StartPageRule> starts;
    private final List<PageOrderRule> orders;
    private final List<RateLimitRule> rates;
    private final List<RateLimitRule> sessionRates;
    private final int[] knownTags;
    private final boolean sessionScoped;
    private final PeriodBlocks blocks;
    private final SessionRuleStore store;

    private SessionRules(AfterFailover mode, SessionRulesBuilder b, PeriodBlocks blocks, SessionRuleStore store) {
        this.mode = mode;
        this.starts = List.copyOf(b.starts);
        this.orders = List.copyOf(b.orders);
        this.rates = List.copyOf(b.rates);
        this.sessionRates = rates.stream().filter(r -> r.per == Per.SESSION).toList();
        this.knownTags = Stream.of(starts, orders, sessionRates).flatMap(List::stream).mapToInt(r -> r.tag)
                .sorted().distinct().toArray();
        this.sessionScoped = !starts.isEmpty() || !orders.isEmpty() || !sessionRates.isEmpty();
        this.blocks = blocks;
        this.store = store;
    }

    /**
     * Checks the settings and builds the rules.
     *
     * @param blocks the period-block table shared with the rule engine (its {@code period-block}
     *               rule refuses later requests of whom these rules block)
     * @param store  this member's session-rule state; the same across reloads
     * @throws IllegalArgumentException listing every problem in the settings at once
     */
    public static SessionRules build(SessionRuleSettings settings, PeriodBlocks blocks, SessionRuleStore store) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(blocks, "blocks");
        Objects.requireNonNull(store, "store");
        SessionRulesBuilder b = new SessionRulesBuilder(settings).build();
        if (!b.problems().isEmpty()) {
            throw new IllegalArgumentException("invalid session rules: " + String.join("; ", b.problems()));
        }
        return new SessionRules(settings.afterFailover(), b, blocks, store);
    }

    /** One rule that fired, with its position in rule order. */
    private record Fired(int order, SessionRule rule, Verdict verdict, boolean presumed) {
    }

    /** The state after a request and what fired. */
    private record Outcome(RuleState state, List<Fired> fired) {
    }

    /**
     * Judges one request and records its effect. Run it for requests that the other rules let
     * through (a refused request must not count as reaching a page); see docs/rules.md.
     */
    public SessionDecision evaluate(SessionRequest request) {
        Objects.requireNonNull(request, "request");
        if (starts.isEmpty() && orders.isEmpty() && rates.isEmpty()) {
            return SessionDecision.pass();
        }
        String path = request.path();
        long nowSecond = request.now().getEpochSecond();
        int nS = starts.size();
        int nO = orders.size();
        // What the path means for each rule: pure matching, outside the atomic update.
        boolean touches = request.state() == SessionRequest.State.NEW && sessionScoped;
        boolean[] guarded = new boolean[nS];
        boolean[] startHit = new boolean[nS];
        for (int i = 0; i < nS; i++) {
            guarded[i] = starts.get(i).guards(path);
            startHit[i] = starts.get(i).isStartPage(path);
            touches |= guarded[i] || startHit[i];
        }
        int[] stepHit = new int[nO];
        for (int j = 0; j < nO; j++) {
            stepHit[j] = orders.get(j).stepOf(path);
            touches |= stepHit[j] >= 0;
        }
        boolean[] rateHit = new boolean[rates.size()];
        List<Fired> clientFired = new ArrayList<>(0);
        for (int m = 0; m < rates.size(); m++) {
            RateLimitRule rule = rates.get(m);
            rateHit[m] = rule.applies(request.method(), path);
            if (rateHit[m] && rule.per == Per.CLIENT) {
                int count = store.countClient(rule.tag, request.clientAddress(), rule.windowIndex(nowSecond));
                if (count > rule.max) {
                    clientFired.add(new Fired(nS + nO + m, rule,
                            rule.verdict(rule.reason(count, request.clientAddress()), path), false));
                }
            } else {
                touches |= rateHit[m];
            }
        }
        if (!touches) {
            return finish(request, new Outcome(null, clientFired));
        }

        RuleState cookie = mode == AfterFailover.CHECKPOINT
                ? Checkpoint.decode(request.checkpointBytes()).orElse(RuleState.tracked(0))
                : RuleState.tracked(0);
        LocalHistory history = store.history();
        Outcome[] result = new Outcome[1];
        history.updateOrStart(request.sessionId(), request.state() != SessionRequest.State.NEW,
                request.now().toEpochMilli(), record -> {
                    // Read inside the update: a loss of this very record is then visible here.
                    SessionRuleStore.Activation a = store.activation();
                    Continuity.Context c = new Continuity.Context(mode, a.generation(), a.sinceMillis(),
                            history.completeSinceMillis(), history.idleExpiry().toMillis(), starts, orders,
                            sessionRates, nowSecond);
                    RuleState s = Continuity.establish(c, record, request.state(), cookie);
                    Outcome o = s.status() == RuleState.Status.EXEMPT
                            ? new Outcome(s, clientFired)
                            : judge(s, guarded, startHit, stepHit, rateHit, clientFired, request, nowSecond);
                    // Entries of rules that no longer exist (a reload) are dropped here.
                    o = new Outcome(o.state().retainTags(t -> Arrays.binarySearch(knownTags, t) >= 0), o.fired());
                    result[0] = o;
                    return record.withRuleState(o.state());
                });
        return finish(request, result[0]);
    }

    /** The rules against an established, tracked state: pure. */
    private Outcome judge(RuleState state, boolean[] guarded, boolean[] startHit, int[] stepHit, boolean[] rateHit,
            List<Fired> clientFired, SessionRequest request, long nowSecond) {
        String path = request.path();
        int nS = starts.size();
        int nO = orders.size();
        List<Fired> fired = new ArrayList<>(clientFired);
        RuleState s = state;
        for (int i = 0; i < nS; i++) {
            StartPageRule rule = starts.get(i);
            if (guarded[i] && !startHit[i] && !s.started(rule.tag)) {
                fired.add(new Fired(i, rule, rule.verdict(rule.reason(path), path), false));
            }
        }
        for (int j = 0; j < nO; j++) {
            PageOrderRule rule = orders.get(j);
            if (stepHit[j] > 0 && !PageOrderRule.allows(s.step(rule.tag), stepHit[j])) {
                fired.add(new Fired(nS + j, rule, rule.verdict(rule.reason(stepHit[j]), path), false));
            }
        }
        for (int m = 0; m < rates.size(); m++) {
            RateLimitRule rule = rates.get(m);
            if (!rateHit[m] || rule.per != Per.SESSION) {
                continue;
            }
            long index = rule.windowIndex(nowSecond);
            RateWindow w = s.window(rule.tag).filter(x -> x.index() >= index) // a later window: peer's clock ahead
                    .orElse(new RateWindow(rule.tag, index, 0, false));
            int count = Math.min(RuleState.MAX_COUNT, w.count() + 1);
            s = s.withWindow(new RateWindow(rule.tag, w.index(), count, w.charged()));
            if (count > rule.max) {
                Verdict v = w.charged() ? rule.presumedVerdict(path) : rule.verdict(rule.reason(count, null), path);
                fired.add(new Fired(nS + nO + m, rule, v, w.charged()));
            }
        }
        boolean refused = fired.stream().anyMatch(f -> f.verdict().blocks());
        if (!refused) {
            for (int i = 0; i < nS; i++) {
                if (startHit[i]) {
                    s = s.withStarted(starts.get(i).tag);
                }
            }
            for (int j = 0; j < nO; j++) {
                int tag = orders.get(j).tag;
                if (stepHit[j] >= 0 && stepHit[j] + 1 > s.step(tag)) {
                    s = s.withStep(tag, stepHit[j] + 1);
                }
            }
        }
        fired.sort(Comparator.comparingInt(Fired::order));
        return new Outcome(s, fired);
    }

    private SessionDecision finish(SessionRequest request, Outcome o) {
        List<Verdict> verdicts = new ArrayList<>(o.fired().size());
        for (Fired f : o.fired()) {
            verdicts.add(f.verdict());
            if (f.rule().recordsBlock() && !f.presumed()) {
                Action a = f.rule().action;
                String key = a.blockScope() == Action.BlockScope.SESSION
                        ? PeriodBlockRule.sessionKey(request.sessionId().toString())
                        : PeriodBlockRule.clientKey(request.clientAddress());
                // recordsBlock(): period-block action, not monitor; not presumed: so a PeriodBlock verdict.
                blocks.block(key, a.blockPeriod(), f.rule().id, ((Verdict.PeriodBlock) f.verdict()).reason());
            }
        }
        byte[] checkpoint = null;
        if (mode == AfterFailover.CHECKPOINT && o.state() != null && o.state().status() == RuleState.Status.TRACKED) {
            byte[] next = Checkpoint.encode(o.state());
            if (!Arrays.equals(next, request.checkpointBytes())) {
                checkpoint = next;
            }
        }
        return SessionDecision.of(verdicts, checkpoint);
    }

    /** What this member does with adopted sessions. */
    public AfterFailover afterFailover() {
        return mode;
    }

    /** The rule ids in evaluation order. */
    public List<String> ruleIds() {
        return Stream.of(starts, orders, rates).flatMap(List::stream).map(r -> r.id).toList();
    }

    /** True if there are no session rules (evaluate always passes). */
    public boolean isEmpty() {
        return starts.isEmpty() && orders.isEmpty() && rates.isEmpty();
    }

    @Override
    public String toString() {
        return "session-rules(after-failover: " + mode.label() + "; " + Stream.of(starts, orders, rates)
                .flatMap(List::stream).map(Object::toString).reduce((a, b) -> a + "; " + b).orElse("none") + ")";
    }
}
