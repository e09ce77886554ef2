package io.tandem.session;

import java.util.Objects;

/**
 * What this member remembers about one session: an entry of its {@link LocalHistory}.
 *
 * <p>Immutable; the history replaces an entry atomically (inside {@code Map.compute}) on every
 * request, so readers always see a consistent record and updates are never lost. Create records
 * with {@link #first} and derive them with the {@code with...} methods, so that new rule state
 * (a per-URL request window, say) can be added as a component without touching callers.
 *
 * <h2>Size</h2>
 * With compressed references (heaps below 32 GiB): 12 bytes of header, two {@code long}s (16),
 * an {@code int} (4), a {@code boolean} (1) and two references (8) make 41, padded to 48 bytes.
 * The backend id is shared, not copied: the codec reuses the last decoded name per thread and
 * {@link #withRequest} keeps the old instance when the id is unchanged. A session that no
 * session rule has looked at shares {@link RuleState#UNTRACKED}; otherwise its {@link RuleState}
 * adds about 110 bytes for a typical rule set (see there). The history adds its key
 * ({@link SessionId}, 32 bytes) and the cache's bookkeeping (a Caffeine node with access-order
 * links, a hash-table node, a table slot and a share of the frequency sketch). Measured before
 * the rule state existed: about 214 bytes retained per session for a full history of 200,000
 * sessions (JDK 17, heap difference after GC); with rule state, well within the target of 512
 * bytes.
 *
 * @param createdMillis  when this member first saw the session, epoch millis (for an adopted
 *                       session, later than the cookie's {@code issuedAt})
 * @param lastSeenMillis the latest request, epoch millis
 * @param requestCount   requests seen by this member, saturating at {@link Integer#MAX_VALUE}
 * @param adopted        true if this member first saw the session through a cookie it had no
 *                       history for (issued by the peer, or before a failover or restart)
 * @param backend        backend id last used, empty for none
 * @param ruleState      what the history-based rules remember (start pages, page order, rate
 *                       windows); {@link RuleState#UNTRACKED} until a rule looks at the session
 */
public record SessionRecord(long createdMillis, long lastSeenMillis, int requestCount, boolean adopted,
                            String backend, RuleState ruleState) {

    public SessionRecord {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(ruleState, "ruleState");
        if (requestCount < 1) {
            throw new IllegalArgumentException("requestCount: " + requestCount + " (expected: >= 1)");
        }
    }

    /** The record of a session's first request at this member. */
    public static SessionRecord first(long nowMillis, boolean adopted, String backend) {
        return new SessionRecord(nowMillis, nowMillis, 1, adopted, backend, RuleState.UNTRACKED);
    }

    /** This record after one more request; {@code lastSeenMillis} never moves backwards. */
    public SessionRecord withRequest(long nowMillis, String newBackend) {
        String b = backend.equals(newBackend) ? backend : newBackend;
        int count = requestCount == Integer.MAX_VALUE ? requestCount : requestCount + 1;
        return new SessionRecord(createdMillis, Math.max(lastSeenMillis, nowMillis), count, adopted, b, ruleState);
    }

    /** This record with the backend that served the session's last request. */
    public SessionRecord withBackend(String newBackend) {
        return backend.equals(newBackend) ? this
                : new SessionRecord(createdMillis, lastSeenMillis, requestCount, adopted, newBackend, ruleState);
    }

    /** This record with another rule state. */
    public SessionRecord withRuleState(RuleState newState) {
        return ruleState.equals(newState) ? this
                : new SessionRecord(createdMillis, lastSeenMillis, requestCount, adopted, backend, newState);
    }

    /**
     * Progress in page order for the admin session table: the highest number of steps reached in
     * any page-order rule, 0 before the first step.
     */
    public int pageOrderStep() {
        return ruleState.highestStep();
    }
}
