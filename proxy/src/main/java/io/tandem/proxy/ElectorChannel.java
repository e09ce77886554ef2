package io.tandem.proxy;

import io.tandem.ha.KeyRingDigest;
import io.tandem.ha.MemberView;
import io.tandem.ha.RefusedMember;
import io.tandem.ha.RoleElector;
import io.tandem.proxy.admin.PairChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key rotation's {@link PairChannel} over the member's {@link RoleElector}: messages on the
 * elector's peer topic, and the other members as the election sees them (refused ones too, with
 * the key-ring digest they published). Thread-safe.
 */
final class ElectorChannel implements PairChannel {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.keys");

    private final RoleElector elector;

    ElectorChannel(RoleElector elector) {
        this.elector = Objects.requireNonNull(elector, "elector");
    }

    @Override
    public void send(String message) {
        try {
            elector.sendToPeers(message);
        } catch (RuntimeException e) {
            LOG.warn("key rotation message not sent: {}", e.toString());
        }
    }

    @Override
    public List<Peer> peers() {
        List<Peer> peers = new ArrayList<>();
        for (MemberView m : elector.members()) {
            if (!m.self()) {
                peers.add(new Peer(m.identity().nodeId(), m.address(), m.identity().witness(),
                        KeyRingDigest.parse(m.identity().keyRingFingerprint()), Optional.empty()));
            }
        }
        for (RefusedMember r : elector.refusedMembers()) {
            peers.add(new Peer(r.nodeId(), r.address(), false, KeyRingDigest.parse(r.keyRingFingerprint()),
                    Optional.of(r.reason())));
        }
        return peers;
    }
}
