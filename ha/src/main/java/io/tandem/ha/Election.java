package io.tandem.ha;

import io.tandem.config.HaConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Who should be active, as a pure function of one member's view of the group. Every member
 * runs it on its own view; since the decision depends only on that view (not on which member
 * computes it), members that see the same members and statuses reach the same decision. The
 * elector turns the decision into a role for itself.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Members whose key-ring fingerprint differs from the pair's, and later members reusing a
 *       node id, are refused (see {@link Consistency}) and take no part, not even as voters.</li>
 *   <li>With {@link HaConfig.Quorum#MAJORITY}, nobody is active unless more than half of the
 *       configured members (witness included) are in view.</li>
 *   <li>Witnesses are never active.</li>
 *   <li>If members claim the active role, the one with the highest epoch keeps it (a member
 *       with a lower epoch is stale: a split brain that healed, or a member that was frozen);
 *       equal epochs are ranked as below. The one that keeps it stays active even if a member
 *       with a better priority is present, unless that member has override on and a strictly
 *       better priority: then the decision is a {@link Decision.HandOver}.</li>
 *   <li>With no active member, a member whose last status hands the role over to another
 *       candidate makes that candidate active: {@link Decision.HandedOver}, the second half of
 *       a planned switchover.</li>
 *   <li>Otherwise the best-ranked candidate: smallest priority, then longest uptime (earliest
 *       start), then first node id in lexicographic order.</li>
 * </ol>
 */
final class Election {

    /** Smaller is better: priority, then earlier start, then node id. */
    static final Comparator<NodeIdentity> RANK = Comparator.comparingInt(NodeIdentity::priority)
            .thenComparingLong(NodeIdentity::startedAt)
            .thenComparing(NodeIdentity::nodeId);

    private Election() {
    }

    /**
     * A member in view and its last reported status.
     *
     * @param role       the role it last reported ({@link Role#STANDBY} until it reports one)
     * @param epoch      the epoch of that report
     * @param handOverTo the node id it is handing the active role to, after a planned step-down
     */
    record MemberState(NodeIdentity identity, Role role, long epoch, Optional<String> handOverTo) {

        MemberState {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(handOverTo, "handOverTo");
        }

        static MemberState standby(NodeIdentity identity) {
            return new MemberState(identity, Role.STANDBY, 0, Optional.empty());
        }

        String nodeId() {
            return identity.nodeId();
        }
    }

    /** @param configuredMembers this member and its configured peers */
    record Settings(HaConfig.Quorum quorum, int configuredMembers) {

        Settings {
            Objects.requireNonNull(quorum, "quorum");
        }
    }

    /** Who should be active. */
    sealed interface Decision {

        String reason();

        /** The member that should be active now, if any (not during a {@link HandOver}: the holder still is). */
        default Optional<String> active() {
            if (this instanceof Elected e) {
                return Optional.of(e.nodeId());
            }
            if (this instanceof HandedOver h) {
                return Optional.of(h.to());
            }
            return Optional.empty();
        }

        /** {@code nodeId} should be active (it may be already). */
        record Elected(String nodeId, String reason) implements Decision {
        }

        /**
         * The active member {@code from} should hand the role to {@code to} (override): a planned
         * switchover, started by {@code from}; {@code to} waits for it.
         */
        record HandOver(String from, String to, String reason) implements Decision {
        }

        /**
         * {@code to} should be active because {@code from} stepped down for it: the second half of
         * a planned switchover. Fresh news by construction, so it also wakes a member that holds
         * back after a pause.
         */
        record HandedOver(String from, String to, String reason) implements Decision {
        }

        /** Nobody should be active: no quorum, or only witnesses and refused members in view. */
        record NoActive(String reason) implements Decision {
        }
    }

    /**
     * @param refused  indexes into the member list, with the reason
     * @param warnings differences worth a warning but not a refusal (configuration digests)
     */
    record Outcome(Decision decision, List<Consistency.Refusal> refused, List<String> warnings) {
    }

    /**
     * @param members every member in view, this one included, in the group's member order
     *                (oldest first)
     */
    static Outcome decide(List<MemberState> members, Settings settings) {
        Consistency.Result consistency = Consistency.check(members);
        Set<Integer> refused = consistency.refused().stream().map(Consistency.Refusal::index).collect(Collectors.toSet());
        List<MemberState> accepted = IntStream.range(0, members.size())
                .filter(i -> !refused.contains(i)).mapToObj(members::get).toList();
        return new Outcome(decideAmong(accepted, settings), consistency.refused(), consistency.warnings());
    }

    private static Decision decideAmong(List<MemberState> accepted, Settings settings) {
        int needed = settings.configuredMembers() / 2 + 1;
        if (settings.quorum() == HaConfig.Quorum.MAJORITY && accepted.size() < needed) {
            return new Decision.NoActive("no quorum: " + accepted.size() + " of " + settings.configuredMembers()
                    + " configured members in view, " + needed + " needed");
        }
        List<MemberState> candidates = accepted.stream().filter(m -> !m.identity().witness()).toList();
        if (candidates.isEmpty()) {
            return new Decision.NoActive("no member in view can be active (only witnesses or refused members)");
        }
        List<NodeIdentity> ranked = candidates.stream().map(MemberState::identity).sorted(RANK).toList();
        NodeIdentity best = ranked.get(0);

        List<MemberState> claims = candidates.stream().filter(m -> m.role() == Role.ACTIVE)
                .sorted(Comparator.comparingLong(MemberState::epoch).reversed()
                        .thenComparing(MemberState::identity, RANK))
                .toList();
        if (!claims.isEmpty()) {
            MemberState incumbent = claims.get(0);
            NodeIdentity holder = incumbent.identity();
            if (!best.nodeId().equals(holder.nodeId()) && best.override() && best.priority() < holder.priority()) {
                return new Decision.HandOver(holder.nodeId(), best.nodeId(), best.nodeId() + " has a better priority ("
                        + best.priority() + " < " + holder.priority() + ") and override: " + holder.nodeId() + " hands over");
            }
            return new Decision.Elected(holder.nodeId(), keepReason(incumbent, claims, best));
        }
        for (MemberState m : accepted) {
            Optional<String> to = m.handOverTo();
            if (to.isPresent() && candidates.stream().anyMatch(c -> c.nodeId().equals(to.get()))) {
                return new Decision.HandedOver(m.nodeId(), to.get(), m.nodeId() + " hands over to " + to.get());
            }
        }
        return new Decision.Elected(best.nodeId(), bestReason(ranked));
    }

    private static String keepReason(MemberState incumbent, List<MemberState> claims, NodeIdentity best) {
        String id = incumbent.nodeId();
        if (claims.size() > 1) {
            return claims.get(1).epoch() < incumbent.epoch()
                    ? id + " stays active: it has the highest epoch (" + incumbent.epoch() + ") of "
                            + claims.size() + " active members"
                    : id + " stays active: " + claims.size() + " active members at epoch " + incumbent.epoch()
                            + ", " + id + " ranks first";
        }
        if (best.priority() < incumbent.identity().priority()) {
            return id + " stays active (epoch " + incumbent.epoch() + "): " + best.nodeId()
                    + " has a better priority but no override";
        }
        return id + " stays active (epoch " + incumbent.epoch() + ")";
    }

    private static String bestReason(List<NodeIdentity> ranked) {
        NodeIdentity best = ranked.get(0);
        if (ranked.size() == 1) {
            return best.nodeId() + " is the only member that can be active";
        }
        NodeIdentity next = ranked.get(1);
        if (best.priority() != next.priority()) {
            return best.nodeId() + " has the best priority (" + best.priority() + "; next " + next.priority() + ")";
        }
        if (best.startedAt() != next.startedAt()) {
            return best.nodeId() + " has the longest uptime among priority " + best.priority();
        }
        return best.nodeId() + " has the first node id among priority " + best.priority() + " with equal uptime";
    }
}
