package io.tandem.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session facade of the proxy: resolves a request's cookie to a {@link SessionOutcome},
 * issues and renews cookies, and records requests in the {@link LocalHistory}.
 *
 * <p>Validation is stateless: any member holding the pair's key ring accepts a cookie that any
 * member issued, which is what lets sessions survive a failover. The local history only decides
 * between {@link SessionOutcome.Known} and {@link SessionOutcome.Adopted}; it never makes a cookie
 * valid or invalid.
 *
 * <p>Thread-safe. The key ring can be replaced at runtime ({@link #replaceKeyRing}); each call
 * uses one ring throughout. {@link #resolve} does not change the history; {@link #touch} does.
 * Logs only outcome labels and session ids, never cookie values or keys.
 */
public final class SessionManager {

    /** Cookies dated later than now plus this (clock skew between members) are malformed. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    private static final SessionOutcome ISSUED_IN_FUTURE = new SessionOutcome.Malformed("issued in the future");
    private static final SessionOutcome RENEWED_IN_FUTURE = new SessionOutcome.Malformed("renewed in the future");

    private final SessionPolicy policy;
    private final String nodeId;
    private final LocalHistory history;
    private final Clock clock;
    private final long idleSeconds;
    private final long lifetimeSeconds;
    private final long renewSeconds;
    private final long skewSeconds;
    private volatile HmacCookieCodec codec;

    /**
     * @param nodeId this member's id, written into the cookies it issues; {@code [A-Za-z0-9_.-]{1,32}}
     * @throws IllegalArgumentException if {@code nodeId} is not a valid name
     */
    public SessionManager(KeyRing ring, SessionPolicy policy, String nodeId, LocalHistory history, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!SessionCookie.isValidName(nodeId)) {
            throw new IllegalArgumentException("nodeId: " + Bytes.quoteShort(nodeId)
                    + " (expected: 1-32 characters of [A-Za-z0-9_.-])");
        }
        this.nodeId = nodeId;
        this.codec = new HmacCookieCodec(Objects.requireNonNull(ring, "ring"));
        this.idleSeconds = policy.idleTimeout().toSeconds();
        this.lifetimeSeconds = policy.maxLifetime().toSeconds();
        this.renewSeconds = policy.renewInterval().toSeconds();
        this.skewSeconds = MAX_CLOCK_SKEW.toSeconds();
        LOG.info("Sessions of node {}: key ring {} (signing key {}, fingerprint {}), idle timeout {} s, "
                        + "lifetime {} s, renewal after {} s", nodeId, ring.keyIds(), ring.signingKey().id(),
                ring.fingerprint(), idleSeconds, lifetimeSeconds, renewSeconds);
    }

    /**
     * Validates a request's cookie value. Never throws.
     *
     * <ul>
     * <li>{@code null} or empty: {@link SessionOutcome.Absent}</li>
     * <li>not decodable, or issued/renewed more than {@link #MAX_CLOCK_SKEW} in the future:
     *     {@link SessionOutcome.Malformed}; wrong MAC: {@link SessionOutcome.BadMac}; key not in
     *     the ring: {@link SessionOutcome.UnknownKey}</li>
     * <li>issued longer than the lifetime ago, or renewed longer than the idle timeout ago:
     *     {@link SessionOutcome.Expired} ({@code lifetime} is checked first)</li>
     * <li>otherwise {@link SessionOutcome.Known} if the local history remembers the session
     *     (counting as an access), else {@link SessionOutcome.Adopted}</li>
     * </ul>
     */
    public SessionOutcome resolve(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return SessionOutcome.Absent.INSTANCE;
        }
        CookieDecoding decoding = codec.decode(cookieValue);
        SessionOutcome outcome;
        if (decoding instanceof CookieDecoding.Decoded decoded) {
            outcome = check(decoded.cookie());
        } else if (decoding instanceof CookieDecoding.BadMac badMac) {
            outcome = new SessionOutcome.BadMac(badMac.keyId());
        } else if (decoding instanceof CookieDecoding.UnknownKey unknown) {
            outcome = new SessionOutcome.UnknownKey(unknown.keyId());
        } else {
            outcome = new SessionOutcome.Malformed(((CookieDecoding.Malformed) decoding).reason());
        }
        if (!outcome.isValid() && LOG.isDebugEnabled()) {
            LOG.debug("Session cookie not accepted: {}", outcome);
        }
        return outcome;
    }

    private SessionOutcome check(SessionCookie cookie) {
        long now = nowSeconds();
        if (cookie.issuedAt() > now + skewSeconds) {
            return ISSUED_IN_FUTURE;
        }
        if (cookie.renewedAt() > now + skewSeconds) {
            return RENEWED_IN_FUTURE;
        }
        if (now - cookie.issuedAt() > lifetimeSeconds) {
            return new SessionOutcome.Expired(cookie, SessionOutcome.Expired.LIFETIME);
        }
        if (now - cookie.renewedAt() > idleSeconds) {
            return new SessionOutcome.Expired(cookie, SessionOutcome.Expired.IDLE);
        }
        Optional<SessionRecord> known = history.find(cookie.id());
        return known.isPresent()
                ? new SessionOutcome.Known(cookie, known.get())
                : new SessionOutcome.Adopted(cookie);
    }

    /**
     * A new session's cookie: a fresh random id, issued and renewed now, signed by the current
     * signing key, issued by this member.
     *
     * @param backend the backend to stick to, or {@code ""} for none
     */
    public SessionCookie issue(String backend) {
        long now = nowSeconds();
        return new SessionCookie(SessionId.random(), now, now, codec.keyRing().signingKey().id(), nodeId, backend);
    }

    /**
     * The re-issued cookie to send with this response, if any: when the renewal interval has
     * passed since {@code current.renewedAt()}, when the backend changed, or when the cookie was
     * signed by a key other than the current signing key (so key rotation never logs anybody out).
     * The new cookie keeps id, issue time and checkpoint; it is renewed now, by this member, with
     * the current signing key and the given backend.
     *
     * @param current a valid cookie of this request
     * @param backend the backend that served (or will serve) the request, {@code ""} for none
     */
    public Optional<SessionCookie> renewal(SessionCookie current, String backend) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(backend, "backend");
        long now = nowSeconds();
        String signingKeyId = codec.keyRing().signingKey().id();
        boolean due = now - current.renewedAt() >= renewSeconds;
        if (!due && backend.equals(current.backend()) && signingKeyId.equals(current.keyId())) {
            return Optional.empty();
        }
        // A peer's clock may run a little ahead: never move renewedAt backwards.
        long renewedAt = Math.max(now, current.renewedAt());
        return Optional.of(new SessionCookie(current.id(), current.issuedAt(), renewedAt, signingKeyId, nodeId,
                backend, current.checkpointBytes()));
    }

    /** Signs a cookie with the current signing key; see {@link HmacCookieCodec#encode}. */
    public String encode(SessionCookie cookie) {
        return codec.encode(cookie);
    }

    /**
     * Records this request of the cookie's session in the local history.
     *
     * @param adopted true if the outcome was {@link SessionOutcome.Adopted} (kept only when the
     *                record is created)
     */
    public SessionRecord touch(SessionCookie cookie, boolean adopted) {
        return history.recordRequest(cookie, adopted, clock.millis());
    }

    /**
     * Replaces the key ring, e.g. after a rotation through the admin API. Requests already running
     * finish with the ring they started with. The ring's fingerprint changes, so the caller must
     * publish the new one to the peer.
     */
    public void replaceKeyRing(KeyRing ring) {
        HmacCookieCodec next = new HmacCookieCodec(Objects.requireNonNull(ring, "ring"));
        KeyRing previous = codec.keyRing();
        codec = next;
        LOG.info("Session key ring replaced: keys {} (signing key {}, fingerprint {}), was {} (fingerprint {})",
                ring.keyIds(), ring.signingKey().id(), ring.fingerprint(), previous.keyIds(), previous.fingerprint());
    }

    public KeyRing keyRing() {
        return codec.keyRing();
    }

    public LocalHistory history() {
        return history;
    }

    public SessionPolicy policy() {
        return policy;
    }

    /** This member's id, written into the cookies it issues. */
    public String nodeId() {
        return nodeId;
    }

    private long nowSeconds() {
        return Math.floorDiv(clock.millis(), 1000L);
    }

    @Override
    public String toString() {
        return "SessionManager[node=" + nodeId + ", " + codec + ", " + policy + ", " + history + "]";
    }
}
