package io.tandem.ha;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a member tells the others on the HA topic, at every heartbeat interval and at once on
 * every change: its role and epoch (the active member's announcement), a hand-over of the active
 * role, a goodbye, and its current digests. Plain messages, never stored: a member that misses
 * one gets the next.
 *
 * <p>Encoded as tab-separated text (a {@code String} needs no serializer on either side, and a
 * foreign or malformed message is just ignored). Fields never contain tabs: node ids and
 * digests are checked by {@link NodeIdentity}.
 *
 * @param seq        increases with every message of one member incarnation; older ones are ignored
 * @param handOverTo after a planned step-down: the node id that should take over
 * @param leaving    the member is shutting down (so its departure is not a failure)
 */
record StatusMessage(long seq, String nodeId, Role role, long epoch, Optional<String> handOverTo, boolean leaving,
                     String configDigest, String keyRingFingerprint) {

    private static final String VERSION = "tandem-ha/1";
    private static final Pattern TAB = Pattern.compile("\t");

    StatusMessage {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(handOverTo, "handOverTo");
        Objects.requireNonNull(configDigest, "configDigest");
        Objects.requireNonNull(keyRingFingerprint, "keyRingFingerprint");
    }

    String encode() {
        return String.join("\t", VERSION, Long.toString(seq), nodeId, role.name(), Long.toString(epoch),
                handOverTo.orElse(""), leaving ? "1" : "0", configDigest, keyRingFingerprint);
    }

    /** @return empty for anything that is not a well-formed message of this version */
    static Optional<StatusMessage> decode(Object payload) {
        if (!(payload instanceof String text)) {
            return Optional.empty();
        }
        String[] f = TAB.split(text, -1);
        if (f.length != 9 || !f[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            Role role = Role.valueOf(f[3]);
            NodeIdentity check = new NodeIdentity(f[2], 0, false, false, f[7], f[8], 0); // validates id and digests
            return Optional.of(new StatusMessage(Long.parseLong(f[1]), check.nodeId(), role, Long.parseLong(f[4]),
                    f[5].isEmpty() ? Optional.empty() : Optional.of(f[5]), f[6].equals("1"), f[7], f[8]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
