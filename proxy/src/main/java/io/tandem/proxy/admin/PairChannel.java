package io.tandem.proxy.admin;

import io.tandem.ha.KeyRingDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a pair-wide key rotation reaches the other members: best-effort messages on the HA channel
 * and the other members as the election sees them, with the key-ring digest each one published.
 * Implemented over the {@link io.tandem.ha.RoleElector} in a running member, in memory by tests.
 * Thread-safe.
 */
public interface PairChannel {

    /**
     * Sends a message to every other member; it may be lost, repeated or reordered, so the
     * rotation re-sends until the peers' digests show the effect. Never blocks for long, never throws.
     */
    void send(String message);

    /** The other members now in view, refused ones included, never this member. */
    List<Peer> peers();

    /**
     * Another member as this one sees it.
     *
     * @param nodeId  its node id
     * @param address its HA address ({@code host:port}), as written in {@code ha.peers}
     * @param witness a witness: votes, never serves, takes no part in rotations
     * @param keyRing what it published about its key ring (empty fingerprint and no keys when refused)
     * @param refusal why the pair refuses it, if it does
     */
    record Peer(String nodeId, String address, boolean witness, KeyRingDigest keyRing, Optional<String> refusal) {
        public Peer {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(keyRing, "keyRing");
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
