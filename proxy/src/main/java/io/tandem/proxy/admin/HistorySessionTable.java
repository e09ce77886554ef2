package io.tandem.proxy.admin;

import io.tandem.proxy.metrics.TandemMetrics;
import io.tandem.session.LocalHistory;
import io.tandem.session.SessionId;
import io.tandem.session.SessionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SessionTable} over this member's {@link LocalHistory}, with the session event counts
 * of {@link TandemMetrics}.
 *
 * <p>Listing copies at most {@value #MAX_SCAN} entries of the history (its
 * {@link LocalHistory#snapshot snapshot}, which does not count as an access), most recently seen
 * first, then filters and pages that copy; a larger table is listed in part and says so in
 * {@code scanned}. Looking up one session uses {@link LocalHistory#find}, which does count as an
 * access (it keeps the session remembered a little longer and counts a cache hit).
 */
public final class HistorySessionTable implements SessionTable {

    /** Bound of the sessions one listing looks at. */
    public static final int MAX_SCAN = 100_000;

    private final LocalHistory history;
    private final TandemMetrics metrics;
    private final Instant since;

    public HistorySessionTable(LocalHistory history, TandemMetrics metrics, Instant since) {
        this.history = Objects.requireNonNull(history, "history");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.since = Objects.requireNonNull(since, "since");
    }

    @Override
    public SessionPage list(SessionQuery query) {
        boolean filtered = query.state() != null || query.backend() != null;
        long wanted = filtered ? MAX_SCAN : Math.min(MAX_SCAN, (long) query.offset() + query.limit());
        Map<SessionId, SessionRecord> snapshot = history.snapshot((int) Math.min(wanted, history.maxEntries()));
        List<SessionEntry> items = new ArrayList<>(Math.min(query.limit(), snapshot.size()));
        long matching = 0;
        for (Map.Entry<SessionId, SessionRecord> e : snapshot.entrySet()) {
            SessionRecord r = e.getValue();
            if (query.state() != null && stateOf(r) != query.state()) {
                continue;
            }
            if (query.backend() != null && !query.backend().equals(r.backend())) {
                continue;
            }
            if (matching >= query.offset() && items.size() < query.limit()) {
                items.add(entry(e.getKey(), r));
            }
            matching++;
        }
        long total = filtered ? matching : Math.max(matching, history.estimatedSize());
        return new SessionPage(query.offset(), query.limit(), total, snapshot.size(), items);
    }

    @Override
    public Optional<SessionEntry> find(SessionId id) {
        return history.find(id).map(r -> entry(id, r));
    }

    @Override
    public SessionCounts counts() {
        history.cleanUp();
        return new SessionCounts(history.estimatedSize(), metrics.sessionTally(), since);
    }

    private static State stateOf(SessionRecord r) {
        return r.adopted() ? State.ADOPTED : State.ISSUED;
    }

    private static SessionEntry entry(SessionId id, SessionRecord r) {
        return new SessionEntry(id.toString(), stateOf(r), r.backend(), Instant.ofEpochMilli(r.createdMillis()),
                Instant.ofEpochMilli(r.lastSeenMillis()), r.requestCount(), r.pageOrderStep());
    }
}
