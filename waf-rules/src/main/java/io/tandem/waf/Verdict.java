package io.tandem.waf;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What the rule stage decided for one request. Sealed so that the proxy's rule stage handles every
 * kind with an exhaustive switch; each kind mirrors one of FortiWeb's actions.
 */
public sealed interface Verdict {

    /** Let the request through; nothing to log. */
    record Pass() implements Verdict {
    }

    /** Let the request through but log it to the attack log (FortiWeb "alert"). */
    record Alert(String ruleId, String reason) implements Verdict {
        public Alert {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Refuse the request with {@code status} ("alert &amp; deny", "deny (no log)" when {@code log} is
     * false, "send 403 Forbidden").
     */
    record Deny(String ruleId, String reason, int status, boolean log) implements Verdict {
        public Deny {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 400..599)");
            }
        }
    }

    /** Answer with a redirect to a configured page instead of serving the request. */
    record Redirect(String ruleId, String reason, URI location) implements Verdict {
        public Redirect {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(location, "location");
        }
    }

    /** Refuse this request and every later one from the same client or session for {@code duration}. */
    record PeriodBlock(String ruleId, String reason, Duration duration) implements Verdict {
        public PeriodBlock {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
            if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofSeconds(3600)) > 0) {
                throw new IllegalArgumentException("duration: " + duration + " (expected: 1..3600 s)");
            }
        }
    }

    /** The shared instance for the common case. */
    Verdict PASS = new Pass();
}
