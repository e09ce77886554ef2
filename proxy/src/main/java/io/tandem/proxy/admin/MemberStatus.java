package io.tandem.proxy.admin;

import io.tandem.ha.Role;
import java.time.Instant;
import java.util.List;

/**
 * This member's place in the pair, as the admin API shows and changes it. TandemServer provides
 * it: {@link StandaloneMember} without HA, an adapter over the role elector with HA.
 *
 * <p>Queries never block and may return state that is already outdated when the caller reads it
 * (a role change can happen at any time). Implementations are thread-safe.
 */
public interface MemberStatus {

    String nodeId();

    Role role();

    /** The fencing epoch this member knows (see the role elector); never decreases. */
    long epoch();

    Instant startedAt();

    String version();

    /** Digest of what must be configured alike on both members; may be empty. */
    String configDigest();

    /** Fingerprint of the session key ring (never a key). */
    String keyRingFingerprint();

    /** The members of the pair, this one included. */
    List<MemberInfo> members();

    /** Members of the group that take no part in the election, with the reason. */
    default List<RefusedMemberInfo> refusedMembers() {
        return List.of();
    }

    /**
     * Starts a planned failover: this member stops taking new requests, drains those in flight,
     * then hands the active role to the standby. Must return at once (the admin API answers 202
     * while the switch runs); the outcome shows in {@link #role()} and in the logs.
     *
     * @return what will happen, or why it cannot (not active, no standby, override would hand
     *         the role straight back); never throws for these cases
     */
    FailoverDecision requestFailover();

    /** Whether this member is in maintenance: not ready for a load balancer, not eligible to take over. */
    boolean maintenance();

    /**
     * Switches maintenance on or off. On: readiness reports 503 and this member should not take
     * the active role; it does not by itself hand the role over (that is {@link #requestFailover}).
     *
     * @return the new state and what it means for this member now
     */
    MaintenanceChange setMaintenance(boolean enabled);

    /**
     * One member as this member sees it.
     *
     * @param node               its node id
     * @param address            its HA address {@code host:port}, or {@code -} without HA
     * @param role               its role as it last reported it
     * @param epoch              the epoch it last reported
     * @param priority           0..255, smaller wins
     * @param self               whether this is the member answering
     * @param configDigest       its configuration digest, as last reported
     * @param keyRingFingerprint its key ring fingerprint, as last reported
     * @param startedAt          when it started
     */
    record MemberInfo(String node, String address, Role role, long epoch, int priority, boolean self,
                      String configDigest, String keyRingFingerprint, Instant startedAt) {
    }

    /** A member that asked to join but takes no part in the election, and why. */
    record RefusedMemberInfo(String node, String address, String reason) {
    }

    /** The answer to {@link #requestFailover}. */
    sealed interface FailoverDecision {
    }

    /**
     * The failover runs.
     *
     * @param from  this member
     * @param to    the member expected to take over
     * @param steps what happens, in order, in words for the operator
     */
    record FailoverAccepted(String from, String to, List<String> steps) implements FailoverDecision {
        public FailoverAccepted {
            steps = List.copyOf(steps);
        }
    }

    /** The failover cannot run; {@code reason} says why (answered 409). */
    record FailoverRefused(String reason) implements FailoverDecision {
    }

    /** @param effect what maintenance means for this member now, in words */
    record MaintenanceChange(boolean enabled, String effect) {
    }
}
