package io.tandem.waf;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a rule does when it matches: FortiWeb's actions. Immutable; arguments are checked here,
 * when rules are built.
 *
 * @param kind        the action
 * @param status      the status for deny kinds (400..599; 403 for {@link Kind#SEND_403})
 * @param redirect    the location for {@link Kind#REDIRECT}, else {@code null}
 * @param blockPeriod the period for {@link Kind#PERIOD_BLOCK} (1..3600 s), else {@code null}
 * @param blockScope  what a period block is keyed by, for {@link Kind#PERIOD_BLOCK}
 */
public record Action(Kind kind, int status, URI redirect, Duration blockPeriod, BlockScope blockScope) {

    /** FortiWeb's action names; {@link #label()} is the configuration spelling. */
    public enum Kind {
        ALERT("alert"),
        ALERT_DENY("alert-deny"),
        DENY_NO_LOG("deny-no-log"),
        SEND_403("send-403"),
        REDIRECT("redirect"),
        PERIOD_BLOCK("period-block");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Kind parse(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(" & ", "-").replace(' ', '-');
            for (Kind k : values()) {
                if (k.label.equals(t)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("action: " + text
                    + " (expected: alert, alert-deny, deny-no-log, send-403, redirect or period-block)");
        }
    }

    /** Whom a period block shuts out. */
    public enum BlockScope {
        CLIENT_ADDRESS, SESSION
    }

    public Action {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(blockScope, "blockScope");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 400..599)");
        }
        if (kind == Kind.REDIRECT && redirect == null) {
            throw new IllegalArgumentException("redirect: null (expected: a URL for action redirect)");
        }
        if (kind == Kind.PERIOD_BLOCK) {
            if (blockPeriod == null || blockPeriod.compareTo(Duration.ofSeconds(1)) < 0
                    || blockPeriod.compareTo(Duration.ofSeconds(3600)) > 0) {
                throw new IllegalArgumentException("blockPeriod: " + blockPeriod + " (expected: 1..3600 s)");
            }
        }
    }

    public static Action alert() {
        return new Action(Kind.ALERT, 403, null, null, BlockScope.CLIENT_ADDRESS);
    }

    public static Action alertDeny() {
        return alertDeny(403);
    }

    public static Action alertDeny(int status) {
        return new Action(Kind.ALERT_DENY, status, null, null, BlockScope.CLIENT_ADDRESS);
    }

    public static Action denyNoLog() {
        return new Action(Kind.DENY_NO_LOG, 403, null, null, BlockScope.CLIENT_ADDRESS);
    }

    public static Action send403() {
        return new Action(Kind.SEND_403, 403, null, null, BlockScope.CLIENT_ADDRESS);
    }

    public static Action redirect(URI location) {
        return new Action(Kind.REDIRECT, 403, location, null, BlockScope.CLIENT_ADDRESS);
    }

    public static Action periodBlock(Duration period, BlockScope scope) {
        return new Action(Kind.PERIOD_BLOCK, 403, null, period, scope);
    }

    /** The verdict this action gives for a match. */
    public Verdict verdict(String ruleId, String reason, Match match) {
        return switch (kind) {
            case ALERT -> new Verdict.Alert(ruleId, reason, match);
            case ALERT_DENY -> new Verdict.Deny(ruleId, reason, status, true, match);
            case DENY_NO_LOG -> new Verdict.Deny(ruleId, reason, status, false, match);
            case SEND_403 -> new Verdict.Deny(ruleId, reason, 403, true, match);
            case REDIRECT -> new Verdict.Redirect(ruleId, reason, redirect, match);
            case PERIOD_BLOCK -> new Verdict.PeriodBlock(ruleId, reason, blockPeriod, match);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case REDIRECT -> "redirect(" + redirect + ")";
            case PERIOD_BLOCK -> "period-block(" + blockPeriod.toSeconds() + "s per "
                    + blockScope.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")";
            case ALERT_DENY -> status == 403 ? "alert-deny" : "alert-deny(" + status + ")";
            default -> kind.label();
        };
    }
}
