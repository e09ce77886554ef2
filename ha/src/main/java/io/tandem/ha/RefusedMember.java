package io.tandem.ha;

import java.util.Objects;

/**
 * A member in the same group that takes no part in the election, and why: a different key-ring
 * fingerprint, a node id already taken, or no Tandem identity at all.
 *
 * @param nodeId  its node id, or {@code (unknown)} if it published none
 * @param address its HA address, {@code host:port}
 * @param reason  for the log and the admin API; names fingerprints, never keys
 * @param keyRingFingerprint what it last published about its key ring ({@link KeyRingDigest} text
 *                           form), empty if it published nothing: lets a member that holds the
 *                           pair's newer ring bring a refused one up to date
 */
public record RefusedMember(String nodeId, String address, String reason, String keyRingFingerprint) {

    public RefusedMember {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(keyRingFingerprint, "keyRingFingerprint");
    }

    /** A refused member whose key ring is not known. */
    public RefusedMember(String nodeId, String address, String reason) {
        this(nodeId, address, reason, "");
    }
}
