package io.tandem.ha;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import io.tandem.config.HaConfig;

/**
 * The embedded Hazelcast member of a Tandem node: membership and failure detection only. No
 * map, cache or any other replicated structure is configured or used; two topics carry plain
 * messages that are never stored: the members' status, and the application's messages between
 * members (see {@link RoleElector#sendToPeers}).
 *
 * <p>Why each setting (see also {@code docs/ha.md}):
 * <ul>
 *   <li>Cluster name = {@code ha.group-id}: a member of another group is rejected when it tries
 *       to join, so two pairs on one network never mix.</li>
 *   <li>TCP-IP join to {@code ha.peers} only; multicast and auto-detection off: membership is
 *       exactly what the configuration says.</li>
 *   <li>Listens on {@code ha.bind} only: {@code hazelcast.socket.bind.any=false} plus an
 *       interface restricted to the bind address (otherwise Hazelcast listens on every
 *       interface), and no port auto-increment (a second member on one host must fail, not
 *       silently take the next port).</li>
 *   <li>Failure detection: Hazelcast counts heartbeats in whole seconds, so the interval is
 *       rounded up to a whole second (at least 1 s) and the silence after which a member is
 *       declared dead ({@code interval x threshold}) too, and is kept at least one heartbeat
 *       longer than the interval so that one late heartbeat is not a death. Defaults: 1 s and
 *       2 s. A member whose process died is noticed sooner: its port refuses connections.</li>
 *   <li>Split-brain merge checks 2 s after start and every 2 s (defaults 300 s and 120 s): a
 *       healed partition becomes one group again within seconds. They only run when two groups
 *       with the same name see each other.</li>
 *   <li>No wait before joining (default 5 s): a member alone starts deciding at once.</li>
 *   <li>The member list is re-published as often as a member may stay silent (default 60 s),
 *       so members converge on one list quickly after a partial failure.</li>
 *   <li>Phone-home, health monitoring, metrics and Jet off; Hazelcast logs through SLF4J; no
 *       shutdown hook: the process leaves the group when the elector is closed, after the
 *       proxy has stopped serving, not in whatever order JVM hooks happen to run.</li>
 *   <li>One partition: nothing is partitioned, so there is nothing to migrate on a change.</li>
 * </ul>
 */
final class HazelcastMemberConfig {

    static final String TOPIC = "tandem-ha";
    /** Application messages between members (key rotation steps): plain messages, never stored. */
    static final String PEER_TOPIC = "tandem-ha-peer";
    static final int MERGE_DELAY_SECONDS = 2;

    private HazelcastMemberConfig() {
    }

    /** Hazelcast's heartbeat interval: the configured one rounded up to whole seconds, at least 1. */
    static int heartbeatSeconds(HaConfig ha) {
        return (int) Math.max(1, ceilSeconds(ha.heartbeatInterval().toMillis()));
    }

    /** Silence after which Hazelcast declares a member dead. */
    static int maxNoHeartbeatSeconds(HaConfig ha) {
        return (int) Math.max(ceilSeconds(ha.maxNoHeartbeat().toMillis()), heartbeatSeconds(ha) + 1L);
    }

    static Config build(HaConfig ha, NodeIdentity identity) {
        if (!ha.enabled()) {
            throw new IllegalArgumentException("HA is not configured (no ha: section)");
        }
        Config config = new Config();
        config.setClusterName(ha.groupId());
        config.setInstanceName("tandem-ha-" + identity.nodeId() + "-" + ha.bind().port());

        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.logging.emoji.enabled", "false");
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.prefer.ipv4.stack", Boolean.toString(!ha.bind().isIpv6()));
        config.setProperty("hazelcast.partition.count", "1");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(heartbeatSeconds(ha)));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(maxNoHeartbeatSeconds(ha)));
        config.setProperty("hazelcast.member.list.publish.interval.seconds", Integer.toString(maxNoHeartbeatSeconds(ha)));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(MERGE_DELAY_SECONDS));
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getMetricsConfig().setEnabled(false);
        config.getJetConfig().setEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(ha.bind().port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(ha.bind().host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
        ha.peers().forEach(peer -> tcp.addMember(peer.toString()));

        MemberAttributes.of(identity).forEach(config.getMemberAttributeConfig()::setAttribute);
        return config;
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }
}
