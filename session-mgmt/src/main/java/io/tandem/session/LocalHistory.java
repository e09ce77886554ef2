package io.tandem.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * This member's memory of the sessions it has served: {@link SessionId} to {@link SessionRecord}.
 *
 * <p><b>Never replicated.</b> Each member of a pair keeps its own history; after a failover the
 * new active member knows nothing of the old member's sessions and {@linkplain
 * SessionOutcome.Adopted adopts} them from their cookies. That is the design, not a gap: the
 * cookie alone keeps a session alive.
 *
 * <p><b>Bounded.</b> At most {@code maxEntries} sessions (Caffeine's size-based eviction, which
 * prefers to keep frequently used entries) and each forgotten {@code idleExpiry} after its last
 * access, so a flood of new sessions evicts entries rather than exhausting memory. An evicted
 * session is not logged out; it is adopted again on its next request.
 *
 * <p><b>Time</b> comes from the injected {@link Clock} (also as Caffeine's {@link Ticker}), so
 * tests advance time without sleeping. A wall-clock ticker is not monotonic: if the clock steps
 * back, entries live longer by that step (still bounded by size); if it steps forward, they expire
 * early and are adopted again.
 *
 * <p><b>Maintenance</b> (eviction, expiry) runs on the calling thread ({@code Runnable::run})
 * rather than on the common pool: behaviour is deterministic in tests, no background thread is
 * needed, and Caffeine amortizes the work into small batches on request threads.
 *
 * <p><b>Completeness.</b> {@link #completeSinceMillis()} says since when this history has
 * forgotten no session except by idle expiry, so that rules can tell "this member saw no request
 * of that session recently" from "this member forgot what it saw".
 *
 * <p>Thread-safe; all updates are atomic per session.
 */
public final class LocalHistory {

    private final Cache<SessionId, SessionRecord> cache;
    private final long maxEntries;
    private final Duration idleExpiry;
    private final Clock clock;
    private final AtomicLong completeSince;

    /**
     * @param maxEntries at most this many sessions, {@code >= 1}
     * @param idleExpiry a session not accessed for this long is forgotten, positive; usually the
     *                   session idle timeout
     * @param clock      time source for expiry
     */
    public LocalHistory(long maxEntries, Duration idleExpiry, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        Objects.requireNonNull(idleExpiry, "idleExpiry");
        if (idleExpiry.isNegative() || idleExpiry.isZero()) {
            throw new IllegalArgumentException("idleExpiry: " + idleExpiry + " (expected: > 0)");
        }
        Objects.requireNonNull(clock, "clock");
        this.maxEntries = maxEntries;
        this.idleExpiry = idleExpiry;
        this.clock = clock;
        // A new history knows nothing of what happened before (a restart forgets everything).
        this.completeSince = new AtomicLong(clock.millis());
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterAccess(idleExpiry)
                .ticker(ticker)
                .executor(Runnable::run)
                // Called synchronously, as part of the atomic removal of the entry.
                .evictionListener((SessionId id, SessionRecord record, RemovalCause cause) -> {
                    if (cause != RemovalCause.EXPIRED) {
                        noteLoss();
                    }
                })
                .recordStats()
                .build();
    }

    /** The record of this session, if remembered; counts as an access. */
    public Optional<SessionRecord> find(SessionId id) {
        return Optional.ofNullable(cache.getIfPresent(id));
    }

    /**
     * Records a request of the cookie's session: creates its record (with {@code adopted}) or
     * updates it, atomically.
     *
     * @return the record after this request
     */
    public SessionRecord recordRequest(SessionCookie cookie, boolean adopted, long nowMillis) {
        return cache.asMap().compute(cookie.id(), (id, old) -> old == null
                ? SessionRecord.first(nowMillis, adopted, cookie.backend())
                : old.withRequest(nowMillis, cookie.backend()));
    }

    /**
     * Replaces the record of a remembered session with {@code change} applied to it, atomically
     * (for rule state such as the page-order step). {@code change} must be quick and must not use
     * this history.
     *
     * @return the new record, or empty if the session is not remembered
     */
    public Optional<SessionRecord> update(SessionId id, UnaryOperator<SessionRecord> change) {
        Objects.requireNonNull(change, "change");
        return Optional.ofNullable(cache.asMap().computeIfPresent(id, (k, old) -> Objects.requireNonNull(
                change.apply(old), "change returned null")));
    }

    /**
     * Applies {@code change} atomically to the session's record, first creating the record (as
     * {@link #recordRequest} would, without a backend) if this member does not remember the
     * session: for rules that must keep state even when the record was evicted between the
     * session stage and the rule stage. {@code change} must be quick and must not use this
     * history.
     *
     * @param adopted for a record created here: whether the session was adopted
     * @return the new record
     */
    public SessionRecord updateOrStart(SessionId id, boolean adopted, long nowMillis,
                                       UnaryOperator<SessionRecord> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        return cache.asMap().compute(id, (k, old) -> Objects.requireNonNull(
                change.apply(old != null ? old : SessionRecord.first(nowMillis, adopted, "")),
                "change returned null"));
    }

    /** Forgets a session; this counts as a loss for {@link #completeSinceMillis()}. */
    public void invalidate(SessionId id) {
        noteLoss(); // first: whoever sees the session gone must also see the new time
        cache.invalidate(id);
    }

    /**
     * Since when this history is complete, epoch millis: the later of its creation and the last
     * time it dropped a session for any reason but idle expiry (size eviction, {@link #invalidate},
     * garbage collection).
     *
     * <p>Contract: if this history does not remember a session, then this member saw no request
     * of it after {@code completeSinceMillis()}, or its last request here is at least
     * {@link #idleExpiry()} old. Never decreases (unless the clock steps back).
     */
    public long completeSinceMillis() {
        return completeSince.get();
    }

    private void noteLoss() {
        completeSince.accumulateAndGet(clock.millis(), Math::max);
    }

    /** The approximate number of remembered sessions; may briefly exceed the bound until {@link #cleanUp()}. */
    public long estimatedSize() {
        return cache.estimatedSize();
    }

    /** Runs pending eviction and expiry now. */
    public void cleanUp() {
        cache.cleanUp();
    }

    /**
     * Up to {@code limit} sessions, most recently accessed first, as an unmodifiable copy; for the
     * admin API. Does not count as an access.
     */
    public Map<SessionId, SessionRecord> snapshot(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
        }
        Policy.FixedExpiration<SessionId, SessionRecord> byAccess = cache.policy().expireAfterAccess()
                .orElseThrow(() -> new IllegalStateException("expireAfterAccess is configured"));
        return byAccess.youngest(limit);
    }

    /** Hit (known) and miss (not remembered) counts of {@link #find}, evictions and more. */
    public CacheStats stats() {
        return cache.stats();
    }

    public long maxEntries() {
        return maxEntries;
    }

    public Duration idleExpiry() {
        return idleExpiry;
    }

    @Override
    public String toString() {
        return "LocalHistory[maxEntries=" + maxEntries + ", idleExpiry=" + idleExpiry.toSeconds() + "s, size="
                + cache.estimatedSize() + "]";
    }
}
