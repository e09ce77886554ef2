package io.tandem.ha;

import java.util.Objects;

/**
 * A member in the same group that takes no part in the election, and why: a different key-ring
 * fingerprint, a node id already taken, or no Tandem identity at all.
 *
 * @param nodeId  its node id, or {@code (unknown)} if it published none
 * @param address its HA address, {@code host:port}
 * @param reason  for the log and the admin API; names fingerprints, never keys
 */
public record RefusedMember(String nodeId, String address, String reason) {

    public RefusedMember {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
    }
}
