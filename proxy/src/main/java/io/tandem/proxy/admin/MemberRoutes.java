package io.tandem.proxy.admin;

import io.tandem.ha.Role;
import io.tandem.proxy.admin.MemberStatus.FailoverAccepted;
import io.tandem.proxy.admin.MemberStatus.FailoverDecision;
import io.tandem.proxy.admin.MemberStatus.FailoverRefused;
import io.tandem.proxy.admin.MemberStatus.MaintenanceChange;
import io.tandem.proxy.admin.MemberStatus.MemberInfo;
import io.tandem.proxy.admin.MemberStatus.RefusedMemberInfo;
import io.undertow.util.StatusCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Status, members, planned failover, maintenance, and the unauthenticated health and readiness
 * routes for load balancers and container health checks.
 */
final class MemberRoutes {

    private final MemberStatus member;
    private final BackendStatus backends;
    private final Clock clock;

    MemberRoutes(MemberStatus member, BackendStatus backends, Clock clock) {
        this.member = member;
        this.backends = backends;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/status", AdminRole.READ_ONLY, r -> Reply.ok(status())),
                Route.get("/ha/members", AdminRole.READ_ONLY, r -> Reply.ok(new Members(member.members(),
                        member.refusedMembers()))),
                Route.post("/ha/failover", r -> failover()),
                Route.post("/maintenance", this::maintenance),
                Route.get("/health", null, r -> Reply.ok(new Health("up", member.nodeId()))),
                Route.get("/ready", null, r -> ready()));
    }

    record Status(String node, Role role, long epoch, long uptimeSeconds, Instant startedAt, String version,
                  String configDigest, String keyRingFingerprint, boolean maintenance,
                  List<BackendStatus.BackendInfo> backends) {
    }

    record Members(List<MemberInfo> members, List<RefusedMemberInfo> refused) {
    }

    record Failover(String status, String from, String to, List<String> steps) {
    }

    record MaintenanceRequest(Boolean enabled) {
    }

    record Health(String status, String node) {
    }

    record Ready(boolean ready, String node, Role role, int healthyBackends) {
    }

    private Status status() {
        Instant started = member.startedAt();
        long uptime = Math.max(0, Duration.between(started, clock.instant()).toSeconds());
        return new Status(member.nodeId(), member.role(), member.epoch(), uptime, started, member.version(),
                member.configDigest(), member.keyRingFingerprint(), member.maintenance(), backends.backends());
    }

    private Reply failover() {
        FailoverDecision decision = member.requestFailover();
        if (decision instanceof FailoverAccepted accepted) {
            return Reply.accepted(new Failover("accepted", accepted.from(), accepted.to(), accepted.steps()));
        }
        throw ProblemException.conflict("failover-refused", ((FailoverRefused) decision).reason());
    }

    private Reply maintenance(AdminRequest request) throws Exception {
        MaintenanceRequest body = request.json(MaintenanceRequest.class);
        if (body.enabled() == null) {
            throw ProblemException.unprocessable("validation-failed", "enabled: (missing) (expected: true or false)")
                    .with("problems", List.of("enabled: (missing) (expected: true or false)"));
        }
        MaintenanceChange change = member.setMaintenance(body.enabled());
        return Reply.ok(change);
    }

    /**
     * 200 only when this member is the active one, not in maintenance, and has at least one
     * healthy backend; otherwise 503 listing every reason.
     */
    private Reply ready() {
        List<String> reasons = new ArrayList<>();
        Role role = member.role();
        if (role != Role.ACTIVE) {
            reasons.add("role: " + role.name().toLowerCase(java.util.Locale.ROOT) + " (expected: active)");
        }
        if (member.maintenance()) {
            reasons.add("maintenance: on (expected: off)");
        }
        int healthy = (int) backends.backends().stream().filter(BackendStatus.BackendInfo::up).count();
        if (healthy == 0) {
            reasons.add("healthy backends: 0 (expected: at least 1)");
        }
        if (!reasons.isEmpty()) {
            throw ProblemException.of(StatusCodes.SERVICE_UNAVAILABLE, "not-ready", String.join("; ", reasons))
                    .with("reasons", reasons)
                    .with("role", role.name().toLowerCase(java.util.Locale.ROOT))
                    .with("healthy_backends", healthy);
        }
        return Reply.ok(new Ready(true, member.nodeId(), role, healthy));
    }
}
