package io.tandem.proxy.admin;

import io.tandem.config.HaConfig;
import io.tandem.ha.KeyRingDigest;
import io.tandem.proxy.admin.RotationMessage.Abort;
import io.tandem.proxy.admin.RotationMessage.Accepted;
import io.tandem.proxy.admin.RotationMessage.Commit;
import io.tandem.proxy.admin.RotationMessage.Declined;
import io.tandem.proxy.admin.RotationMessage.Retire;
import io.tandem.proxy.admin.RotationMessage.Stage;
import io.tandem.proxy.admin.RotationState.Committed;
import io.tandem.proxy.admin.RotationState.Staged;
import io.tandem.session.KeyRing;
import io.tandem.session.KeyTransport;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyRotation} and {@link KeyControl} of a pair member: the two phases run on every member
 * of the pair, so a cookie signed with a new key never reaches a member that cannot verify it,
 * during the rotation or after a failover.
 *
 * <h2>Protocol ({@link RotationMessage}, best effort over the {@link PairChannel})</h2>
 * <ol>
 *   <li><b>Stage.</b> The member that receives {@code POST /keys/rotate} (the <em>initiator</em>)
 *       makes a key and a rotation id ({@code r<millis>-<random>}, later than every rotation it
 *       knows), saves the key as staged (accepted, not signing) and sends it to the peers
 *       <em>sealed</em> with the key it signs with, which they hold too ({@link KeyTransport}).
 *       A peer that can open it saves it as staged and answers <em>accepted</em> with a proof
 *       made with the new key; one that cannot answers <em>declined</em> with why. The initiator
 *       re-sends the stage every second while it waits.</li>
 *   <li><b>Commit</b>, only on the initiator and only once every configured non-witness peer
 *       accepted ({@link PeerRoster}; a peer that is down is waited for): it signs with the new
 *       key and sends <em>commit</em>, the key sealed again. A peer switches when it gets it. A
 *       peer that missed it also switches when it sees another member sign with the key it has
 *       staged (the members' status messages carry a {@link KeyRingDigest}); one that missed the
 *       whole rotation (down, restored from an old file) gets the commit again, sealed with the
 *       key it signs with, until its digest shows the new signing key.</li>
 *   <li><b>Abort</b> (an operator, or the accept timeout): the initiator drops the key and sends
 *       <em>abort</em> with a proof made with it, re-sent while a peer still holds the key; a peer
 *       also drops a staged key when the initiator's digest lacks it for {@value #LACKING_SECONDS} s.
 *       Nothing ever signed with it.</li>
 *   <li><b>Retire</b> an older key: on the member that is asked once its grace period is over
 *       (session idle timeout + clock skew after its commit here), then on each peer once its
 *       own grace period is over (<em>retire</em>, with a proof made with the retired key).</li>
 * </ol>
 * Replays: a stage for a rotation that ended here, or older than the newest one that did, is
 * refused; accepts, aborts and commits only act on the rotation staged now; a sealed key and a
 * proof are bound to their purpose, group, rotation id, sender and key id. Two rotations started
 * at once on two members: the one with the smaller id wins, the other initiator aborts its own.
 *
 * <p>Each step saves ring and {@link RotationState} together before it uses the ring, so a
 * restart keeps a staged key staged. A step that cannot be saved changes nothing (the API
 * answers 500, a peer declines).
 *
 * <p>Thread-safe: every step, every received message and every {@link #tick} run under one lock.
 * {@link #start} runs the ticks and received messages on a thread of its own.
 */
public final class PairKeyRotation implements KeyRotation, KeyControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.keys");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    static final Duration TICK = Duration.ofMillis(250);
    static final Duration RESEND = Duration.ofSeconds(1);
    static final long LACKING_SECONDS = 10;
    /** How long an abort is re-sent to a peer that still holds the dropped key. */
    static final Duration ABORT_RESEND_FOR = Duration.ofMinutes(2);

    private final String me;
    private final String groupId;
    private final SessionManager sessions;
    private final KeyRingStore store;
    private final PairChannel channel;
    private final Clock clock;
    private final Duration grace;
    private final Consumer<KeyRing> published;
    private final PeerRoster roster;

    // Guarded by this.
    private RotationState state;
    /** Initiator of the staged rotation: who proved to hold the key (this member included). */
    private final Set<String> acceptedBy = new TreeSet<>();
    private final Map<String, String> declined = new TreeMap<>();
    /** How the last rotation ended here, for the status. */
    private Ended ended;
    private Instant nextStageSend = Instant.MIN;
    private final Map<String, Instant> nextCommitSend = new HashMap<>();
    private PendingAbort pendingAbort;
    /** A staged key's initiator in view whose digest lacks the key: since when. */
    private Instant initiatorLackingSince;
    /** Retirements asked by a peer before the grace period here was over: key id to when. */
    private final Map<String, Instant> pendingRetire = new LinkedHashMap<>();
    private final Set<String> loggedOnce = new TreeSet<>();
    private ScheduledExecutorService executor;

    private record Ended(String phase, String rotationId, String initiator, String newKey, String previousKey,
                         List<String> acceptedBy, Instant at, String detail) {
    }

    private record PendingAbort(Abort message, String keyFingerprint, Instant until) {
    }

    /**
     * @param groupId         {@code ha.group-id}: bound into every message
     * @param configuredPeers {@code ha.peers}: the members that must accept a staged key
     * @param published       told about every new ring once it is in use (publishes its digest to the pair)
     */
    public PairKeyRotation(String groupId, List<HaConfig.MemberAddress> configuredPeers, SessionManager sessions,
                           KeyRingStore store, PairChannel channel, Clock clock, Consumer<KeyRing> published) {
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.store = Objects.requireNonNull(store, "store");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.published = Objects.requireNonNull(published, "published");
        this.me = sessions.nodeId();
        this.roster = new PeerRoster(configuredPeers);
        this.grace = sessions.policy().idleTimeout().plus(SessionManager.MAX_CLOCK_SKEW);
        KeyRing ring = sessions.keyRing();
        RotationState saved = store.state().reconciledWith(Set.copyOf(ring.keyIds()));
        Map<String, Instant> retire = new LinkedHashMap<>();
        Instant notBefore = clock.instant().plus(grace);
        for (String id : ring.keyIds().subList(1, ring.keyIds().size())) {
            if (saved.staged().filter(s -> s.keyId().equals(id)).isEmpty()) {
                retire.put(id, saved.retireAfter().getOrDefault(id, notBefore));
            }
        }
        this.state = saved.withRetireAfter(retire);
        state.staged().ifPresent(s -> {
            if (s.initiator().equals(me)) {
                acceptedBy.add(me);
            }
            LOG.info("key rotation {} (key {}, started by {}) is still staged after the restart", s.rotationId(),
                    s.keyId(), s.initiator());
        });
        state.lastCommit().ifPresent(c -> ended = new Ended("committed", c.rotationId(), null, c.keyId(),
                c.previousKey(), List.of(), c.at(), null));
    }

    /** Runs the ticks on a thread of its own; received messages go through {@link #deliver}. */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "tandem-keys-" + me);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::guardedTick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands a message from the HA channel to the rotation's thread; never blocks (for the elector's thread). */
    public void deliver(String from, String body) {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
        }
        if (e == null) {
            return;
        }
        try {
            e.execute(() -> {
                try {
                    receive(from, body);
                } catch (RuntimeException ex) {
                    LOG.error("key rotation message from {} failed", from, ex);
                }
            });
        } catch (RejectedExecutionException ex) {
            // closing
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService e;
        synchronized (this) {
            e = executor;
        }
        if (e != null) {
            e.shutdownNow();
        }
    }

    /** How long an old key stays accepted after a commit. */
    public Duration grace() {
        return grace;
    }

    // ---- the admin API

    @Override
    public synchronized KeyRingInfo keys() {
        KeyRing ring = sessions.keyRing();
        String staged = state.staged().map(Staged::keyId).orElse(null);
        List<KeyInfo> keys = new ArrayList<>();
        for (SessionKey key : ring.keys()) {
            String s = key.equals(ring.signingKey()) ? "signing" : key.id().equals(staged) ? "staged" : "accepted";
            keys.add(new KeyInfo(key.id(), key.fingerprint(), s,
                    s.equals("accepted") ? state.retireAfter().get(key.id()) : null));
        }
        return new KeyRingInfo(ring.signingKey().id(), ring.fingerprint(), keys, status(), store.description());
    }

    @Override
    public synchronized RotationStatus status() {
        List<PairChannel.Peer> peers = channel.peers();
        Optional<Staged> staged = state.staged();
        if (staged.isPresent()) {
            Staged s = staged.get();
            String previous = sessions.keyRing().signingKey().id();
            if (s.initiator().equals(me)) {
                List<PeerRoster.Needed> waiting = waiting(peers);
                return new RotationStatus("staged", s.rotationId(), me, s.keyId(), previous, List.copyOf(acceptedBy),
                        waiting.stream().map(PeerRoster.Needed::name).toList(), s.since(), s.expiresAt(),
                        stagedDetail(s, waiting));
            }
            String fp = fingerprintOf(s.keyId());
            Set<String> holders = new TreeSet<>(List.of(me));
            peers.stream().filter(p -> p.keyRing().accepts(fp)).forEach(p -> holders.add(p.nodeId()));
            return new RotationStatus("staged", s.rotationId(), s.initiator(), s.keyId(), previous,
                    List.copyOf(holders), List.of(), s.since(), null, "staged by " + s.initiator()
                            + ", which commits it once every member accepted it (or aborts it)");
        }
        if (ended == null) {
            return RotationStatus.idle();
        }
        if (ended.phase().equals("committed")) {
            String fp = fingerprintOf(ended.newKey());
            Set<String> holders = new TreeSet<>(List.of(me));
            peers.stream().filter(p -> !p.witness() && p.keyRing().accepts(fp)).forEach(p -> holders.add(p.nodeId()));
            List<String> notSigning = roster.needed(peers).stream()
                    .filter(n -> peers.stream().noneMatch(p -> p.nodeId().equals(n.name())
                            && p.keyRing().signingKey().filter(fp::equals).isPresent()))
                    .map(PeerRoster.Needed::name).toList();
            String detail = notSigning.isEmpty() ? "every member signs with " + ended.newKey()
                    : String.join(", ", notSigning) + " do" + (notSigning.size() == 1 ? "es" : "") + " not sign with "
                    + ended.newKey() + " yet; " + (notSigning.size() == 1 ? "it follows" : "they follow")
                    + " as soon as " + (notSigning.size() == 1 ? "it is" : "they are") + " in view";
            return new RotationStatus("committed", ended.rotationId(), ended.initiator(), ended.newKey(),
                    ended.previousKey(), List.copyOf(holders), notSigning, ended.at(), null, detail);
        }
        return new RotationStatus(ended.phase(), ended.rotationId(), ended.initiator(), ended.newKey(),
                ended.previousKey(), ended.acceptedBy(), List.of(), ended.at(), null, ended.detail());
    }

    @Override
    public synchronized RotationStatus begin(Duration acceptTimeout) {
        Optional<Staged> staged = state.staged();
        if (staged.isPresent()) {
            Staged s = staged.get();
            throw new RotationRefused(s.initiator().equals(me)
                    ? "a rotation is in progress: key " + s.keyId() + " is staged; commit it (POST /keys/rotate/commit)"
                            + " or abort it (POST /keys/rotate/abort)"
                    : "a rotation started by " + s.initiator() + " is in progress: key " + s.keyId() + " is staged "
                            + "here; commit or abort it on " + s.initiator());
        }
        KeyRing ring = sessions.keyRing();
        Instant now = clock.instant();
        SessionKey fresh = newKey(ring, now);
        String rotationId = newRotationId(now);
        Staged s = new Staged(rotationId, fresh.id(), me, now, now.plus(acceptTimeout));
        List<SessionKey> keys = new ArrayList<>(ring.keys());
        keys.add(1, fresh); // accepted, not signing: the signing key stays first
        use(KeyRing.of(keys), state.withStaged(Optional.of(s)));
        acceptedBy.clear();
        acceptedBy.add(me);
        declined.clear();
        ended = null;
        pendingAbort = null;
        LOG.info("key rotation {} staged: new key {} accepted on {}; signing key still {}; waiting for {} to accept it"
                        + " until {}", rotationId, fresh.id(), me, ring.signingKey().id(),
                names(waiting(channel.peers())), s.expiresAt());
        sendStage(s, now);
        return status();
    }

    @Override
    public synchronized RotationStatus commit() {
        Staged s = state.staged().orElseThrow(() -> new RotationRefused(nothingStaged("commit")));
        if (!s.initiator().equals(me)) {
            throw new RotationRefused("rotation " + s.rotationId() + " was started by " + s.initiator()
                    + ": commit it there (this member follows)");
        }
        List<PeerRoster.Needed> waiting = waiting(channel.peers());
        if (!waiting.isEmpty()) {
            throw new RotationRefused("key " + s.keyId() + " is not accepted yet by " + names(waiting) + " ("
                    + notes(waiting) + "); nothing signs with it; wait, or abort it (POST /keys/rotate/abort). "
                    + "The rotation is aborted at " + s.expiresAt() + " unless every member accepted it by then",
                    waiting.stream().map(PeerRoster.Needed::name).toList());
        }
        KeyRing before = sessions.keyRing();
        SessionKey key = before.find(s.keyId()).orElseThrow(() -> new IllegalStateException("staged key not in ring"));
        commitHere(s.rotationId(), key, me, List.copyOf(acceptedBy), "committed by an operator");
        Commit commit = new Commit(groupId, s.rotationId(), key.id(),
                KeyTransport.seal(key, before.signingKey(), bind(RotationMessage.COMMIT, s.rotationId(), key.id())));
        channel.send(commit.encode());
        nextCommitSend.clear();
        return status();
    }

    @Override
    public synchronized RotationStatus abort() {
        Staged s = state.staged().orElseThrow(() -> new RotationRefused(nothingStaged("abort")));
        if (!s.initiator().equals(me)) {
            boolean initiatorInView = channel.peers().stream().anyMatch(p -> p.nodeId().equals(s.initiator()));
            if (initiatorInView) {
                throw new RotationRefused("rotation " + s.rotationId() + " was started by " + s.initiator()
                        + ": abort it there (this member follows)");
            }
            LOG.warn("key rotation {}: aborted on {} although {} started it, as {} is not in view; if {} committed "
                    + "it meanwhile, it will be refused by this member until it is rotated again", s.rotationId(), me,
                    s.initiator(), s.initiator(), s.initiator());
        }
        abortHere(s, "aborted by an operator on " + me);
        return status();
    }

    @Override
    public synchronized boolean retire(String keyId) {
        KeyRing ring = sessions.keyRing();
        Optional<SessionKey> key = ring.find(keyId);
        if (key.isEmpty()) {
            return false;
        }
        if (ring.signingKey().id().equals(keyId)) {
            throw new RotationRefused("key " + keyId + " is the signing key (expected: an older key; rotate first)");
        }
        if (state.staged().filter(s -> s.keyId().equals(keyId)).isPresent()) {
            throw new RotationRefused("key " + keyId + " is staged (expected: POST /keys/rotate/abort to drop it)");
        }
        Instant notBefore = state.retireAfter().get(keyId);
        Instant now = clock.instant();
        if (notBefore != null && now.isBefore(notBefore)) {
            throw new RotationRefused("key " + keyId + " may still verify valid cookies until " + notBefore
                    + " (grace: session idle timeout + clock skew = " + grace.toSeconds() + " s)");
        }
        Retire retire = new Retire(groupId, keyId, KeyTransport.prove(key.get(),
                bind(RotationMessage.RETIRE, RotationMessage.NO_ROTATION, keyId)));
        retireHere(keyId, "retired by an operator");
        channel.send(retire.encode());
        return true;
    }

    // ---- messages from the other members

    /** Acts on one message from {@code from}; anything malformed, foreign or replayed is ignored (and logged). */
    synchronized void receive(String from, String body) {
        Optional<RotationMessage> decoded = RotationMessage.decode(body);
        if (decoded.isEmpty()) {
            LOG.debug("ignoring a malformed key rotation message from {}", from);
            return;
        }
        RotationMessage m = decoded.get();
        if (!m.group().equals(groupId)) {
            logOnce("group " + m.group(), () -> LOG.warn("ignoring key rotation messages of group {} from {} "
                    + "(expected: group {})", m.group(), from, groupId));
            return;
        }
        if (m instanceof Stage stage) {
            onStage(from, stage);
        } else if (m instanceof Accepted accepted) {
            onAccepted(from, accepted);
        } else if (m instanceof Declined d) {
            onDeclined(from, d);
        } else if (m instanceof Commit commit) {
            onCommit(from, commit);
        } else if (m instanceof Abort a) {
            onAbort(from, a);
        } else if (m instanceof Retire r) {
            onRetire(from, r);
        }
    }

    private void onStage(String from, Stage m) {
        if (state.isOutdated(m.rotationId())) {
            logOnce("outdated " + m.rotationId(), () -> LOG.warn("ignoring the stage of rotation {} from {}: that "
                    + "rotation ended here or is older than one that did (a replay, or a late message)",
                    m.rotationId(), from));
            return;
        }
        Optional<Staged> current = state.staged();
        if (current.isPresent()) {
            Staged s = current.get();
            if (s.rotationId().equals(m.rotationId())) {
                if (!s.initiator().equals(me)) {
                    acknowledge(m, sessions.keyRing().find(s.keyId()).orElseThrow()); // our answer may have been lost
                }
                return;
            }
            if (s.initiator().equals(me)) {
                if (m.rotationId().compareTo(s.rotationId()) > 0) {
                    return; // ours is older: the other initiator yields when it sees ours
                }
                abortHere(s, "yielded to rotation " + m.rotationId() + " started earlier by " + from);
            } else if (s.initiator().equals(from) && m.rotationId().compareTo(s.rotationId()) > 0) {
                Optional<PairChannel.Peer> initiator = peer(from);
                String fp = fingerprintOf(s.keyId());
                if (initiator.flatMap(p -> p.keyRing().signingKey()).filter(fp::equals).isPresent()) {
                    commitHere(s.rotationId(), sessions.keyRing().find(s.keyId()).orElseThrow(), s.initiator(),
                            List.of(), "followed " + from + ", which signs with it");
                } else {
                    dropStaged(s, "superseded by rotation " + m.rotationId() + " of " + from);
                }
            } else {
                return; // another member's rotation is staged here
            }
        }
        KeyRing ring = sessions.keyRing();
        SessionKey key;
        try {
            key = KeyTransport.open(m.key(), ring, m.binding(from));
        } catch (KeyTransport.KeyTransportException e) {
            decline(from, m, "cannot open the new key: " + e.getMessage());
            return;
        }
        Optional<SessionKey> existing = ring.find(key.id());
        if (existing.isPresent() && !existing.get().equals(key)) {
            decline(from, m, "key id " + key.id() + " exists here with another secret");
            return;
        }
        Staged s = new Staged(m.rotationId(), key.id(), from, clock.instant(), null);
        List<SessionKey> keys = new ArrayList<>(ring.keys());
        if (existing.isEmpty()) {
            keys.add(1, key);
        }
        try {
            use(KeyRing.of(keys), state.withStaged(Optional.of(s)));
        } catch (UncheckedIOException | RotationRefused e) {
            decline(from, m, "cannot save the key ring: " + e.getMessage());
            return;
        }
        initiatorLackingSince = null;
        ended = null;
        LOG.info("key rotation {} of {}: key {} staged on {} (accepted, not signing)", m.rotationId(), from, key.id(),
                me);
        acknowledge(m, key);
    }

    private void acknowledge(Stage m, SessionKey key) {
        channel.send(new Accepted(groupId, m.rotationId(), key.id(),
                KeyTransport.prove(key, bind(RotationMessage.ACCEPTED, m.rotationId(), key.id()))).encode());
    }

    private void decline(String from, Stage m, String reason) {
        logOnce("decline " + m.rotationId() + reason, () -> LOG.warn("key rotation {} of {}: key {} not accepted on {}:"
                + " {}", m.rotationId(), from, m.keyId(), me, reason));
        channel.send(new Declined(groupId, m.rotationId(), m.keyId(), reason).encode());
    }

    private void onAccepted(String from, Accepted m) {
        Optional<Staged> s = state.staged().filter(x -> x.initiator().equals(me) && x.rotationId().equals(m.rotationId())
                && x.keyId().equals(m.keyId()));
        if (s.isEmpty()) {
            return; // late, or for another rotation
        }
        SessionKey key = sessions.keyRing().find(m.keyId()).orElseThrow();
        if (!KeyTransport.verify(key, m.binding(from), m.proof())) {
            logOnce("bad proof " + from + m.rotationId(), () -> LOG.warn("key rotation {}: an acceptance claimed to come"
                    + " from {} does not prove it holds key {}; ignored", m.rotationId(), from, m.keyId()));
            return;
        }
        declined.remove(from);
        if (acceptedBy.add(from)) {
            LOG.info("key rotation {}: {} accepted key {}; still waiting for {}", m.rotationId(), from, m.keyId(),
                    names(waiting(channel.peers())));
        }
    }

    private void onDeclined(String from, Declined m) {
        state.staged().filter(x -> x.initiator().equals(me) && x.rotationId().equals(m.rotationId()))
                .filter(x -> !acceptedBy.contains(from))
                .ifPresent(x -> declined.put(from, m.reason()));
    }

    private void onCommit(String from, Commit m) {
        KeyRing ring = sessions.keyRing();
        Optional<Staged> staged = state.staged();
        if (staged.filter(s -> s.rotationId().equals(m.rotationId())).isPresent()) {
            Staged s = staged.get();
            if (s.initiator().equals(me)) {
                return; // only we commit our own
            }
            SessionKey key;
            try {
                key = KeyTransport.open(m.key(), ring, m.binding(from));
            } catch (KeyTransport.KeyTransportException e) {
                logOnce("commit " + m.rotationId(), () -> LOG.warn("key rotation {}: commit from {} ignored: {}",
                        m.rotationId(), from, e.getMessage()));
                return;
            }
            if (!key.id().equals(s.keyId()) || ring.find(key.id()).filter(key::equals).isEmpty()) {
                return;
            }
            commitHere(s.rotationId(), key, s.initiator(), List.of(), "committed by " + from);
            return;
        }
        if (state.isOutdated(m.rotationId()) || ring.signingKey().id().equals(m.keyId())) {
            return; // a repeat, or older than what we have
        }
        SessionKey key;
        try {
            key = KeyTransport.open(m.key(), ring, m.binding(from));
        } catch (KeyTransport.KeyTransportException e) {
            logOnce("commit " + m.rotationId(), () -> LOG.warn("key rotation {} committed by {} cannot be taken here:"
                    + " {}; this member stays refused until it gets the pair's key ring", m.rotationId(), from,
                    e.getMessage()));
            return;
        }
        Optional<SessionKey> existing = ring.find(key.id());
        if (existing.isPresent() && !existing.get().equals(key)) {
            logOnce("clash " + key.id(), () -> LOG.error("key rotation {} of {}: key id {} exists here with another "
                    + "secret; not taken", m.rotationId(), from, key.id()));
            return;
        }
        staged.ifPresent(s -> {
            if (s.initiator().equals(me)) {
                abortHere(s, "the pair committed rotation " + m.rotationId() + " of " + from + " meanwhile");
            } else {
                dropStaged(s, "the pair committed rotation " + m.rotationId() + " of " + from + " meanwhile");
            }
        });
        LOG.warn("key rotation {} of {}: this member missed it; taking key {} and signing with it now", m.rotationId(),
                from, key.id());
        commitHere(m.rotationId(), key, from, List.of(), "caught up with " + from);
    }

    private void onAbort(String from, Abort m) {
        Optional<Staged> staged = state.staged().filter(s -> s.rotationId().equals(m.rotationId())
                && s.keyId().equals(m.keyId()) && !s.initiator().equals(me));
        if (staged.isEmpty()) {
            return;
        }
        SessionKey key = sessions.keyRing().find(m.keyId()).orElseThrow();
        if (!KeyTransport.verify(key, m.binding(from), m.proof())) {
            logOnce("bad abort " + m.rotationId(), () -> LOG.warn("key rotation {}: an abort claimed to come from {} "
                    + "does not prove it holds key {}; ignored", m.rotationId(), from, m.keyId()));
            return;
        }
        dropStaged(staged.get(), "aborted by " + from);
    }

    private void onRetire(String from, Retire m) {
        KeyRing ring = sessions.keyRing();
        Optional<SessionKey> key = ring.find(m.keyId());
        if (key.isEmpty() || ring.signingKey().id().equals(m.keyId())
                || state.staged().filter(s -> s.keyId().equals(m.keyId())).isPresent()) {
            return;
        }
        if (!KeyTransport.verify(key.get(), m.binding(from), m.proof())) {
            return;
        }
        Instant due = state.retireAfter().getOrDefault(m.keyId(), Instant.MIN);
        if (clock.instant().isBefore(due)) {
            if (pendingRetire.put(m.keyId(), due) == null) {
                LOG.info("{} retired key {}; it stays accepted here until {} (its grace period here)", from,
                        m.keyId(), due);
            }
            return;
        }
        retireHere(m.keyId(), "retired by " + from);
    }

    // ---- what the members' published state asks for

    private void guardedTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("key rotation tick failed; it goes on at the next one", e);
        }
    }

    /**
     * Re-sends what a peer has not acted on yet, aborts a rotation whose accept timeout passed,
     * follows a commit or an abort that a peer's digest shows, and retires keys whose grace
     * period here is over. Every {@link #TICK}.
     */
    synchronized void tick() {
        Instant now = clock.instant();
        List<PairChannel.Peer> peers = channel.peers();
        roster.see(peers);
        Optional<Staged> staged = state.staged();
        if (staged.isPresent() && staged.get().initiator().equals(me)) {
            Staged s = staged.get();
            List<PeerRoster.Needed> waiting = waiting(peers);
            if (!waiting.isEmpty() && s.expiresAt() != null && !now.isBefore(s.expiresAt())) {
                abortHere(s, "timed out: " + names(waiting) + " did not accept key " + s.keyId() + " within "
                        + Duration.between(s.since(), s.expiresAt()).toSeconds() + " s (" + notes(waiting) + ")");
            } else if (!waiting.isEmpty() && !now.isBefore(nextStageSend)) {
                sendStage(s, now);
            }
        } else if (staged.isPresent()) {
            followInitiator(staged.get(), peers, now);
        }
        bringUpToDate(peers, now);
        if (pendingAbort != null) {
            if (now.isAfter(pendingAbort.until())
                    || peers.stream().noneMatch(p -> p.keyRing().accepts(pendingAbort.keyFingerprint()))) {
                pendingAbort = null;
            } else if (!now.isBefore(nextStageSend)) {
                channel.send(pendingAbort.message().encode());
                nextStageSend = now.plus(RESEND);
            }
        }
        pendingRetire.entrySet().removeIf(e -> {
            if (now.isBefore(e.getValue())) {
                return false;
            }
            KeyRing ring = sessions.keyRing();
            if (ring.find(e.getKey()).isPresent() && !ring.signingKey().id().equals(e.getKey())) {
                retireHere(e.getKey(), "retired by a peer earlier, now that its grace period here is over");
            }
            return true;
        });
    }

    /** A member with a staged key: commit when a peer signs with it, drop it when its initiator no longer holds it. */
    private void followInitiator(Staged s, List<PairChannel.Peer> peers, Instant now) {
        String fp = fingerprintOf(s.keyId());
        Optional<PairChannel.Peer> signer = peers.stream().filter(p -> p.refusal().isEmpty())
                .filter(p -> p.keyRing().signingKey().filter(fp::equals).isPresent()).findFirst();
        if (signer.isPresent()) {
            commitHere(s.rotationId(), sessions.keyRing().find(s.keyId()).orElseThrow(), s.initiator(), List.of(),
                    "followed " + signer.get().nodeId() + ", which signs with it");
            return;
        }
        Optional<PairChannel.Peer> initiator = peer(s.initiator()).filter(p -> p.refusal().isEmpty()
                && !p.keyRing().keys().isEmpty());
        if (initiator.isEmpty() || initiator.get().keyRing().accepts(fp)) {
            initiatorLackingSince = null;
            return;
        }
        if (initiatorLackingSince == null) {
            initiatorLackingSince = now;
        } else if (Duration.between(initiatorLackingSince, now).toSeconds() >= LACKING_SECONDS) {
            dropStaged(s, s.initiator() + " no longer holds it (the rotation was aborted there)");
        }
    }

    /** Sends the last commit again to peers that do not sign with its key, sealed with the key each one signs with. */
    private void bringUpToDate(List<PairChannel.Peer> peers, Instant now) {
        Optional<Committed> last = state.lastCommit();
        KeyRing ring = sessions.keyRing();
        if (last.isEmpty() || !ring.signingKey().id().equals(last.get().keyId())) {
            return;
        }
        Committed c = last.get();
        SessionKey key = ring.signingKey();
        for (PairChannel.Peer p : peers) {
            Optional<String> theirs = p.keyRing().signingKey();
            if (p.witness() || theirs.isEmpty() || theirs.get().equals(key.fingerprint())
                    || now.isBefore(nextCommitSend.getOrDefault(p.nodeId(), Instant.MIN))) {
                continue;
            }
            Optional<SessionKey> wrap = ring.keys().stream().filter(k -> k.fingerprint().equals(theirs.get()))
                    .findFirst();
            if (wrap.isEmpty()) {
                logOnce("no common key " + p.nodeId() + c.rotationId(), () -> LOG.warn("{} does not sign with key {} "
                        + "and this member holds no key {} signs with, so it cannot bring it up to date; install the "
                        + "pair's key ring on {}", p.nodeId(), key.id(), p.nodeId(), p.nodeId()));
                continue;
            }
            Commit again = new Commit(groupId, c.rotationId(), key.id(), KeyTransport.seal(key, wrap.get(),
                    bind(RotationMessage.COMMIT, c.rotationId(), key.id())));
            channel.send(again.encode());
            nextCommitSend.put(p.nodeId(), now.plus(RESEND));
        }
    }

    // ---- steps on this member

    private void sendStage(Staged s, Instant now) {
        KeyRing ring = sessions.keyRing();
        SessionKey key = ring.find(s.keyId()).orElseThrow();
        channel.send(new Stage(groupId, s.rotationId(), key.id(), KeyTransport.seal(key, ring.signingKey(),
                bind(RotationMessage.STAGE, s.rotationId(), key.id()))).encode());
        nextStageSend = now.plus(RESEND);
    }

    private void commitHere(String rotationId, SessionKey key, String initiator, List<String> accepted, String why) {
        KeyRing ring = sessions.keyRing();
        String previous = ring.signingKey().id();
        List<SessionKey> keys = new ArrayList<>();
        keys.add(key);
        ring.keys().stream().filter(k -> !k.id().equals(key.id())).forEach(keys::add);
        Instant now = clock.instant();
        Map<String, Instant> retire = new LinkedHashMap<>(state.retireAfter());
        retire.remove(key.id());
        retire.put(previous, now.plus(grace));
        use(KeyRing.of(keys), state.withStaged(Optional.empty()).withLastCommit(new Committed(rotationId, key.id(),
                previous, now)).withRetireAfter(retire).finishing(rotationId));
        ended = new Ended("committed", rotationId, initiator, key.id(), previous, accepted, now, why);
        initiatorLackingSince = null;
        LOG.info("key rotation {} committed on {} ({}): signing with {}; {} stays accepted until at least {}",
                rotationId, me, why, key.id(), previous, now.plus(grace));
    }

    /** The initiator drops its staged key and tells the peers (re-sent while one still holds it). */
    private void abortHere(Staged s, String why) {
        KeyRing ring = sessions.keyRing();
        SessionKey key = ring.find(s.keyId()).orElseThrow();
        Abort abort = new Abort(groupId, s.rotationId(), key.id(),
                KeyTransport.prove(key, bind(RotationMessage.ABORT, s.rotationId(), key.id())));
        List<String> accepted = List.copyOf(acceptedBy);
        dropStaged(s, why);
        ended = new Ended("aborted", s.rotationId(), s.initiator(), s.keyId(), ring.signingKey().id(), accepted,
                clock.instant(), why + "; key " + s.keyId() + " was dropped, nothing signed with it");
        pendingAbort = new PendingAbort(abort, key.fingerprint(), clock.instant().plus(ABORT_RESEND_FOR));
        channel.send(abort.encode());
        nextStageSend = clock.instant().plus(RESEND);
    }

    private void dropStaged(Staged s, String why) {
        KeyRing ring = sessions.keyRing();
        KeyRing without = ring.find(s.keyId()).isPresent() && !ring.signingKey().id().equals(s.keyId())
                ? ring.without(s.keyId()) : ring;
        use(without, state.withStaged(Optional.empty()).finishing(s.rotationId()));
        if (!s.initiator().equals(me)) {
            ended = new Ended("aborted", s.rotationId(), s.initiator(), s.keyId(), ring.signingKey().id(), List.of(),
                    clock.instant(), why + "; key " + s.keyId() + " was dropped, nothing signed with it");
        }
        acceptedBy.clear();
        declined.clear();
        initiatorLackingSince = null;
        LOG.warn("key rotation {} aborted on {}: {}; key {} dropped before it signed anything", s.rotationId(), me, why,
                s.keyId());
    }

    private void retireHere(String keyId, String why) {
        Map<String, Instant> retire = new LinkedHashMap<>(state.retireAfter());
        retire.remove(keyId);
        use(sessions.keyRing().without(keyId), state.withRetireAfter(retire));
        pendingRetire.remove(keyId);
        LOG.info("key {} retired on {} ({})", keyId, me, why);
    }

    /** Saves ring and state, then uses the ring; nothing changes if the save fails. */
    private void use(KeyRing ring, RotationState next) {
        try {
            store.save(ring, next);
        } catch (IOException e) {
            LOG.warn("key ring not saved to {}: {}; nothing changed", store.description(), e.getClass().getSimpleName());
            throw new UncheckedIOException("the key ring could not be saved to " + store.description()
                    + " (" + e.getClass().getSimpleName() + "); nothing changed", e);
        }
        state = next;
        if (!ring.equals(sessions.keyRing())) {
            sessions.replaceKeyRing(ring);
            published.accept(ring);
        }
    }

    // ---- helpers

    /** What a seal or proof this member makes is bound to. */
    private KeyTransport.Binding bind(String purpose, String rotationId, String keyId) {
        return new KeyTransport.Binding(purpose, groupId, rotationId, me, keyId);
    }

    private List<PeerRoster.Needed> waiting(List<PairChannel.Peer> peers) {
        return roster.needed(peers).stream().filter(n -> !acceptedBy.contains(n.name())).toList();
    }

    private String stagedDetail(Staged s, List<PeerRoster.Needed> waiting) {
        if (waiting.isEmpty()) {
            return "every member accepted key " + s.keyId() + "; commit it (POST /keys/rotate/commit)";
        }
        return "waiting for " + names(waiting) + " (" + notes(waiting) + "); the rotation is aborted at "
                + s.expiresAt() + " unless every member accepted key " + s.keyId() + " by then";
    }

    private String notes(List<PeerRoster.Needed> waiting) {
        return waiting.stream().map(n -> n.name() + ": " + Optional.ofNullable(declined.get(n.name()))
                .map(d -> "declined: " + d).or(n::note).orElse("no answer yet")).collect(Collectors.joining("; "));
    }

    private static String names(List<PeerRoster.Needed> needed) {
        return needed.isEmpty() ? "nobody" : needed.stream().map(PeerRoster.Needed::name)
                .collect(Collectors.joining(", "));
    }

    private Optional<PairChannel.Peer> peer(String nodeId) {
        return channel.peers().stream().filter(p -> p.nodeId().equals(nodeId)).findFirst();
    }

    private String fingerprintOf(String keyId) {
        return sessions.keyRing().find(keyId).map(SessionKey::fingerprint).orElse("");
    }

    private String nothingStaged(String step) {
        if (ended != null && ended.phase().equals("aborted")) {
            return "no rotation is staged: the last one (" + ended.rotationId() + ", key " + ended.newKey()
                    + ") ended at " + ended.at() + ": " + ended.detail() + " (expected: POST /keys/rotate first)";
        }
        return step.equals("abort") ? "no rotation is staged (nothing to abort)"
                : "no rotation is staged (expected: POST /keys/rotate first)";
    }

    private SessionKey newKey(KeyRing ring, Instant now) {
        byte[] secret = new byte[SessionKey.MIN_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String id;
        do {
            byte[] suffix = new byte[2];
            RANDOM.nextBytes(suffix);
            id = "k" + DAY.format(now) + "-" + HEX.formatHex(suffix);
        } while (ring.find(id).isPresent());
        return SessionKey.of(id, secret);
    }

    /** Later than every rotation this member knows of, even if its clock is behind the peer's. */
    private String newRotationId(Instant now) {
        long millis = now.toEpochMilli();
        Optional<String> newest = state.newestFinished();
        if (newest.isPresent()) {
            millis = Math.max(millis, Long.parseLong(newest.get().substring(1, 13), 16) + 1);
        }
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return "r" + String.format("%012x", millis) + "-" + HEX.formatHex(random);
    }

    private void logOnce(String key, Runnable log) {
        if (loggedOnce.size() > 256) {
            loggedOnce.clear();
        }
        if (loggedOnce.add(key)) {
            log.run();
        }
    }
}
