package io.tandem.farm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One instance's server-side sessions, keyed by PHPSESSID; never shared with another instance,
 * which is what makes a request routed to the wrong instance lose its cart.
 *
 * <p>Bounded: beyond {@code maxSessions} the least recently used session is evicted (a visitor
 * whose session was evicted looks exactly like one sent to the wrong instance). There is no idle
 * expiry; tests that need an expired session remove it by regenerating or by using a fresh
 * instance. Thread-safe; every operation holds the store's monitor briefly.
 */
final class SessionStore {

    /** A session and the id it is stored under. */
    record Entry(String id, MagentoSession session) {
    }

    private final int maxSessions;
    private final RandomTokens tokens;
    private final LinkedHashMap<String, MagentoSession> sessions;

    SessionStore(int maxSessions, RandomTokens tokens) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions: " + maxSessions + " (expected: >= 1)");
        }
        this.maxSessions = maxSessions;
        this.tokens = tokens;
        this.sessions = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MagentoSession> eldest) {
                return size() > SessionStore.this.maxSessions;
            }
        };
    }

    synchronized Optional<MagentoSession> find(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** Starts a new session with a fresh id and form key. */
    synchronized Entry create() {
        Entry entry = new Entry(unusedId(), new MagentoSession(tokens.formKey()));
        sessions.put(entry.id(), entry.session());
        return entry;
    }

    /**
     * PHP's {@code session_regenerate_id(true)}: the same session data under a new id, the old id
     * forgotten. Empty if {@code oldId} is unknown.
     */
    synchronized Optional<Entry> regenerate(String oldId) {
        MagentoSession session = sessions.remove(oldId);
        if (session == null) {
            return Optional.empty();
        }
        Entry entry = new Entry(unusedId(), session);
        sessions.put(entry.id(), session);
        return Optional.of(entry);
    }

    synchronized int size() {
        return sessions.size();
    }

    // 36^26 ids make a collision practically impossible; the bounded retry only documents that.
    private String unusedId() {
        for (int attempt = 0; attempt < 8; attempt++) {
            String id = tokens.sessionId();
            if (!sessions.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("session id: 8 collisions in a row (expected: a working random source)");
    }
}
