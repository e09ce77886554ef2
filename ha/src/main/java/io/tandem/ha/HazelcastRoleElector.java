package io.tandem.ha;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import io.tandem.config.HaConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The role elector of a pair member: an embedded Hazelcast member used only for membership and
 * failure detection (see {@link HazelcastMemberConfig}), the pure {@link Election} for the
 * decision, and one topic on which every member announces its status.
 *
 * <h2>How it decides</h2>
 * Every member re-runs the election on its own view at every membership change, every status
 * message and every heartbeat interval. The view is the Hazelcast member list (in its order,
 * oldest first) with each member's identity (member attributes) and last status message. Each
 * member publishes its status (role, epoch, digests) every heartbeat interval and at once on a
 * change or when a member joins. Promotion takes {@code max(epoch seen) + 1}.
 *
 * <p>A member that has just joined, or that sees a member it has not heard from yet, does not
 * promote itself (nor report its first decision) until it has heard from every member in view
 * or a silence of {@code max-no-heartbeat + interval} has passed, so that it does not take the
 * role from an active member it has not heard of. Members answer a newcomer's first status at
 * once, so this normally takes one message round trip.
 *
 * <p>A witness ({@code ha.witness}) runs the same elector: it votes (counts for the quorum) and
 * its listener only ever hears {@link Role#STANDBY}. Members of another group never join: the
 * group id is the Hazelcast cluster name, checked when a member asks to join.
 *
 * <h2>Planned switchover (hand-over)</h2>
 * Started by {@link #requestSwitchover()} on the active member, or by the election when a
 * member with override and a better priority is present. In this order:
 * <ol>
 *   <li>The active member A sets its role to {@link Role#STANDBY} and calls its listener with
 *       a STANDBY change ("planned switchover to B"). Its last status still says ACTIVE, so B
 *       waits. The proxy drains in-flight requests and releases the service listener before
 *       returning.</li>
 *   <li>A publishes its status: STANDBY, {@code handOverTo=B}, A's epoch E.</li>
 *   <li>B sees no active member and a hand-over to itself: it promotes itself with epoch
 *       E + 1, announces it, then calls its listener with an ACTIVE change (the proxy binds).</li>
 *   <li>A sees B active and clears the hand-over. With override off it stays standby from then
 *       on. If B does not take over within {@code max-no-heartbeat + interval}, A forgets the
 *       hand-over and the normal election runs again (A may become active again).</li>
 * </ol>
 *
 * <h2>Refused members</h2>
 * Members whose key-ring fingerprint differs from the pair's, which reuse a node id, or which
 * publish no Tandem identity are refused ({@link Consistency}): logged once at ERROR (with both
 * fingerprints, never keys), listed in {@link #refusedMembers()}, and ignored by the election.
 * Both sides agree on who is refused: the member that holds the active role is the reference.
 * A refused member itself stays STANDBY and says why, as long as it sees the pair; alone, it is
 * no longer refused by anyone and becomes active like any lone member.
 *
 * <h2>Application messages</h2>
 * {@link #sendToPeers} publishes on a second topic ({@link HazelcastMemberConfig#PEER_TOPIC}), so
 * that the election never sees them; received ones go to the {@link #onPeerMessage} receiver
 * from Hazelcast's event thread, with the node id the sender published when it joined. Plain
 * messages, never stored, like the status messages: what they carry protects itself (the key
 * rotation seals keys and proves possession).
 *
 * <h2>Threads and failure modes</h2>
 * One elector thread runs every evaluation and every listener call (see {@link RoleElector}).
 * Hazelcast's threads only record what they saw and schedule an evaluation; at most one
 * evaluation is pending at a time, so a burst of events costs one evaluation. The elector
 * thread also notices when the whole process was paused for longer than a peer waits for its
 * heartbeats (SIGSTOP, a stop-the-world pause): it then steps down at once instead of serving
 * on as a stale active, and does not promote itself again for
 * {@code 2 x max-no-heartbeat + interval + 4 s} (9 s with the defaults), time for the group to
 * merge it back and tell it the current epoch, except to take a hand-over. Status messages
 * received just after waking up may have been sent before the pause, so hearing from the peer
 * is no proof of being up to date; a hand-over is. (A
 * pause that happens while the listener runs is not seen this way; the epochs still resolve
 * it.) If the listener throws on {@link Role#ACTIVE}, the member steps down and may try again
 * after {@code max-no-heartbeat + interval}, unless the peer took over. Split brain: see
 * {@link RoleElector}; after a merge the member with the higher epoch stays active.
 */
public final class HazelcastRoleElector implements RoleElector {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastRoleElector.class);
    private static final int MAX_TRIGGERS = 16;
    private static final String PLANNED = "planned switchover to ";
    private static final String REFUSED = "this member is refused: ";

    private final HaConfig ha;
    private final LongSupplier nanoTime;
    private final Election.Settings settings;
    private final long intervalNanos;
    /** How long a peer waits for this member's heartbeats before declaring it dead. */
    private final long maxSilenceNanos;
    /**
     * How long a peer's status messages may stop before it is left out of the election:
     * {@code heartbeat-interval x lost-heartbeat-threshold}, which, unlike Hazelcast's own
     * failure detection, may be below 2 s.
     */
    private final long statusSilenceNanos;
    /** How long until a live member must have been heard from: also the hand-over timeout. */
    private final long settleNanos;
    /**
     * After this member was paused: long enough for the group to notice it is back, merge the
     * two sides and tell it the current epoch, so that it does not promote itself alone with an
     * epoch the peer already holds (and then win the tie on rank, moving the role a second time).
     */
    private final long pausedHoldNanos;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean evaluationPending = new AtomicBoolean();
    private final AtomicBoolean publishPending = new AtomicBoolean();
    private final AtomicLong seq = new AtomicLong();
    private final PeerStatuses statuses = new PeerStatuses();
    /** Recent events that explain the next role change ("peer b left ..."). */
    private final ConcurrentLinkedQueue<Trigger> triggers = new ConcurrentLinkedQueue<>();

    private volatile Thread electorThread;
    private volatile NodeIdentity identity;
    private volatile Role role = Role.STANDBY;
    private volatile List<MemberView> members = List.of();
    private volatile List<RefusedMember> refused = List.of();
    private volatile HazelcastInstance hazelcast;
    /** Application messages ({@link #sendToPeers}); a topic of its own so status handling never sees them. */
    private volatile ITopic<String> peerTopic;
    private volatile UUID peerRegistration;
    private volatile Consumer<PeerMessage> peerReceiver = message -> { };

    // Confined to the elector thread.
    private Consumer<RoleChange> listener;
    private ITopic<String> topic;
    private UUID topicRegistration;
    private long activeEpoch;
    private Optional<String> handingOverTo = Optional.empty();
    private long handOverDeadline;
    /** No promotion before this: the listener failed to take the role; let the peer try. */
    private long holdUntil;
    /** After a pause: no promotion before this, except to take a hand-over. */
    private long pauseHoldUntil;
    private long lastAlive;
    private boolean firstReported;
    private final Map<UUID, Long> firstSeen = new HashMap<>();
    private Map<UUID, String> previousView = Map.of();
    private Set<String> loggedProblems = new HashSet<>();
    /** The one-shot evaluation at the moment a peer's silence becomes too long, and when it runs. */
    private ScheduledFuture<?> silenceCheck;
    private long silenceCheckAt = Long.MAX_VALUE;

    /**
     * @param nodeId             {@code node.id}
     * @param ha                 an enabled {@code ha:} section
     * @param configDigest       digest of what must be configured alike on both members, or empty
     * @param keyRingFingerprint fingerprint of the session key ring (empty only for a witness)
     * @throws IllegalArgumentException if {@code ha} is not enabled (use {@link StandaloneElector})
     */
    public HazelcastRoleElector(String nodeId, HaConfig ha, String configDigest, String keyRingFingerprint) {
        this(ha, NodeIdentity.of(nodeId, ha, configDigest, keyRingFingerprint, System.currentTimeMillis()),
                System::nanoTime);
    }

    /** @param nanoTime the clock of every timeout and of pause detection (tests move it) */
    HazelcastRoleElector(HaConfig ha, NodeIdentity identity, LongSupplier nanoTime) {
        if (!ha.enabled()) {
            throw new IllegalArgumentException("HA is not configured (no ha: section): use StandaloneElector");
        }
        this.ha = ha;
        this.identity = identity;
        this.nanoTime = nanoTime;
        this.settings = new Election.Settings(ha.quorum(), ha.configuredMembers());
        this.intervalNanos = ha.heartbeatInterval().toNanos();
        this.maxSilenceNanos = TimeUnit.SECONDS.toNanos(HazelcastMemberConfig.maxNoHeartbeatSeconds(ha));
        this.statusSilenceNanos = Math.min(maxSilenceNanos, ha.maxNoHeartbeat().toNanos());
        this.settleNanos = maxSilenceNanos + intervalNanos;
        this.pausedHoldNanos = settleNanos + maxSilenceNanos
                + 2 * TimeUnit.SECONDS.toNanos(HazelcastMemberConfig.MERGE_DELAY_SECONDS);
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "tandem-ha-elector-" + identity.nodeId());
            t.setDaemon(true);
            electorThread = t;
            return t;
        });
    }

    /**
     * Starts the embedded Hazelcast member (this blocks until it has joined the group or found
     * itself alone, about a second), then decides on the elector thread.
     */
    @Override
    public void start(Consumer<RoleChange> roleListener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        Config config = HazelcastMemberConfig.build(ha, identity);
        config.addListenerConfig(new ListenerConfig(new Membership()));
        config.addListenerConfig(new ListenerConfig((LifecycleListener) this::onLifecycle));
        LOG.info("HA member {} joining group {} at {} (peers {}; priority {}, override {}, witness {}, quorum {}); "
                        + "a silent peer leaves the election after {} ms and the group after {} s",
                identity.nodeId(), ha.groupId(), ha.bind(), ha.peers(), identity.priority(), identity.override(),
                identity.witness(), ha.quorum(), TimeUnit.NANOSECONDS.toMillis(statusSilenceNanos),
                HazelcastMemberConfig.maxNoHeartbeatSeconds(ha));
        try {
            hazelcast = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot start the HA member at " + ha.bind() + ": " + e.getMessage(), e);
        }
        ITopic<String> peers = hazelcast.getTopic(HazelcastMemberConfig.PEER_TOPIC);
        peerRegistration = peers.addMessageListener(this::onPeerMessage);
        peerTopic = peers;
        executor.execute(() -> begin(roleListener));
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public long epoch() {
        return statuses.maxEpoch();
    }

    @Override
    public List<MemberView> members() {
        return members;
    }

    @Override
    public List<RefusedMember> refusedMembers() {
        return refused;
    }

    /**
     * Picks the best-ranked other member that is not a witness and not refused, and hands over
     * to it as described in the class comment. Blocks while this member's listener releases the
     * service.
     *
     * @throws IllegalStateException if called from the role-change listener
     */
    @Override
    public boolean requestSwitchover() {
        if (Thread.currentThread() == electorThread) {
            throw new IllegalStateException("requestSwitchover must not be called from the role-change listener");
        }
        try {
            Future<Boolean> done = executor.submit(this::switchover);
            return done.get();
        } catch (RejectedExecutionException e) {
            return false; // closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.error("planned switchover failed", e.getCause());
            return false;
        }
    }

    @Override
    public void updateDigests(String configDigest, String keyRingFingerprint) {
        identity = identity.withDigests(configDigest, keyRingFingerprint);
        LOG.info("HA member {} publishes new digests: config {}, key-ring fingerprint {}",
                identity.nodeId(), configDigest, keyRingFingerprint);
        schedule(true);
    }

    @Override
    public void sendToPeers(String body) {
        if (body.length() > PeerMessage.MAX_BODY || !body.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("peer message: " + body.length() + " characters (expected: at most "
                    + PeerMessage.MAX_BODY + " printable ASCII characters)");
        }
        ITopic<String> t = peerTopic;
        if (t == null || closed.get()) {
            return;
        }
        try {
            t.publish(body);
        } catch (RuntimeException e) {
            LOG.debug("peer message not sent: {}", e.toString());
        }
    }

    @Override
    public void onPeerMessage(Consumer<PeerMessage> receiver) {
        peerReceiver = Objects.requireNonNull(receiver, "receiver");
    }

    /**
     * Says goodbye (so the peer takes over at once and knows it is no failure), then leaves the
     * group. Waits at most 10 s for a listener call in progress.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (hazelcast == null) {
            executor.shutdownNow(); // never started, or failed to
            return;
        }
        if (Thread.currentThread() == electorThread) {
            publish();
        } else {
            try {
                executor.submit(this::publish).get(10, TimeUnit.SECONDS);
            } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
                LOG.warn("HA member {} left without a goodbye: {}", identity.nodeId(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        HazelcastInstance hz = hazelcast;
        if (hz != null) {
            hz.shutdown();
        }
        executor.shutdownNow();
    }

    /** For tests: the member vanishes as if its process had been killed (no goodbye, connections dropped). */
    void terminateAbruptly() {
        HazelcastInstance hz = hazelcast;
        if (hz != null) {
            hz.getLifecycleService().terminate();
        }
    }

    // ---- the elector thread

    private void begin(Consumer<RoleChange> roleListener) {
        lastAlive = nanoTime.getAsLong();
        executor.scheduleWithFixedDelay(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        guarded(() -> {
            topic = hazelcast.getTopic(HazelcastMemberConfig.TOPIC);
            topicRegistration = topic.addMessageListener(this::onMessage);
            listener = roleListener;
            publish();
            evaluate();
        });
    }

    private void tick() {
        guarded(() -> {
            long now = nanoTime.getAsLong();
            long paused = now - lastAlive;
            lastAlive = now;
            if (paused > statusSilenceNanos && listener != null) {
                // Peers may have declared this member dead and promoted another: do not serve on as a
                // stale active member, and give the group time to take it back first.
                pauseHoldUntil = now + pausedHoldNanos;
                if (role == Role.ACTIVE) {
                    demote("this member was paused for " + TimeUnit.NANOSECONDS.toMillis(paused) + " ms, longer than"
                            + " a peer waits for its heartbeats (" + TimeUnit.NANOSECONDS.toMillis(statusSilenceNanos)
                            + " ms): stepping down in case the peer took over");
                    return;
                }
            }
            publish();
            evaluate();
        });
    }

    private void evaluate() {
        evaluationPending.set(false);
        if (publishPending.getAndSet(false)) {
            publish();
        }
        HazelcastInstance hz = hazelcast;
        if (closed.get() || listener == null || hz == null || !hz.getLifecycleService().isRunning()) {
            return; // not begun yet (begin() evaluates), or closing
        }
        long now = nanoTime.getAsLong();
        GroupView view = GroupView.of(hz.getCluster().getMembers(), selfState(now), statuses, now, statusSilenceNanos);
        noteArrivalsAndDepartures(view, now);
        scheduleSilenceCheck(view.nextSilenceAt, now);
        Election.Outcome outcome = Election.decide(view.states, settings);
        Optional<String> selfRefusal = record(view, outcome);

        String me = identity.nodeId();
        Election.Decision decision = outcome.decision();
        String reason = selfRefusal.map(r -> REFUSED + r).orElse(decision.reason());
        boolean waiting = false;
        if (decision.active().filter(me::equals).isPresent() && selfRefusal.isEmpty()) {
            boolean handedOver = decision instanceof Election.Decision.HandedOver;
            if (role == Role.ACTIVE) {
                reportFirst(reason);
            } else if (now >= holdUntil && (handedOver || now >= pauseHoldUntil) && settled(view, now)) {
                promote(reason);
                return;
            } else {
                waiting = true;
            }
        } else if (decision instanceof Election.Decision.HandOver h && h.from().equals(me) && role == Role.ACTIVE) {
            handOver(h.to(), reason);
            return;
        } else if (role == Role.ACTIVE) {
            demote(reason);
            return;
        } else if (firstReported || settled(view, now)) {
            reportFirst(reason); // the first decision waits until the members in view were heard from
        } else {
            waiting = true;
        }
        if (!waiting) {
            triggers.clear(); // these events changed nothing, so they do not explain a later change
        }
    }

    private boolean switchover() {
        if (role != Role.ACTIVE) {
            LOG.warn("planned switchover refused: {} is not active", identity.nodeId());
            return false;
        }
        long now = nanoTime.getAsLong();
        GroupView view = GroupView.of(hazelcast.getCluster().getMembers(), selfState(now), statuses, now,
                statusSilenceNanos);
        Set<Integer> refusedIndexes = new HashSet<>();
        Election.decide(view.states, settings).refused().forEach(r -> refusedIndexes.add(r.index()));
        Optional<NodeIdentity> target = Optional.empty();
        for (int i = 0; i < view.states.size(); i++) {
            NodeIdentity m = view.states.get(i).identity();
            if (i != view.selfIndex && !refusedIndexes.contains(i) && !m.witness()
                    && (target.isEmpty() || Election.RANK.compare(m, target.get()) < 0)) {
                target = Optional.of(m);
            }
        }
        if (target.isEmpty()) {
            LOG.warn("planned switchover refused: no other member of group {} can take over", ha.groupId());
            return false;
        }
        NodeIdentity self = identity;
        if (self.override() && self.priority() < target.get().priority()) {
            LOG.warn("planned switchover refused: {} has override and a better priority ({} < {}) than {}, so it"
                            + " would take the role straight back; turn override off or lower its priority first",
                    self.nodeId(), self.priority(), target.get().priority(), target.get().nodeId());
            return false;
        }
        handOver(target.get().nodeId(), "requested");
        return true;
    }

    /** Steps 1 and 2 of the hand-over: release (through the listener), then announce. */
    private void handOver(String to, String reason) {
        role = Role.STANDBY;
        report(Role.STANDBY, PLANNED + to + " (" + reason + ")"); // returns once the proxy released the listener
        handingOverTo = Optional.of(to);
        handOverDeadline = nanoTime.getAsLong() + settleNanos; // counted from the release, however long it took
        publish(); // only now may the target take over
        schedule(false);
    }

    private void promote(String reason) {
        activeEpoch = statuses.nextEpoch();
        role = Role.ACTIVE;
        handingOverTo = Optional.empty();
        publish(); // claim first: the new epoch fences the previous active member at once
        if (!report(Role.ACTIVE, reason)) {
            holdUntil = nanoTime.getAsLong() + settleNanos;
            demote("the role-change listener failed to take the active role; retrying in "
                    + TimeUnit.NANOSECONDS.toMillis(settleNanos) + " ms unless the peer takes over");
        }
        schedule(false);
    }

    private void demote(String reason) {
        role = Role.STANDBY;
        report(Role.STANDBY, reason);
        publish();
        schedule(false);
    }

    private void reportFirst(String reason) {
        if (!firstReported) {
            report(role, reason);
        }
    }

    /**
     * Logs and delivers a role change: INFO for promotions, planned hand-overs and the first
     * decision, WARN for every other step-down and for a refused member.
     *
     * @return false if the listener threw
     */
    private boolean report(Role newRole, String decided) {
        boolean unplanned = firstReported && newRole == Role.STANDBY && !decided.startsWith(PLANNED);
        long epoch = newRole == Role.ACTIVE ? activeEpoch : statuses.maxEpoch();
        String reason = firstReported ? withTriggers(decided) : decided; // joining is not news
        firstReported = true;
        triggers.clear();
        String line = "role change: node={} role={} epoch={} reason={}";
        if (unplanned || decided.startsWith(REFUSED)) {
            LOG.warn(line, identity.nodeId(), newRole, epoch, reason);
        } else {
            LOG.info(line, identity.nodeId(), newRole, epoch, reason);
        }
        try {
            listener.accept(new RoleChange(newRole, epoch, reason));
            return true;
        } catch (RuntimeException e) {
            LOG.error("role-change listener failed on {} (epoch {})", newRole, epoch, e);
            return false;
        } finally {
            lastAlive = nanoTime.getAsLong(); // time spent in the listener is not a pause of the process
        }
    }

    /**
     * Whether every member in view has been heard from, or has been silent for longer than a
     * live member could be: before that, this member might not know who is active.
     */
    private boolean settled(GroupView view, long now) {
        for (UUID silent : view.unheard) {
            if (now - firstSeen.getOrDefault(silent, now) < settleNanos) {
                return false;
            }
        }
        return true;
    }

    private Election.MemberState selfState(long now) {
        if (handingOverTo.isPresent()) {
            String to = handingOverTo.get();
            boolean taken = statuses.claimsActive(to);
            if (taken || now > handOverDeadline) {
                if (!taken) {
                    trigger("hand-over to " + to + " not taken within " + TimeUnit.NANOSECONDS.toMillis(settleNanos)
                            + " ms");
                }
                handingOverTo = Optional.empty();
                publish();
            }
        }
        return new Election.MemberState(identity, role, role == Role.ACTIVE ? activeEpoch : statuses.maxEpoch(),
                handingOverTo);
    }

    private void publish() {
        ITopic<String> t = topic;
        if (t == null) {
            return;
        }
        NodeIdentity me = identity;
        long epoch = role == Role.ACTIVE ? activeEpoch : statuses.maxEpoch();
        StatusMessage status = new StatusMessage(seq.incrementAndGet(), me.nodeId(), role, epoch, handingOverTo,
                closed.get(), me.configDigest(), me.keyRingFingerprint());
        try {
            t.publish(status.encode());
        } catch (RuntimeException e) {
            LOG.debug("status not published: {}", e.toString());
        }
    }

    // ---- what explains a change

    private record Trigger(String text, long at) {
    }

    private void trigger(String text) {
        triggers.add(new Trigger(text, nanoTime.getAsLong()));
        while (triggers.size() > MAX_TRIGGERS) {
            triggers.poll();
        }
    }

    /** Prefixes the events of the last moments that led to this change: "peer a left ...; b is ...". */
    private String withTriggers(String reason) {
        long now = nanoTime.getAsLong();
        List<String> recent = new ArrayList<>();
        for (Trigger t = triggers.poll(); t != null; t = triggers.poll()) {
            if (now - t.at() <= 2 * settleNanos) {
                recent.add(t.text());
            }
        }
        return recent.isEmpty() ? reason : String.join(", ", recent) + "; " + reason;
    }

    /**
     * Compares the member list with the previous one. Done here rather than in the membership
     * listener: the member list may change before the event arrives, and the reason must not
     * depend on which comes first.
     */
    private void noteArrivalsAndDepartures(GroupView view, long now) {
        Map<UUID, String> current = new HashMap<>();
        for (int i = 0; i < view.states.size(); i++) {
            if (i != view.selfIndex) {
                current.put(view.uuids.get(i), view.states.get(i).nodeId());
            }
            firstSeen.putIfAbsent(view.uuids.get(i), now);
        }
        previousView.forEach((uuid, nodeId) -> {
            if (!current.containsKey(uuid)) {
                boolean goodbye = statuses.of(uuid).map(StatusMessage::leaving).orElse(false);
                trigger("peer " + nodeId + " left " + (goodbye ? "(shut down)"
                        : "without a goodbye (crashed, killed, frozen or cut off)"));
            }
        });
        current.forEach((uuid, nodeId) -> {
            if (!previousView.containsKey(uuid) && !previousView.containsValue(nodeId)) {
                trigger("peer " + nodeId + " joined");
            }
        });
        previousView = current;
        firstSeen.keySet().retainAll(view.uuids);
        statuses.prune(Set.copyOf(view.uuids), now, settleNanos);
    }

    /**
     * Publishes the view to the query methods and logs each new refusal or warning once (again
     * only after it went away and came back).
     *
     * @return why this member itself is refused, if it is
     */
    private Optional<String> record(GroupView view, Election.Outcome outcome) {
        Set<Integer> refusedIndexes = new HashSet<>();
        List<RefusedMember> refusedNow = new ArrayList<>(view.anonymous);
        Set<String> problems = new HashSet<>();
        Optional<String> selfRefusal = Optional.empty();
        for (Consistency.Refusal r : outcome.refused()) {
            refusedIndexes.add(r.index());
            String who = view.states.get(r.index()).nodeId();
            String address = view.addresses.get(r.index());
            if (r.index() == view.selfIndex) {
                selfRefusal = Optional.of(r.reason());
                logOnce(problems, "self " + r.reason(), () -> LOG.error(
                        "this member ({}) is refused by group {}: {}; it stays STANDBY while it sees the pair",
                        who, ha.groupId(), r.reason()));
            } else {
                refusedNow.add(new RefusedMember(who, address, r.reason(),
                        view.states.get(r.index()).identity().keyRingFingerprint()));
                logOnce(problems, view.uuids.get(r.index()) + " " + r.reason(), () -> LOG.error(
                        "refusing member {} at {}: {}; it takes no part in the election", who, address, r.reason()));
            }
        }
        for (RefusedMember r : view.anonymous) {
            logOnce(problems, r.address() + " " + r.reason(),
                    () -> LOG.error("refusing member at {}: {}", r.address(), r.reason()));
        }
        for (String warning : outcome.warnings()) {
            logOnce(problems, warning, () -> LOG.warn("{}", warning));
        }
        loggedProblems = problems;
        members = view.memberViews(refusedIndexes, role);
        refused = List.copyOf(refusedNow);
        return selfRefusal;
    }

    private void logOnce(Set<String> current, String key, Runnable log) {
        current.add(key);
        if (!loggedProblems.contains(key)) {
            log.run();
        }
    }

    // ---- Hazelcast's threads: record and schedule, nothing else

    /** Hands an application message to its receiver, which must not block (see {@link RoleElector}). */
    private void onPeerMessage(Message<String> message) {
        Member from = message.getPublishingMember();
        if (from == null || from.localMember() || closed.get()) {
            return;
        }
        Object body = message.getMessageObject();
        Optional<NodeIdentity> sender = MemberAttributes.read(from::getAttribute);
        if (!(body instanceof String text) || text.length() > PeerMessage.MAX_BODY || sender.isEmpty()) {
            LOG.debug("ignoring a peer message from {}: not from a Tandem member, or malformed", from.getAddress());
            return;
        }
        try {
            peerReceiver.accept(new PeerMessage(sender.get().nodeId(), text));
        } catch (RuntimeException e) {
            LOG.error("peer message receiver failed on a message from {}", sender.get().nodeId(), e);
        }
    }

    private void onMessage(Message<String> message) {
        Member from = message.getPublishingMember();
        if (from == null || from.localMember() || from.getUuid() == null) {
            return;
        }
        Optional<StatusMessage> status = StatusMessage.decode(message.getMessageObject());
        if (status.isEmpty()) {
            LOG.debug("ignoring a malformed HA message from {}", from.getAddress());
            return;
        }
        boolean firstFromIt = statuses.record(from.getUuid(), status.get(), nanoTime.getAsLong());
        // Answer a newcomer at once: it may have subscribed after this member's last status went out.
        schedule(firstFromIt);
    }

    /** Logs and wakes the elector; the elector itself works out what changed. */
    private final class Membership implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent event) {
            Member m = event.getMember();
            if (!m.localMember()) {
                LOG.info("HA member {} sees {} join at {}", identity.nodeId(), nodeIdOf(m), GroupView.address(m));
                schedule(true); // tell the newcomer at once who is active
            }
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            Member m = event.getMember();
            boolean goodbye = m.getUuid() != null && statuses.of(m.getUuid()).map(StatusMessage::leaving).orElse(false);
            LOG.info("HA member {} sees {} at {} leave {}", identity.nodeId(), nodeIdOf(m), GroupView.address(m),
                    goodbye ? "(shut down)" : "without a goodbye");
            schedule(false);
        }

        private String nodeIdOf(Member m) {
            return MemberAttributes.read(m::getAttribute).map(NodeIdentity::nodeId).orElse("(unknown)");
        }
    }

    private void onLifecycle(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
            LOG.warn("HA member {}: split brain healed, merged with the other side of group {}",
                    identity.nodeId(), ha.groupId());
            trigger("split brain healed");
            try {
                executor.execute(() -> guarded(this::resubscribe));
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** A merge restarts the member's services under a new member UUID: subscribe again. */
    private void resubscribe() {
        if (topic != null && topicRegistration != null) {
            topic.removeMessageListener(topicRegistration);
            topicRegistration = topic.addMessageListener(this::onMessage);
        }
        ITopic<String> peers = peerTopic;
        if (peers != null && peerRegistration != null) {
            peers.removeMessageListener(peerRegistration);
            peerRegistration = peers.addMessageListener(this::onPeerMessage);
        }
        publish();
        evaluate();
    }

    /** Schedules one evaluation (at most one is pending); {@code publishFirst} also sends this member's status. */
    private void schedule(boolean publishFirst) {
        if (publishFirst) {
            publishPending.set(true);
        }
        if (closed.get() || !evaluationPending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> guarded(this::evaluate));
        } catch (RejectedExecutionException e) {
            evaluationPending.set(false); // closing
        }
    }

    /**
     * Evaluates again the moment the next peer's silence exceeds the lost-heartbeat time. Without
     * this, a frozen active member would be noticed only at the next tick, up to one heartbeat
     * interval later than the settings promise. Every status message moves the moment, so the
     * check is re-armed (at most one is pending).
     */
    private void scheduleSilenceCheck(long at, long now) {
        if (at == silenceCheckAt && silenceCheck != null && !silenceCheck.isDone()) {
            return;
        }
        if (silenceCheck != null) {
            silenceCheck.cancel(false);
            silenceCheck = null;
        }
        silenceCheckAt = at;
        if (at == Long.MAX_VALUE || closed.get()) {
            return;
        }
        long delay = Math.min(Math.max(0, at - now) + TimeUnit.MILLISECONDS.toNanos(1), settleNanos);
        try {
            silenceCheck = executor.schedule(() -> guarded(this::evaluate), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Keeps the periodic tick alive whatever happens in one run. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (!closed.get()) {
                LOG.error("HA elector of {} failed; it goes on at the next event", identity.nodeId(), e);
            }
        }
    }
}
