package io.tandem.it.pair;

import static org.awaitility.Awaitility.await;

import io.tandem.farm.MagentoFarm;
import io.tandem.farm.MagentoInstance;
import io.tandem.it.MemberConfig;
import io.tandem.it.TandemProcess;
import io.tandem.proxy.admin.TokenHashes;
import io.tandem.session.KeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A shop farm of three instances in this JVM and a Tandem pair in front of it, each member a
 * process of its own ({@code java -jar tandem.jar run}): member A ({@code it-a}, priority 1) and
 * member B ({@code it-b}, priority 2), each with its own directory, configuration, admin port and
 * HA port, both reading one shared key-ring file; {@code heartbeat-interval: 500ms} and
 * {@code lost-heartbeat-threshold: 3} (the defaults) unless given. {@link #start} returns once A is active, B is
 * standby and both list two members.
 *
 * <p>In the {@code listener} takeover mode both members configure the same service address and
 * port, which only the active member binds; in the {@code load-balancer} mode each member has a
 * service port of its own and the standby answers 503.
 *
 * <p>Waiting is generous (tens of seconds: the machine may be busy with other builds); what
 * happened is asserted strictly by the tests. {@link #close()} kills every member process,
 * frozen or not, and stops the farm, whatever state the test left them in.
 */
public final class PairDeployment implements AutoCloseable {

    /** How clients follow the active role ({@code ha.takeover}). */
    public enum Takeover {
        LISTENER("listener"), LOAD_BALANCER("load-balancer");

        final String yaml;

        Takeover(String yaml) {
            this.yaml = yaml;
        }
    }

    /** Joining and electing: a JVM start, Hazelcast's join and the first status round trip. */
    public static final Duration SETTLE = Duration.ofSeconds(45);
    public static final String GROUP = "it-pair";
    /**
     * Health checks patient enough for a busy two-core machine: a backend wrongly marked down
     * would move its shoppers to another shop instance, a failure these tests must not cause.
     */
    private static final String HEALTH_CHECK = "pool:\n  health-check:\n    path: /health\n    interval: 1s\n"
            + "    timeout: 900ms\n    rise: 1\n    fall: 3\n";
    private static final String TOKEN = TokenHashes.newToken();
    private static volatile String tokenHash;

    private final Path dir;
    private final Takeover takeover;
    private final String heartbeatInterval;
    private final int lostHeartbeatThreshold;
    private final MagentoFarm farm;
    private final KeyRing keyRing;
    private final List<Member> members = new ArrayList<>();
    private Member a;
    private Member b;

    private PairDeployment(Path dir, Takeover takeover, String heartbeatInterval, int lostHeartbeatThreshold,
            MagentoFarm farm, KeyRing keyRing) {
        this.dir = dir;
        this.takeover = takeover;
        this.heartbeatInterval = heartbeatInterval;
        this.lostHeartbeatThreshold = lostHeartbeatThreshold;
        this.farm = farm;
        this.keyRing = keyRing;
    }

    /** A pair with override off on both members. */
    public static PairDeployment start(Path dir, Takeover takeover) throws IOException, InterruptedException {
        return start(dir, takeover, false);
    }

    /** A pair with the default HA timings: {@code heartbeat-interval: 500ms}, {@code lost-heartbeat-threshold: 3}. */
    public static PairDeployment start(Path dir, Takeover takeover, boolean overrideA)
            throws IOException, InterruptedException {
        return start(dir, takeover, overrideA, "500ms", 3);
    }

    /**
     * Starts the farm, writes a fresh key ring, starts A, waits until it is active, starts B and
     * waits until B is standby and both see two members.
     *
     * @param overrideA              {@code ha.override} of A (B never has it)
     * @param heartbeatInterval      {@code ha.heartbeat-interval} of both, e.g. {@code 1s}
     * @param lostHeartbeatThreshold {@code ha.lost-heartbeat-threshold} of both
     */
    public static PairDeployment start(Path dir, Takeover takeover, boolean overrideA, String heartbeatInterval,
            int lostHeartbeatThreshold) throws IOException, InterruptedException {
        MagentoFarm farm = MagentoFarm.start(3);
        KeyRing ring = KeyRing.generate("k1");
        Path keyFile;
        try {
            keyFile = writeKeyRing(dir.resolve("shared-keys"), ring);
        } catch (IOException | RuntimeException e) {
            farm.close();
            throw e;
        }
        PairDeployment pair = new PairDeployment(dir, takeover, heartbeatInterval, lostHeartbeatThreshold, farm, ring);
        try {
            int sharedPort = TandemProcess.freePort();
            int haA = TandemProcess.freePort();
            int haB = TandemProcess.freePort();
            pair.a = pair.member("it-a", 1, sharedPort, haA, List.of(haB), overrideA, keyFile);
            pair.b = pair.member("it-b", 2, takeover == Takeover.LISTENER ? sharedPort : TandemProcess.freePort(), haB,
                    List.of(haA), false, keyFile);
            pair.a.start();
            pair.awaitRole(pair.a, "active", SETTLE);
            pair.b.start();
            pair.awaitRole(pair.b, "standby", SETTLE);
            await("both members list two members").atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                    .until(() -> pair.a.membersSeen() == 2 && pair.b.membersSeen() == 2);
            return pair;
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            String logs = pair.logs();
            pair.close();
            throw new IllegalStateException("the pair did not come up: " + e + "\n" + logs, e);
        }
    }

    /**
     * Writes a member's directory and configuration (not started): node id, priority, service
     * port, HA port and peers, the shared farm, the admin listener with the pair's token.
     */
    Member member(String nodeId, int priority, int servicePort, int haPort, List<Integer> peerPorts, boolean override,
            Path keys) throws IOException {
        Path memberDir = Files.createDirectories(dir.resolve(nodeId));
        int adminPort = TandemProcess.freePort();
        String peers = peerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(", ", "[", "]"));
        MemberConfig config = new MemberConfig(nodeId, servicePort).keysFile(keys).extra(""
                + HEALTH_CHECK
                + "ha:\n"
                + "  group-id: " + GROUP + "\n"
                + "  priority: " + priority + "\n"
                + "  override: " + override + "\n"
                + "  bind: 127.0.0.1:" + haPort + "\n"
                + "  peers: " + peers + "\n"
                + "  heartbeat-interval: " + heartbeatInterval + "\n"
                + "  lost-heartbeat-threshold: " + lostHeartbeatThreshold + "\n"
                + "  takeover: " + takeover.yaml + "\n"
                + "admin:\n"
                + "  address: 127.0.0.1\n"
                + "  port: " + adminPort + "\n"
                + "  tokens:\n"
                + "    - name: it\n"
                + "      role: admin\n"
                + "      hash: \"" + tokenHash() + "\"\n");
        for (MagentoInstance instance : farm.instances()) {
            config.backend(instance.name(), instance.baseUrl());
        }
        config.writeTo(memberDir);
        Member member = new Member(nodeId, priority, memberDir, servicePort, adminPort, haPort, TOKEN);
        members.add(member);
        return member;
    }

    /**
     * Starts a further member of the same group (listener mode: the shared service port) whose
     * peers are A and B, with the given key ring in a file of its own; returns once its admin
     * listener accepts.
     */
    public Member startThirdMember(String nodeId, int priority, boolean override, KeyRing ring)
            throws IOException, InterruptedException {
        Path keys = writeKeyRing(dir.resolve(nodeId + "-keys"), ring);
        int servicePort = takeover == Takeover.LISTENER ? a.servicePort() : TandemProcess.freePort();
        Member member = member(nodeId, priority, servicePort, TandemProcess.freePort(), List.of(a.haPort(), b.haPort()),
                override, keys);
        member.start();
        return member;
    }

    /** Mode 600, as Tandem expects of a key file (it warns otherwise). */
    private static Path writeKeyRing(Path file, KeyRing ring) throws IOException {
        Files.writeString(file, ring.toText());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static String tokenHash() {
        String hash = tokenHash;
        if (hash == null) {
            hash = TokenHashes.hash(TOKEN);
            tokenHash = hash;
        }
        return hash;
    }

    public MagentoFarm farm() {
        return farm;
    }

    public KeyRing keyRing() {
        return keyRing;
    }

    public Member a() {
        return a;
    }

    public Member b() {
        return b;
    }

    /** The one member that reports itself active. @throws AssertionError unless exactly one does */
    public Member active() {
        List<Member> active = members.stream().filter(Member::isActive).toList();
        if (active.size() != 1) {
            throw new AssertionError("active members: " + active + " (expected: exactly one of " + members + ")");
        }
        return active.get(0);
    }

    /** The member of A and B that is not {@link #active()}. */
    public Member standby() {
        return other(active());
    }

    /** A for B, B for A. */
    public Member other(Member member) {
        return member == a ? b : a;
    }

    /** Waits until {@code member} reports {@code role} ("active" or "standby") on its admin API. */
    public void awaitRole(Member member, String role, Duration atMost) {
        await(member.nodeId() + " reports " + role).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> member.status().map(s -> s.role().equals(role)).orElse(false));
    }

    /** SIGKILL, as a crash: no goodbye, its ports close at once. */
    public void kill(Member member) throws InterruptedException {
        member.process().kill();
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing, like a VM suspended or a long GC pause. */
    public void freeze(Member member) throws IOException, InterruptedException {
        signal(member, "STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    public void thaw(Member member) throws IOException, InterruptedException {
        signal(member, "CONT");
    }

    /** Starts a killed member again with its configuration; returns once its admin listener accepts. */
    public void restart(Member member) throws IOException, InterruptedException {
        member.start();
    }

    private static void signal(Member member, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(member.process().pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IllegalStateException("kill -" + name + " did not finish in 10 s");
        }
        if (kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + member.process().pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes()));
        }
    }

    /** Every member's stderr, for failure messages. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        for (Member m : members) {
            out.append("---- ").append(m).append(" stderr\n").append(m.process().stderr());
        }
        return out.toString();
    }

    /** Kills every member (SIGKILL ends a frozen process too) and stops the farm. */
    @Override
    public void close() {
        try {
            for (Member m : members) {
                try {
                    m.process().kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    m.process().close();
                }
            }
        } finally {
            farm.close();
        }
    }
}
