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
     * Checks {@code 1 s <= renewInterval < idleTimeout < maxLifetime}. The cookie stores seconds,
     * so the checks at run time use whole seconds (fractions are dropped).
     *
     * @throws IllegalArgumentException naming the field, its value and what was expected
     */
    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(renewInterval, "renewInterval");
        requireAtLeastOneSecond("renewInterval", renewInterval);
        requireAtLeastOneSecond("idleTimeout", idleTimeout);
        requireAtLeastOneSecond("maxLifetime", maxLifetime);
        if (renewInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("renewInterval: " + renewInterval
                    + " (expected: < idleTimeout " + idleTimeout + ")");
        }
        if (idleTimeout.compareTo(maxLifetime) >= 0) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout
                    + " (expected: < maxLifetime " + maxLifetime + ")");
        }
    }

    /** Idle timeout 1200 s (as FortiWeb), lifetime 8 h, renewal every 60 s. */
    public static SessionPolicy defaults() {
        return new SessionPolicy(Duration.ofSeconds(1200), Duration.ofHours(8), Duration.ofSeconds(60));
    }

    private static void requireAtLeastOneSecond(String name, Duration value) {
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1 s)");
        }
    }
}
