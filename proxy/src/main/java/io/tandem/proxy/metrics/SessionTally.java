package io.tandem.proxy.metrics;

import java.util.Map;

/**
 * Session events counted since this member started (the values behind {@code tandem_sessions_total}).
 *
 * @param created  sessions started because the request had no cookie
 * @param adopted  valid cookies this member had no history for (issued by the peer, before a
 *                 failover or restart, or forgotten by the bounded history)
 * @param rejected cookies that were not valid, by reason ({@code expired}, {@code bad-mac},
 *                 {@code unknown-key}, {@code malformed}); each also started a new session
 */
public record SessionTally(long created, long adopted, Map<String, Long> rejected) {

    public SessionTally {
        rejected = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rejected));
    }

    /** All new sessions: {@code created} plus every rejection. */
    public long started() {
        return created + rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
