package io.tandem.proxy;

import io.tandem.ha.KeyRingDigest;
import io.tandem.ha.MemberView;
import io.tandem.ha.Role;
import io.tandem.ha.RoleElector;
import io.tandem.proxy.admin.MemberStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's view of a member that belongs to a pair: role, epoch and members come from the
 * {@link RoleElector}; a planned failover runs the elector's switchover on a thread of its own, so
 * the API can answer 202 at once while the listener drains.
 *
 * <p>Maintenance only takes this member out of readiness; it does not hand the role over.
 * Thread-safe.
 */
final class PairMember implements MemberStatus {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.ha");

    private final RoleElector elector;
    private final String nodeId;
    private final String version;
    private final Instant startedAt;
    private final Supplier<String> configDigest;
    private final Supplier<String> keyRingFingerprint;
    private volatile boolean maintenance;

    PairMember(RoleElector elector, String nodeId, String version, Instant startedAt, Supplier<String> configDigest,
            Supplier<String> keyRingFingerprint) {
        this.elector = Objects.requireNonNull(elector, "elector");
        this.nodeId = nodeId;
        this.version = version;
        this.startedAt = startedAt;
        this.configDigest = configDigest;
        this.keyRingFingerprint = keyRingFingerprint;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Role role() {
        return elector.role();
    }

    @Override
    public long epoch() {
        return elector.epoch();
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
        return elector.members().stream().map(PairMember::info).toList();
    }

    @Override
    public List<RefusedMemberInfo> refusedMembers() {
        return elector.refusedMembers().stream()
                .map(r -> new RefusedMemberInfo(r.nodeId(), r.address(), r.reason()))
                .toList();
    }

    @Override
    public FailoverDecision requestFailover() {
        if (elector.role() != Role.ACTIVE) {
            return new FailoverRefused(nodeId + " is not the active member (role " + elector.role() + ")");
        }
        Optional<MemberView> standby = elector.members().stream()
                .filter(m -> !m.self() && !m.identity().witness())
                .findFirst();
        if (standby.isEmpty()) {
            return new FailoverRefused("no standby member can take over from " + nodeId);
        }
        String to = standby.get().identity().nodeId();
        Thread switchover = new Thread(() -> {
            if (!elector.requestSwitchover()) {
                LOG.warn("planned failover from {} did not run; see the elector's log line for why", nodeId);
            }
        }, "tandem-switchover");
        switchover.setDaemon(true);
        switchover.start();
        return new FailoverAccepted(nodeId, to, List.of(
                nodeId + " stops accepting connections (new ones are refused; clients retry)",
                "requests in flight on " + nodeId + " finish; keep-alive clients are told to close",
                to + " is told to take over, binds the listener and serves with a higher epoch"));
    }

    @Override
    public boolean maintenance() {
        return maintenance;
    }

    @Override
    public MaintenanceChange setMaintenance(boolean enabled) {
        maintenance = enabled;
        return new MaintenanceChange(enabled, enabled
                ? "readiness reports 503 on " + nodeId + "; use a planned failover to hand the active role over"
                : "readiness follows the role and the backends again");
    }

    private static MemberInfo info(MemberView m) {
        var id = m.identity();
        return new MemberInfo(id.nodeId(), m.address(), m.role(), m.epoch(), id.priority(), m.self(),
                id.configDigest(), KeyRingDigest.parse(id.keyRingFingerprint()).fingerprint(),
                Instant.ofEpochMilli(id.startedAt()));
    }
}
