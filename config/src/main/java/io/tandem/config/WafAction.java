package io.tandem.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a WAF rule does when it matches: FortiWeb's actions, as written under {@code action},
 * {@code deny-status}, {@code redirect-url}, {@code block-period} and {@code block-by} of a rule
 * override, a blocked IP list, a URL access rule or a session rule. Immutable; the invariants
 * below hold for every instance, so a consumer needs no checks of its own.
 *
 * @param kind        the action
 * @param denyStatus  the response status of {@link Kind#ALERT_DENY} and {@link Kind#DENY_NO_LOG},
 *                    400..599; 403 for every other kind
 * @param redirectUrl where {@link Kind#REDIRECT} sends the client: an {@code http(s)://} URL or a
 *                    path starting with {@code /}; {@code null} for every other kind
 * @param blockPeriod how long {@link Kind#PERIOD_BLOCK} shuts the client or session out, 1s..1h;
 *                    {@code null} for every other kind
 * @param blockBy     what a period block is keyed by; {@link BlockBy#CLIENT} for every other kind
 */
public record WafAction(Kind kind, int denyStatus, URI redirectUrl, Duration blockPeriod, BlockBy blockBy) {

    /** The status of every deny that does not name its own. */
    public static final int DEFAULT_DENY_STATUS = 403;
    /** The block period when {@code period-block} is given without {@code block-period} (as FortiWeb). */
    public static final Duration DEFAULT_BLOCK_PERIOD = Duration.ofSeconds(60);
    public static final Duration MIN_BLOCK_PERIOD = Duration.ofSeconds(1);
    public static final Duration MAX_BLOCK_PERIOD = Duration.ofHours(1);

    private static final WafAction ALERT = new WafAction(Kind.ALERT, DEFAULT_DENY_STATUS, null, null, BlockBy.CLIENT);
    private static final WafAction ALERT_DENY = alertDeny(DEFAULT_DENY_STATUS);
    private static final WafAction SEND_403 = new WafAction(Kind.SEND_403, DEFAULT_DENY_STATUS, null, null, BlockBy.CLIENT);

    /** The configuration spellings: {@code alert}, {@code alert-deny}, ... ({@link #label()}). */
    public enum Kind {
        /** Log and let the request pass. */
        ALERT("alert"),
        /** Log and answer {@code denyStatus}. */
        ALERT_DENY("alert-deny"),
        /** Answer {@code denyStatus} without an attack log entry. */
        DENY_NO_LOG("deny-no-log"),
        /** Log and answer 403. */
        SEND_403("send-403"),
        /** Log and redirect to {@code redirectUrl}. */
        REDIRECT("redirect"),
        /** Log, answer 403, and refuse the client (or session) for {@code blockPeriod}. */
        PERIOD_BLOCK("period-block");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The spelling in {@code tandem.yaml}. */
        public String label() {
            return label;
        }
    }

    /** Whom a period block shuts out. */
    public enum BlockBy {
        /** The client address (after trusted-proxy resolution). */
        CLIENT,
        /** The session (its cookie); the client may come back with a new session. */
        SESSION
    }

    public WafAction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(blockBy, "blockBy");
        boolean ownStatus = kind == Kind.ALERT_DENY || kind == Kind.DENY_NO_LOG;
        if (ownStatus ? denyStatus < 400 || denyStatus > 599 : denyStatus != DEFAULT_DENY_STATUS) {
            throw new IllegalArgumentException("denyStatus " + denyStatus + " with " + kind.label());
        }
        if ((kind == Kind.REDIRECT) != (redirectUrl != null)) {
            throw new IllegalArgumentException("redirectUrl " + redirectUrl + " with " + kind.label());
        }
        if (kind == Kind.PERIOD_BLOCK
                ? blockPeriod == null || blockPeriod.compareTo(MIN_BLOCK_PERIOD) < 0 || blockPeriod.compareTo(MAX_BLOCK_PERIOD) > 0
                : blockPeriod != null || blockBy != BlockBy.CLIENT) {
            throw new IllegalArgumentException("blockPeriod " + blockPeriod + " by " + blockBy + " with " + kind.label());
        }
    }

    public static WafAction alert() {
        return ALERT;
    }

    /** Alert-deny with status 403, the default action of most rules. */
    public static WafAction alertDeny() {
        return ALERT_DENY;
    }

    public static WafAction alertDeny(int status) {
        return new WafAction(Kind.ALERT_DENY, status, null, null, BlockBy.CLIENT);
    }

    public static WafAction denyNoLog(int status) {
        return new WafAction(Kind.DENY_NO_LOG, status, null, null, BlockBy.CLIENT);
    }

    public static WafAction send403() {
        return SEND_403;
    }

    public static WafAction redirect(URI url) {
        return new WafAction(Kind.REDIRECT, DEFAULT_DENY_STATUS, Objects.requireNonNull(url, "url"), null, BlockBy.CLIENT);
    }

    public static WafAction periodBlock(Duration period, BlockBy by) {
        return new WafAction(Kind.PERIOD_BLOCK, DEFAULT_DENY_STATUS, null, Objects.requireNonNull(period, "period"), by);
    }
}
