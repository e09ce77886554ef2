package io.tandem.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.tandem.config.HaConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the embedded member is allowed to do: guards against it listening widely, phoning home or replicating. */
class HazelcastMemberConfigTest {

    private static final NodeIdentity A = new NodeIdentity("a", 1, false, false, "c1", "k1", 1000);

    @Test
    void build_restrictsTheMemberToMembershipOnTheBindAddress() {
        Config c = HazelcastMemberConfig.build(ha(Duration.ofSeconds(1), 2), A);

        assertThat(c.getClusterName()).isEqualTo("shop-pair");
        assertThat(c.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(c.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(c.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
        assertThat(c.getProperty("hazelcast.health.monitoring.level")).isEqualTo("OFF");
        assertThat(c.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
        assertThat(c.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
        assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("2");
        assertThat(c.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("2");
        assertThat(c.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("2");
        assertThat(c.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
        assertThat(c.getMetricsConfig().isEnabled()).isFalse();
        assertThat(c.getJetConfig().isEnabled()).isFalse();
        assertThat(c.getMapConfigs()).isEmpty();

        NetworkConfig n = c.getNetworkConfig();
        assertThat(n.getPort()).isEqualTo(5701);
        assertThat(n.isPortAutoIncrement()).isFalse();
        assertThat(n.getInterfaces().isEnabled()).isTrue();
        assertThat(n.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(n.getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(n.getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(n.getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(n.getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5702");

        assertThat(c.getMemberAttributeConfig().getAttributes())
                .containsEntry(MemberAttributes.NODE_ID, "a")
                .containsEntry(MemberAttributes.KEY_RING_FINGERPRINT, "k1")
                .containsEntry(MemberAttributes.PRIORITY, "1");
    }

    /** Hazelcast counts whole seconds; a member is never declared dead after a single late heartbeat. */
    @ParameterizedTest(name = "{0} x {1} -> heartbeat {2} s, dead after {3} s")
    @CsvSource(textBlock = """
            1000,  2,  1,   2
            100,   2,  1,   2
            1000,  1,  1,   2
            1500,  3,  2,   5
            5000,  1,  5,   6
            10000, 60, 10, 600
            """)
    void failureDetection_isRoundedUpToWholeSeconds(long intervalMillis, int threshold, int heartbeat, int dead) {
        HaConfig ha = ha(Duration.ofMillis(intervalMillis), threshold);

        assertThat(HazelcastMemberConfig.heartbeatSeconds(ha)).isEqualTo(heartbeat);
        assertThat(HazelcastMemberConfig.maxNoHeartbeatSeconds(ha)).isEqualTo(dead);
    }

    @Test
    void build_standalone_isRejected() {
        assertThatThrownBy(() -> HazelcastMemberConfig.build(HaConfig.standalone(), A))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void memberAttributes_roundTrip() {
        assertThat(MemberAttributes.read(MemberAttributes.of(A)::get)).contains(A);
        assertThat(MemberAttributes.read(key -> null)).isEmpty();
        assertThat(MemberAttributes.read(key -> key.equals(MemberAttributes.PRIORITY) ? "high"
                : MemberAttributes.of(A).get(key))).isEmpty();
    }

    private static HaConfig ha(Duration interval, int threshold) {
        return new HaConfig(true, "shop-pair", 1, false, new HaConfig.MemberAddress("127.0.0.1", 5701),
                List.of(new HaConfig.MemberAddress("127.0.0.1", 5702)), interval, threshold,
                HaConfig.Takeover.LISTENER, HaConfig.Quorum.NONE, false);
    }
}
