package io.tandem.proxy.admin;

import io.tandem.config.HaConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which members must accept a staged key before it may sign: every configured peer
 * ({@code ha.peers}) that is not a witness, whether it is in view or not. A peer that is down is
 * not left out: were the key committed without it, and the active member failed before the
 * peer caught up, the peer would reject every cookie signed with the new key.
 *
 * <p>Members are named by node id. A configured peer that is not in view is named by the node
 * id last seen at its address, or by its address if it was never seen since this member started
 * (then it is not known whether it is a witness, and it counts). Not thread-safe: used under the
 * rotation's lock.
 */
final class PeerRoster {

    /**
     * A member the rotation needs.
     *
     * @param name       node id, or the configured address of a member never seen
     * @param inView     whether it is in view now
     * @param note       why it may not answer (not in view, refused), for the status detail
     */
    record Needed(String name, boolean inView, Optional<String> note) {
    }

    private final List<String> configured;
    private final Map<String, PairChannel.Peer> lastSeen = new HashMap<>();

    PeerRoster(List<HaConfig.MemberAddress> configuredPeers) {
        this.configured = configuredPeers.stream().map(HaConfig.MemberAddress::toString).toList();
    }

    /** Remembers who was seen at which address. */
    void see(List<PairChannel.Peer> peers) {
        peers.forEach(p -> lastSeen.put(p.address(), p));
    }

    /** The members that must accept a staged key, configured ones first (in their order), then any other in view. */
    List<Needed> needed(List<PairChannel.Peer> inView) {
        see(inView);
        Map<String, PairChannel.Peer> byAddress = new HashMap<>();
        inView.forEach(p -> byAddress.put(p.address(), p));
        List<Needed> needed = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        for (String address : configured) {
            PairChannel.Peer live = byAddress.remove(address);
            PairChannel.Peer seen = lastSeen.get(address);
            if (live != null) {
                if (!live.witness() && named.add(live.nodeId())) {
                    needed.add(new Needed(live.nodeId(), true, live.refusal().map(r -> "refused by the pair: " + r)));
                }
            } else if (seen != null) {
                if (!seen.witness() && named.add(seen.nodeId())) {
                    needed.add(new Needed(seen.nodeId(), false,
                            Optional.of("not in view (down, cut off or not started)")));
                }
            } else if (named.add(address)) {
                needed.add(new Needed(address, false, Optional.of("configured peer at " + address
                        + " not in view since this member started (down, or not started yet)")));
            }
        }
        for (PairChannel.Peer other : byAddress.values()) {
            if (!other.witness() && named.add(other.nodeId())) {
                needed.add(new Needed(other.nodeId(), true, other.refusal().map(r -> "refused by the pair: " + r)));
            }
        }
        return needed;
    }
}
