package io.tandem.ha;

import com.hazelcast.cluster.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One look at the group: the Hazelcast member list (in its order, oldest first) turned into
 * what the {@link Election} needs, each member with its identity (member attributes, digests
 * from its last status) and last reported role. Members without a Tandem identity are set
 * aside as refused; members not heard from yet count as standby and are listed as unheard.
 *
 * <p>A member whose status messages have stopped for longer than the lost-heartbeat time
 * ({@code ha.heartbeat-interval x ha.lost-heartbeat-threshold}) is left out, as if it had left,
 * although Hazelcast still lists it: Hazelcast only counts missed heartbeats in whole seconds
 * (2 s at the least), while the status messages follow the configured interval, so a frozen
 * active member is replaced as fast as the settings say. Its own status, once it wakes up,
 * brings it back into view; the epoch decides which of two active members keeps the role.
 */
final class GroupView {

    final List<Election.MemberState> states = new ArrayList<>();
    final List<UUID> uuids = new ArrayList<>();
    final List<String> addresses = new ArrayList<>();
    final List<RefusedMember> anonymous = new ArrayList<>();
    final List<UUID> unheard = new ArrayList<>();
    /** Members left out because their status messages stopped (frozen, or cut off). */
    final List<String> silent = new ArrayList<>();
    /**
     * Elector time at which the first member still in view will have been silent too long, or
     * {@link Long#MAX_VALUE}: the elector looks again exactly then instead of at its next tick.
     */
    long nextSilenceAt = Long.MAX_VALUE;
    int selfIndex = -1;

    private GroupView() {
    }

    /**
     * @param now           elector clock, nanos
     * @param silenceNanos  a member whose last status is older than this is left out
     */
    static GroupView of(Collection<Member> members, Election.MemberState self, PeerStatuses statuses, long now,
            long silenceNanos) {
        GroupView view = new GroupView();
        for (Member m : members) {
            if (m.localMember()) {
                view.selfIndex = view.states.size();
                view.add(m, self);
                continue;
            }
            Optional<NodeIdentity> published = MemberAttributes.read(m::getAttribute);
            if (published.isEmpty()) {
                view.anonymous.add(new RefusedMember("(unknown)", address(m),
                        "published no Tandem identity (not a Tandem member of this version)"));
                continue;
            }
            Optional<PeerStatuses.Received> last = statuses.received(m.getUuid());
            if (last.isEmpty()) {
                view.unheard.add(m.getUuid());
                view.add(m, Election.MemberState.standby(published.get()));
                continue;
            }
            long silentAt = last.get().receivedAt() + silenceNanos;
            if (now > silentAt) {
                view.silent.add(published.get().nodeId());
                continue;
            }
            view.nextSilenceAt = Math.min(view.nextSilenceAt, silentAt);
            StatusMessage s = last.get().status();
            view.add(m, new Election.MemberState(published.get().withDigests(s.configDigest(), s.keyRingFingerprint()),
                    s.leaving() ? Role.STANDBY : s.role(), s.epoch(), s.handOverTo()));
        }
        return view;
    }

    /** The members taking part, for {@link RoleElector#members()}. */
    List<MemberView> memberViews(Set<Integer> refused, Role selfRole) {
        List<MemberView> views = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            if (!refused.contains(i)) {
                Election.MemberState s = states.get(i);
                boolean self = i == selfIndex;
                views.add(new MemberView(s.identity(), addresses.get(i), self ? selfRole : s.role(), s.epoch(), self));
            }
        }
        return List.copyOf(views);
    }

    /** {@code 10.0.0.1:5701} or {@code [fd00::1]:5701}. */
    static String address(Member m) {
        String host = m.getAddress().getHost();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + m.getAddress().getPort();
    }

    private void add(Member m, Election.MemberState state) {
        states.add(state);
        uuids.add(m.getUuid());
        addresses.add(address(m));
    }
}
