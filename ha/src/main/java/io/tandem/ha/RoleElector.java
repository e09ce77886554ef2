package io.tandem.ha;

import java.util.List;
import java.util.function.Consumer;

/**
 * Decides this member's role in the pair and reports every change.
 *
 * <h2>Delivery and ordering</h2>
 * Role changes are delivered to the listener given to {@link #start} from one thread, one at a
 * time, in the order they were decided, never while the elector holds a lock and never from a
 * thread of the membership library ({@link HazelcastRoleElector}: its own elector thread;
 * {@link StandaloneElector}: the caller of {@code start}, before it returns). The first
 * decision (active or standby) is always reported, later ones only when the role changes. Every
 * change carries the {@linkplain #epoch() epoch} and a reason for the log. The listener may block, and is
 * expected to for as long as it takes to act on the change, bounded by the caller:
 * <ul>
 *   <li>on {@link Role#STANDBY}: stop serving (drain in-flight requests, release the service
 *       listener) <em>before returning</em>. A planned switchover waits for this return before
 *       it tells the peer to take over; that is what makes it lose no request.</li>
 *   <li>on {@link Role#ACTIVE}: start serving (bind the listener). If the listener throws, the
 *       member steps down again so that the peer can take over, and retries later.</li>
 * </ul>
 * While the listener runs, later decisions wait; none is lost (they are re-evaluated from the
 * current membership when it returns). The listener must not call {@link #requestSwitchover}
 * or {@link #close} (it would wait for itself); the query methods are fine.
 *
 * <h2>Thread-safety</h2>
 * All methods may be called from any thread. {@link #role()}, {@link #epoch()},
 * {@link #members()} and {@link #refusedMembers()} never block; they return the state as of the
 * last decision, which may already be outdated when the caller reads it.
 *
 * <h2>What can go wrong</h2>
 * <ul>
 *   <li><b>Split brain.</b> Members that cannot see each other cannot agree: without a quorum
 *       each side that sees no active member makes itself active, so both serve until the
 *       partition heals; then exactly one stays active and the other steps down. With a witness
 *       and a majority quorum only the side that sees a majority of the configured members is
 *       active; the other side has none.</li>
 *   <li><b>A frozen member wakes up.</b> A member that was paused (SIGSTOP, a long GC, a
 *       suspended VM) may wake up believing it is still active although the peer took over
 *       meanwhile. The {@linkplain #epoch() epoch} is the fencing token: every promotion
 *       anywhere in the pair takes a higher epoch, so the stale member's epoch is lower than the
 *       current active's, and it steps down as soon as it hears from it. Anything that acts on
 *       a role should carry the epoch it was granted with and reject the lower one.</li>
 *   <li><b>Slow failure detection.</b> A killed member (its port refuses connections) is noticed
 *       at once; a silent one (frozen, cable pulled) only after the lost-heartbeat threshold.
 *       Until then the pair may have no active member.</li>
 * </ul>
 */
public interface RoleElector extends AutoCloseable {

    /**
     * Joins the pair and starts the election; the first decision is reported to {@code listener}
     * (possibly before this method returns, always from the elector's own thread).
     *
     * @throws IllegalStateException if already started, or if the member cannot start (e.g. its
     *                               HA address is in use)
     */
    void start(Consumer<RoleChange> listener);

    /** The current role; {@link Role#STANDBY} before the first decision. */
    Role role();

    /**
     * The highest epoch this member knows: when active, the epoch it was promoted with. Never
     * decreases.
     */
    long epoch();

    /** The members taking part in the election, this one included, in the group's member order. */
    List<MemberView> members();

    /** Members of the group that take no part in the election, each with the reason. */
    List<RefusedMember> refusedMembers();

    /**
     * Hands the active role to the best standby member (a planned switchover, e.g. for
     * maintenance). Returns once this member has stepped down (its listener has been told
     * {@link Role#STANDBY} and has returned) and the hand-over has been announced; the peer
     * becomes active shortly after.
     *
     * @return false, with the reason logged, if this member is not active, no other member can
     *         take over, or override would hand the role straight back to this member
     */
    boolean requestSwitchover();

    /**
     * Publishes a new configuration digest or key-ring fingerprint (after a reload or a key
     * rotation) to the other members, which compare it again. The key-ring fingerprint is
     * normally a {@link KeyRingDigest} in its text form, so that the members can tell a rotation
     * in progress from a different ring.
     */
    void updateDigests(String configDigest, String keyRingFingerprint);

    /**
     * Sends an application message to every other member of the group that listens for them
     * ({@link #onPeerMessage}), on the HA channel: best effort, like the status messages. It may
     * be lost (a member that is down or joins later never sees it), arrive twice, or arrive after
     * a later one; nothing is stored. A protocol on top re-sends until the peer's published state
     * shows it took effect. Does nothing before {@link #start} and after {@link #close}, and on a
     * member without peers.
     *
     * @throws IllegalArgumentException if the body is longer than {@link PeerMessage#MAX_BODY}
     *                                  characters or not printable ASCII (tabs allowed)
     */
    void sendToPeers(String body);

    /**
     * Registers the receiver of application messages from other members (one receiver; a later
     * call replaces it). It is called from a thread of the membership library, so it must return
     * quickly and must not block: hand the work to a thread of your own. Messages from this
     * member itself are not delivered.
     */
    void onPeerMessage(Consumer<PeerMessage> receiver);

    /**
     * Leaves the pair. Does not report a role change: the caller stops serving first. Idempotent.
     */
    @Override
    void close();
}
