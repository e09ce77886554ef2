package io.tandem.ha;

import io.tandem.config.HaConfig;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a member is, as every other member of the pair sees it. Published when the member joins
 * (as Hazelcast member attributes, which never change) and refreshed in its status messages, so
 * a new key ring or configuration is seen by the peer without a restart.
 *
 * @param nodeId             {@code node.id}, unique in the pair
 * @param priority           0..255, smaller wins
 * @param override           whether this member takes the role from a healthy active member of worse priority
 * @param witness            a witness votes but is never active
 * @param configDigest       digest of the configuration that must be equal on both members; a
 *                           difference is logged as a warning. May be empty (not computed)
 * @param keyRingFingerprint what the member publishes about its session key ring (never the keys):
 *                           a {@link KeyRingDigest} in its text form, or a bare fingerprint; a
 *                           member whose ring is not compatible with the pair's is refused. May be
 *                           empty only for a witness
 * @param startedAt          when the member started, epoch millis: the earlier wins a priority tie
 */
public record NodeIdentity(String nodeId, int priority, boolean override, boolean witness, String configDigest,
                           String keyRingFingerprint, long startedAt) {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    /** Digests travel in member attributes and tab-separated messages: printable, no spaces. */
    private static final Pattern DIGEST = Pattern.compile("[\\x21-\\x7e]{0,128}");
    private static final Pattern KEY_RING = Pattern.compile("[\\x21-\\x7e]{0," + KeyRingDigest.MAX_TEXT + "}");

    public NodeIdentity {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(configDigest, "configDigest");
        Objects.requireNonNull(keyRingFingerprint, "keyRingFingerprint");
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("nodeId " + nodeId + " (expected: [A-Za-z0-9_.-]{1,32})");
        }
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + " (expected: 0..255)");
        }
        if (!DIGEST.matcher(configDigest).matches() || !KEY_RING.matcher(keyRingFingerprint).matches()) {
            throw new IllegalArgumentException("digests must be printable ASCII characters without spaces, at most 128"
                    + " (config) and " + KeyRingDigest.MAX_TEXT + " (key ring)");
        }
        if (startedAt < 0) {
            throw new IllegalArgumentException("startedAt " + startedAt + " (expected: >= 0)");
        }
    }

    /** The identity of this member from its configuration. */
    public static NodeIdentity of(String nodeId, HaConfig ha, String configDigest, String keyRingFingerprint,
                                  long startedAt) {
        return new NodeIdentity(nodeId, ha.priority(), ha.override(), ha.witness(), configDigest,
                keyRingFingerprint, startedAt);
    }

    /** The same member with a new configuration digest and key-ring fingerprint. */
    public NodeIdentity withDigests(String newConfigDigest, String newKeyRingFingerprint) {
        return new NodeIdentity(nodeId, priority, override, witness, newConfigDigest, newKeyRingFingerprint, startedAt);
    }
}
