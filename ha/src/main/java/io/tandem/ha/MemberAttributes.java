package io.tandem.ha;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link NodeIdentity} as Hazelcast member attributes, which every member sees for every
 * other member from the moment it joins. They cannot change afterwards: later digests travel in
 * {@link StatusMessage}s.
 */
final class MemberAttributes {

    static final String NODE_ID = "tandem.node-id";
    static final String PRIORITY = "tandem.priority";
    static final String OVERRIDE = "tandem.override";
    static final String WITNESS = "tandem.witness";
    static final String CONFIG_DIGEST = "tandem.config-digest";
    static final String KEY_RING_FINGERPRINT = "tandem.key-ring-fingerprint";
    static final String STARTED_AT = "tandem.started-at";

    private MemberAttributes() {
    }

    static Map<String, String> of(NodeIdentity identity) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(NODE_ID, identity.nodeId());
        attributes.put(PRIORITY, Integer.toString(identity.priority()));
        attributes.put(OVERRIDE, Boolean.toString(identity.override()));
        attributes.put(WITNESS, Boolean.toString(identity.witness()));
        attributes.put(CONFIG_DIGEST, identity.configDigest());
        attributes.put(KEY_RING_FINGERPRINT, identity.keyRingFingerprint());
        attributes.put(STARTED_AT, Long.toString(identity.startedAt()));
        return attributes;
    }

    /** @return empty if the member published no (valid) Tandem identity, e.g. it is not a Tandem member */
    static Optional<NodeIdentity> read(Function<String, String> attribute) {
        try {
            String nodeId = attribute.apply(NODE_ID);
            String priority = attribute.apply(PRIORITY);
            String startedAt = attribute.apply(STARTED_AT);
            String digest = attribute.apply(CONFIG_DIGEST);
            String fingerprint = attribute.apply(KEY_RING_FINGERPRINT);
            if (nodeId == null || priority == null || startedAt == null || digest == null || fingerprint == null) {
                return Optional.empty();
            }
            return Optional.of(new NodeIdentity(nodeId, Integer.parseInt(priority),
                    Boolean.parseBoolean(attribute.apply(OVERRIDE)), Boolean.parseBoolean(attribute.apply(WITNESS)),
                    digest, fingerprint, Long.parseLong(startedAt)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
