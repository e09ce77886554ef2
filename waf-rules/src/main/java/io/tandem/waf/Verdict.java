package io.tandem.waf;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What the rule stage decided for one request. Sealed so that the proxy's rule stage handles every
 * kind with an exhaustive switch; each kind mirrors one of FortiWeb's actions. Every kind but
 * {@link Pass} carries a {@link Match} with where the rule matched and an escaped excerpt; the
 * constructors without one use {@link Match#NONE}.
 */
public sealed interface Verdict {

    /** Let the request through; nothing to log. */
    record Pass() implements Verdict {
    }

    /**
     * A verdict a rule gave, every kind but {@link Pass}: what the attack log records and the
     * rule-hit counters count.
     */
    sealed interface Hit extends Verdict permits Alert, Deny, Redirect, PeriodBlock {
        String ruleId();

        String reason();

        Match match();

        /** {@code alert}, {@code deny}, {@code redirect} or {@code period-block}, as in logs and metrics. */
        String action();
    }

    /** Let the request through but log it to the attack log (FortiWeb "alert"). */
    record Alert(String ruleId, String reason, Match match) implements Hit {
        public Alert {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(match, "match");
        }

        public Alert(String ruleId, String reason) {
            this(ruleId, reason, Match.NONE);
        }

        @Override
        public String action() {
            return "alert";
        }
    }

    /**
     * Refuse the request with {@code status} ("alert &amp; deny", "deny (no log)" when {@code log} is
     * false, "send 403 Forbidden").
     */
    record Deny(String ruleId, String reason, int status, boolean log, Match match) implements Hit {
        public Deny {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(match, "match");
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 400..599)");
            }
        }

        public Deny(String ruleId, String reason, int status, boolean log) {
            this(ruleId, reason, status, log, Match.NONE);
        }

        @Override
        public String action() {
            return "deny";
        }
    }

    /** Answer with a redirect to a configured page instead of serving the request. */
    record Redirect(String ruleId, String reason, URI location, Match match) implements Hit {
        public Redirect {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(match, "match");
        }

        public Redirect(String ruleId, String reason, URI location) {
            this(ruleId, reason, location, Match.NONE);
        }

        @Override
        public String action() {
            return "redirect";
        }
    }

    /** Refuse this request and every later one from the same client or session for {@code duration}. */
    record PeriodBlock(String ruleId, String reason, Duration duration, Match match) implements Hit {
        public PeriodBlock {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(match, "match");
            if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofSeconds(3600)) > 0) {
                throw new IllegalArgumentException("duration: " + duration + " (expected: 1..3600 s)");
            }
        }

        public PeriodBlock(String ruleId, String reason, Duration duration) {
            this(ruleId, reason, duration, Match.NONE);
        }

        @Override
        public String action() {
            return "period-block";
        }
    }

    /** The shared instance for the common case. */
    Verdict PASS = new Pass();

    /** The rule id of a non-pass verdict; empty for {@link Pass}. */
    default String ruleIdOrEmpty() {
        return this instanceof Hit hit ? hit.ruleId() : "";
    }

    /** Whether the request must not reach the backend. */
    default boolean blocks() {
        return this instanceof Deny || this instanceof Redirect || this instanceof PeriodBlock;
    }
}
