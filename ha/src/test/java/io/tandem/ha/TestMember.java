package io.tandem.ha;

import io.tandem.config.HaConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One in-JVM pair member on 127.0.0.1 for tests: its elector, the role changes its listener
 * received, and a clock the test can move forward.
 */
final class TestMember implements AutoCloseable {

    /** Ticks every 200 ms; Hazelcast then declares a silent member dead after 2 s (its minimum). */
    static final Duration INTERVAL = Duration.ofMillis(200);
    static final int THRESHOLD = 5;

    final String id;
    final int port;
    final HazelcastRoleElector elector;
    final List<RoleChange> changes = new CopyOnWriteArrayList<>();
    final AtomicLong clockOffset = new AtomicLong();
    private volatile Consumer<RoleChange> hook = change -> { };

    private TestMember(String id, int port, HaConfig ha, String fingerprint) {
        this.id = id;
        this.port = port;
        NodeIdentity identity = NodeIdentity.of(id, ha, "c1", fingerprint, System.currentTimeMillis());
        this.elector = new HazelcastRoleElector(ha, identity, () -> System.nanoTime() + clockOffset.get());
    }

    static Builder member(String id) {
        return new Builder(id);
    }

    /** Called inside the listener, on the elector thread, before the change is recorded. */
    TestMember onChange(Consumer<RoleChange> newHook) {
        hook = newHook;
        return this;
    }

    TestMember start() {
        elector.start(change -> {
            hook.accept(change);
            changes.add(change);
        });
        return this;
    }

    Role role() {
        return elector.role();
    }

    /** Whether the listener was last told {@code r} (the role itself changes just before the listener is called). */
    boolean is(Role r) {
        RoleChange last = lastChange();
        return last != null && last.role() == r;
    }

    RoleChange lastChange() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1);
    }

    @Override
    public void close() {
        elector.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Builder {
        private final String id;
        private String group = "shop-pair";
        private int port = freePort();
        /**
         * By default the member's only "peer" is itself, which Hazelcast skips: it starts alone and
         * never waits for a connection to a peer that is not there (a split-brain check waits 5 s
         * for each such peer, which would slow every test down).
         */
        private List<Integer> peers;
        private int priority = 5;
        private boolean override;
        private boolean witness;
        private HaConfig.Quorum quorum = HaConfig.Quorum.NONE;
        private String fingerprint = "k1";

        private Builder(String id) {
            this.id = id;
        }

        Builder group(String g) {
            group = g;
            return this;
        }

        Builder port(int p) {
            port = p;
            return this;
        }

        Builder peers(Integer... ports) {
            peers = List.of(ports);
            return this;
        }

        Builder priority(int p) {
            priority = p;
            return this;
        }

        Builder override() {
            override = true;
            return this;
        }

        Builder witness() {
            witness = true;
            return this;
        }

        Builder majority() {
            quorum = HaConfig.Quorum.MAJORITY;
            return this;
        }

        Builder fingerprint(String f) {
            fingerprint = f;
            return this;
        }

        int port() {
            return port;
        }

        TestMember build() {
            HaConfig ha = new HaConfig(true, group, priority, override, new HaConfig.MemberAddress("127.0.0.1", port),
                    (peers == null ? List.of(port) : peers).stream().map(p -> new HaConfig.MemberAddress("127.0.0.1", p))
                            .toList(), INTERVAL, THRESHOLD,
                    HaConfig.Takeover.LISTENER, quorum, witness);
            return new TestMember(id, port, ha, fingerprint);
        }

        TestMember start() {
            return build().start();
        }
    }
}
