package io.tandem.config;

import java.time.Duration;

/**
 * Bounds of the local session history.
 *
 * @param maxEntries at most this many sessions are remembered; the least useful are evicted first
 * @param idleExpiry a session not seen for this long is forgotten (defaults to the session idle timeout)
 */
public record HistoryConfig(long maxEntries, Duration idleExpiry) {
}
