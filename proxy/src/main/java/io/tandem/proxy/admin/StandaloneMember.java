package io.tandem.proxy.admin;

import io.tandem.ha.Role;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link MemberStatus} of a member without an HA peer: always active at epoch 1, the only
 * member, and a failover is refused because nobody could take over. Maintenance only makes the
 * readiness route report 503, so that an external load balancer drains this member.
 *
 * <p>Thread-safe.
 */
public final class StandaloneMember implements MemberStatus {

    private final String nodeId;
    private final String version;
    private final Instant startedAt;
    private final Supplier<String> configDigest;
    private final Supplier<String> keyRingFingerprint;
    private volatile boolean maintenance;

    /**
     * @param configDigest       read on every call, so a reload shows
     * @param keyRingFingerprint read on every call, so a key rotation shows
     */
    public StandaloneMember(String nodeId, String version, Instant startedAt, Supplier<String> configDigest,
                            Supplier<String> keyRingFingerprint) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.version = Objects.requireNonNull(version, "version");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.configDigest = Objects.requireNonNull(configDigest, "configDigest");
        this.keyRingFingerprint = Objects.requireNonNull(keyRingFingerprint, "keyRingFingerprint");
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Role role() {
        return Role.ACTIVE;
    }

    @Override
    public long epoch() {
        return 1;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String configDigest() {
        return configDigest.get();
    }

    @Override
    public String keyRingFingerprint() {
        return keyRingFingerprint.get();
    }

    @Override
    public List<MemberInfo> members() {
        return List.of(new MemberInfo(nodeId, "-", Role.ACTIVE, 1, 0, true, configDigest(), keyRingFingerprint(),
                startedAt));
    }

    @Override
    public FailoverDecision requestFailover() {
        return new FailoverRefused("no standby member: " + nodeId + " runs without an HA peer");
    }

    @Override
    public boolean maintenance() {
        return maintenance;
    }

    @Override
    public MaintenanceChange setMaintenance(boolean enabled) {
        maintenance = enabled;
        return new MaintenanceChange(enabled, enabled
                ? "readiness reports 503 so that a load balancer drains " + nodeId
                        + "; it keeps serving, as there is no standby member to take over"
                : "readiness follows the role and the backends again");
    }
}
