package io.tandem.proxy.admin;

import io.tandem.waf.Verdict;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the {@link AttackLog}: a request a rule acted on. Free text (path, reason) is
 * bounded when the event is made, so the log's memory stays bounded whatever clients send.
 *
 * @param time      when the request completed
 * @param requestId the request id shared with the access log and the backend
 * @param client    client address after trusted-proxy resolution
 * @param method    HTTP method
 * @param path      request path, at most {@value #MAX_PATH} characters
 * @param rule      id of the rule that acted
 * @param action    {@code alert}, {@code deny}, {@code redirect} or {@code period-block}
 * @param reason    the rule's reason, at most {@value #MAX_REASON} characters
 * @param status    the status the client got
 * @param session   session id, or {@code null}
 */
public record AttackEvent(Instant time, String requestId, String client, String method, String path, String rule,
                          String action, String reason, int status, String session) {

    public static final int MAX_PATH = 256;
    public static final int MAX_REASON = 256;

    public AttackEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
        path = Texts.bounded(path, MAX_PATH);
        reason = Texts.bounded(reason, MAX_REASON);
        method = Texts.bounded(method, 16);
    }

    /**
     * The event of a verdict, or {@code null} for {@link Verdict.Pass} (not an attack).
     */
    public static AttackEvent of(Verdict verdict, Instant time, String requestId, String client, String method,
                                 String path, int status, String session) {
        String rule;
        String reason;
        if (verdict instanceof Verdict.Alert a) {
            rule = a.ruleId();
            reason = a.reason();
        } else if (verdict instanceof Verdict.Deny d) {
            rule = d.ruleId();
            reason = d.reason();
        } else if (verdict instanceof Verdict.Redirect r) {
            rule = r.ruleId();
            reason = r.reason();
        } else if (verdict instanceof Verdict.PeriodBlock p) {
            rule = p.ruleId();
            reason = p.reason();
        } else {
            return null;
        }
        return new AttackEvent(time, requestId, client, method, path, rule, action(verdict), reason, status, session);
    }

    /** The action label of a verdict, as in metrics. */
    static String action(Verdict verdict) {
        if (verdict instanceof Verdict.PeriodBlock) {
            return "period-block";
        }
        return verdict.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
