package io.tandem.proxy.pipeline;

import io.tandem.session.SessionCookie;
import io.tandem.session.SessionOutcome;

/**
 * The session of one request as the session stage found it.
 *
 * @param cookie  the session's cookie: the client's own when it was valid, otherwise a freshly issued one
 * @param outcome what validating the client's cookie gave ({@code Absent} when it sent none)
 * @param fresh   true when this request starts a new session (no cookie, or one that was not valid)
 */
public record SessionContext(SessionCookie cookie, SessionOutcome outcome, boolean fresh) {

    /** The session state as it appears in logs and to rules: {@code new} or the outcome's label. */
    public String state() {
        return fresh ? "new" : outcome.label();
    }
}
