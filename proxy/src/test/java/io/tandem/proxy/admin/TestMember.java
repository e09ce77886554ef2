package io.tandem.proxy.admin;

import io.tandem.ha.Role;
import java.time.Instant;
import java.util.List;

/** A {@link MemberStatus} whose role and failover answer the test sets. */
final class TestMember implements MemberStatus {

    volatile Role role = Role.ACTIVE;
    volatile boolean maintenance;
    volatile FailoverDecision failover = new FailoverRefused("no standby member: test-a runs without an HA peer");
    volatile RuntimeException failWith;
    final Instant startedAt;

    TestMember(Instant startedAt) {
        this.startedAt = startedAt;
    }

    @Override
    public String nodeId() {
        return "test-a";
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public long epoch() {
        return 7;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public String version() {
        return "0.1.0-test";
    }

    @Override
    public String configDigest() {
        return "cfg-digest";
    }

    @Override
    public String keyRingFingerprint() {
        return "ring-fingerprint";
    }

    @Override
    public List<MemberInfo> members() {
        return List.of(new MemberInfo("test-a", "127.0.0.1:5701", role, 7, 10, true, "cfg-digest", "ring-fingerprint",
                startedAt));
    }

    @Override
    public FailoverDecision requestFailover() {
        if (failWith != null) {
            throw failWith;
        }
        return failover;
    }

    @Override
    public boolean maintenance() {
        return maintenance;
    }

    @Override
    public MaintenanceChange setMaintenance(boolean enabled) {
        maintenance = enabled;
        return new MaintenanceChange(enabled, enabled ? "on" : "off");
    }
}
