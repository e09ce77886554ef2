package io.tandem.proxy.admin;

import io.tandem.proxy.metrics.SessionTally;
import io.tandem.session.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This member's local session table (never replicated) as the admin API shows it. See
 * {@link HistorySessionTable} for the implementation over the local history. Thread-safe; the
 * answers are snapshots.
 */
public interface SessionTable {

    /** A page of sessions, most recently seen first, after filtering. */
    SessionPage list(SessionQuery query);

    /** One session, if this member remembers it. */
    Optional<SessionEntry> find(SessionId id);

    /** How many sessions this member knows now and the session events since it started. */
    SessionCounts counts();

    /** How a session came into this member's table. */
    enum State {
        /** This member issued its cookie. */
        ISSUED,
        /** First seen through a valid cookie this member had no history for (peer, failover, restart). */
        ADOPTED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code null} for an unknown label. */
        static State parse(String label) {
            for (State s : values()) {
                if (s.label().equals(label)) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * @param offset  sessions to skip, after filtering
     * @param limit   at most this many sessions
     * @param state   only sessions in this state, or {@code null} for all
     * @param backend only sessions that last went to this backend, or {@code null} for all
     */
    record SessionQuery(int offset, int limit, State state, String backend) {
    }

    /**
     * @param total   sessions matching the filter among those scanned
     * @param scanned sessions looked at (the whole table unless it is larger than the scan bound)
     */
    record SessionPage(int offset, int limit, long total, long scanned, List<SessionEntry> items) {
        public SessionPage {
            items = List.copyOf(items);
        }
    }

    /**
     * One session as this member remembers it.
     *
     * @param backend       the backend it last went to, empty for none
     * @param pageOrderStep progress of the page-order rule
     */
    record SessionEntry(String id, State state, String backend, Instant created, Instant lastSeen, int requests,
                        int pageOrderStep) {
    }

    /**
     * @param known   sessions in the local table now (approximate)
     * @param events  session events counted since start
     * @param since   when counting started
     */
    record SessionCounts(long known, SessionTally events, Instant since) {
    }
}
