package io.tandem.ha;

import io.tandem.config.HaConfig;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A pair member in a process of its own, for {@link FailureDetectionIT}: it can be killed
 * (SIGKILL) and frozen (SIGSTOP), which an in-JVM member cannot. Prints one line per role
 * change, {@code ROLE <role> <epoch> <reason>}, on stdout, and runs until killed.
 *
 * <p>Arguments: node id, own port, peer port, priority.
 */
final class PeerProcess {

    private PeerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[1]);
        int peer = Integer.parseInt(args[2]);
        HaConfig ha = new HaConfig(true, "shop-pair", Integer.parseInt(args[3]), false,
                new HaConfig.MemberAddress("127.0.0.1", port), List.of(new HaConfig.MemberAddress("127.0.0.1", peer)),
                TestMember.INTERVAL, TestMember.THRESHOLD, HaConfig.Takeover.LISTENER, HaConfig.Quorum.NONE, false);
        HazelcastRoleElector elector = new HazelcastRoleElector(args[0], ha, "c1", "k1");
        elector.start(change -> {
            System.out.println("ROLE " + change.role() + " " + change.epoch() + " " + change.reason());
            System.out.flush();
        });
        new CountDownLatch(1).await(); // until killed
    }
}
