package io.tandem.session;

import java.time.Duration;
import java.util.Objects;

/**
 * How long sessions live and how often their cookie is re-issued.
 *
 * <p>Idle time is measured from the cookie's {@code renewedAt}, which moves only when the cookie
 * is re-issued, so a session expires between {@code idleTimeout - renewInterval} and
 * {@code idleTimeout} after its last request.
 *
 * @param idleTimeout   a session whose cookie was last renewed longer ago has expired
 *                      (FortiWeb's default: 1200 s)
 * @param maxLifetime   a session issued longer ago has expired, however active
 * @param renewInterval a cookie renewed at least this long ago is re-issued on the next response
 */
public record SessionPolicy(Duration idleTimeout, Duration maxLifetime, Duration renewInterval) {

    /**
     * Checks {@code 0 < renewInterval < idleTimeout < maxLifetime}, whole seconds (the cookie
     * stores seconds).
     *
     * @throws IllegalArgumentException naming the field, its value and what was expected
     */
    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(renewInterval, "renewInterval");
        requireWholePositiveSeconds("renewInterval", renewInterval);
        requireWholePositiveSeconds("idleTimeout", idleTimeout);
        requireWholePositiveSeconds("maxLifetime", maxLifetime);
        if (renewInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("renewInterval: " + renewInterval.toSeconds()
                    + " s (expected: < idleTimeout " + idleTimeout.toSeconds() + " s)");
        }
        if (idleTimeout.compareTo(maxLifetime) >= 0) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout.toSeconds()
                    + " s (expected: < maxLifetime " + maxLifetime.toSeconds() + " s)");
        }
    }

    /** Idle timeout 1200 s (as FortiWeb), lifetime 8 h, renewal every 60 s. */
    public static SessionPolicy defaults() {
        return new SessionPolicy(Duration.ofSeconds(1200), Duration.ofHours(8), Duration.ofSeconds(60));
    }

    private static void requireWholePositiveSeconds(String name, Duration value) {
        if (value.isNegative() || value.isZero() || value.getNano() != 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a positive number of whole seconds)");
        }
    }
}
