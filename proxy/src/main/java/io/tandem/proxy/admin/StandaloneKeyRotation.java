package io.tandem.proxy.admin;

import io.tandem.session.KeyRing;
import io.tandem.session.SessionKey;
import io.tandem.session.SessionManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyRotation} and {@link KeyControl} of a member without a peer: the two phases of the
 * rotation happen on this member only, and this member is the only one that must accept the new
 * key. Each step saves the ring to the {@link KeyRingStore} first, then gives it to the
 * {@link SessionManager}, then tells {@code published} (which publishes the new fingerprint to the
 * pair once HA is wired).
 *
 * <p><b>Grace period</b> of an old key: the session idle timeout plus
 * {@link SessionManager#MAX_CLOCK_SKEW}. A cookie signed with the old key before the commit is
 * re-signed on its next response; one that does not come back within the idle timeout has
 * expired anyway. Retire times are kept in memory: after a restart every older key gets the grace
 * period again from the start, which is late but never early.
 *
 * <p>Thread-safe: the steps are serialized.
 */
public final class StandaloneKeyRotation implements KeyRotation, KeyControl {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.admin");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final SessionManager sessions;
    private final KeyRingStore store;
    private final Clock clock;
    private final Duration grace;
    private final Consumer<KeyRing> published;
    private final Map<String, Instant> retireAfter = new HashMap<>();
    private String staged;
    private RotationStatus status = RotationStatus.idle();

    /**
     * @param published told about every new ring after it is in use (e.g. to publish its
     *                  fingerprint to the peer); must not throw
     */
    public StandaloneKeyRotation(SessionManager sessions, KeyRingStore store, Clock clock, Consumer<KeyRing> published) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.published = Objects.requireNonNull(published, "published");
        this.grace = sessions.policy().idleTimeout().plus(SessionManager.MAX_CLOCK_SKEW);
        Instant notBefore = clock.instant().plus(grace);
        for (String id : sessions.keyRing().keyIds().subList(1, sessions.keyRing().keyIds().size())) {
            retireAfter.put(id, notBefore);
        }
    }

    /** How long an old key stays accepted after a commit. */
    public Duration grace() {
        return grace;
    }

    @Override
    public synchronized KeyRingInfo keys() {
        KeyRing ring = sessions.keyRing();
        List<KeyInfo> keys = new ArrayList<>();
        for (SessionKey key : ring.keys()) {
            String state = key.equals(ring.signingKey()) ? "signing" : key.id().equals(staged) ? "staged" : "accepted";
            keys.add(new KeyInfo(key.id(), key.fingerprint(), state,
                    state.equals("accepted") ? retireAfter.get(key.id()) : null));
        }
        return new KeyRingInfo(ring.signingKey().id(), ring.fingerprint(), keys, status, store.description());
    }

    @Override
    public synchronized RotationStatus status() {
        return status;
    }

    /** Stages and accepts at once: this member is the only one. */
    @Override
    public synchronized RotationStatus begin(Duration acceptTimeout) {
        if (staged != null) {
            throw new RotationRefused("a rotation is in progress: key " + staged
                    + " is staged; commit it (POST /keys/rotate/commit) or abort it (POST /keys/rotate/abort)");
        }
        KeyRing ring = sessions.keyRing();
        SessionKey fresh = newKey(ring);
        List<SessionKey> keys = new ArrayList<>(ring.keys());
        keys.add(1, fresh); // accepted, not signing: the signing key stays first
        use(KeyRing.of(keys));
        staged = fresh.id();
        status = new RotationStatus("staged", null, sessions.nodeId(), fresh.id(), ring.signingKey().id(),
                List.of(sessions.nodeId()), List.of(), clock.instant(), null, null);
        LOG.info("key rotation staged: new key {} accepted on {}; signing key still {}", fresh.id(), sessions.nodeId(),
                ring.signingKey().id());
        return status;
    }

    @Override
    public synchronized RotationStatus commit() {
        if (staged == null) {
            throw new RotationRefused("no rotation is staged (expected: POST /keys/rotate first)");
        }
        if (!status.waitingFor().isEmpty()) {
            throw new RotationRefused("key " + staged + " is not accepted yet by " + status.waitingFor());
        }
        KeyRing ring = sessions.keyRing();
        SessionKey next = ring.find(staged).orElseThrow(() -> new IllegalStateException("staged key not in ring"));
        String previous = ring.signingKey().id();
        List<SessionKey> keys = new ArrayList<>();
        keys.add(next);
        ring.keys().stream().filter(k -> !k.id().equals(next.id())).forEach(keys::add);
        use(KeyRing.of(keys));
        Instant now = clock.instant();
        retireAfter.put(previous, now.plus(grace));
        staged = null;
        status = new RotationStatus("committed", null, sessions.nodeId(), next.id(), previous, status.acceptedBy(),
                List.of(), now, null, null);
        LOG.info("key rotation committed: signing with {}; {} stays accepted until at least {}", next.id(), previous,
                now.plus(grace));
        return status;
    }

    @Override
    public synchronized RotationStatus abort() {
        if (staged == null) {
            throw new RotationRefused("no rotation is staged (nothing to abort)");
        }
        use(sessions.keyRing().without(staged));
        LOG.info("key rotation aborted: key {} removed before it signed anything", staged);
        status = new RotationStatus("aborted", null, sessions.nodeId(), staged, status.previousKey(), List.of(),
                List.of(), clock.instant(), null, "aborted by an operator: key " + staged + " was dropped before it "
                        + "signed anything");
        staged = null;
        return status;
    }

    @Override
    public synchronized boolean retire(String keyId) {
        KeyRing ring = sessions.keyRing();
        if (ring.find(keyId).isEmpty()) {
            return false;
        }
        if (ring.signingKey().id().equals(keyId)) {
            throw new RotationRefused("key " + keyId + " is the signing key (expected: an older key; rotate first)");
        }
        if (keyId.equals(staged)) {
            throw new RotationRefused("key " + keyId + " is staged (expected: POST /keys/rotate/abort to drop it)");
        }
        Instant notBefore = retireAfter.get(keyId);
        Instant now = clock.instant();
        if (notBefore != null && now.isBefore(notBefore)) {
            throw new RotationRefused("key " + keyId + " may still verify valid cookies until " + notBefore
                    + " (grace: session idle timeout + clock skew = " + grace.toSeconds() + " s)");
        }
        use(ring.without(keyId));
        retireAfter.remove(keyId);
        LOG.info("key {} retired", keyId);
        return true;
    }

    private void use(KeyRing ring) {
        try {
            store.save(ring);
        } catch (IOException e) {
            LOG.warn("key ring not saved to {}: {}; nothing changed", store.description(), e.getClass().getSimpleName());
            throw new UncheckedIOException("the key ring could not be saved to " + store.description()
                    + " (" + e.getClass().getSimpleName() + "); nothing changed", e);
        }
        sessions.replaceKeyRing(ring);
        published.accept(ring);
    }

    private SessionKey newKey(KeyRing ring) {
        byte[] secret = new byte[SessionKey.MIN_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String id;
        do {
            byte[] suffix = new byte[2];
            RANDOM.nextBytes(suffix);
            id = "k" + DAY.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
        } while (ring.find(id).isPresent());
        return SessionKey.of(id, secret);
    }
}
