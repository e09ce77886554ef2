package io.tandem.waf.session;

import io.tandem.session.SessionId;
import io.tandem.session.SessionOutcome;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What the session rules need to know about one request. Immutable: the checkpoint is copied in
 * and out.
 *
 * @param sessionId     the request's session (after the session stage: a new one if the cookie
 *                      was missing or not valid)
 * @param state         whether this member just issued the session, remembers it, or adopts it
 * @param checkpoint    the checkpoint of the request's valid cookie ({@code SessionCookie.checkpoint()});
 *                      empty for a new session. Any bytes are accepted: garbage counts as none.
 * @param clientAddress the client (after trusted {@code X-Forwarded-For})
 * @param method        the request method, any case
 * @param path          the normalized path ({@code RequestView.normalizedPath()})
 * @param now           the time of the request
 */
public record SessionRequest(SessionId sessionId, State state, byte[] checkpoint, InetAddress clientAddress,
        String method, String path, Instant now) {

    /** The session stage's outcome, as the session rules see it. */
    public enum State {
        /** This member issued the session for this request (no valid cookie came with it). */
        NEW,
        /** A valid cookie this member's local history remembers. */
        KNOWN,
        /** A valid cookie this member has no history for: issued by the peer (a failover), before a restart, or forgotten. */
        ADOPTED;

        /** {@code Known} is KNOWN, {@code Adopted} is ADOPTED, anything else (a new session was issued) is NEW. */
        public static State of(SessionOutcome outcome) {
            if (outcome instanceof SessionOutcome.Known) {
                return KNOWN;
            }
            return outcome instanceof SessionOutcome.Adopted ? ADOPTED : NEW;
        }
    }

    public SessionRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(state, "state");
        checkpoint = Objects.requireNonNull(checkpoint, "checkpoint").clone();
        Objects.requireNonNull(clientAddress, "clientAddress");
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(now, "now");
    }

    /** A copy of the checkpoint. */
    @Override
    public byte[] checkpoint() {
        return checkpoint.clone();
    }

    /** The checkpoint without a copy; callers must not modify it. */
    byte[] checkpointBytes() {
        return checkpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionRequest r && sessionId.equals(r.sessionId) && state == r.state
                && Arrays.equals(checkpoint, r.checkpoint) && clientAddress.equals(r.clientAddress)
                && method.equals(r.method) && path.equals(r.path) && now.equals(r.now);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionId, state, clientAddress, method, path, now) * 31 + Arrays.hashCode(checkpoint);
    }

    @Override
    public String toString() {
        return "SessionRequest[" + sessionId + " " + state + ", checkpoint=" + checkpoint.length + " bytes, "
                + clientAddress.getHostAddress() + " " + method + " " + path + " at " + now + "]";
    }
}
