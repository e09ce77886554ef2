package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tandem.config.HaConfig.MemberAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code ha:} section: absence, defaults, every key, and pinned problem texts. */
class HaSectionTest {

    private static final String MINIMAL = """
            listener:
              port: 8080
            backends:
              - url: http://127.0.0.1:9001
            """;

    @Test
    void parse_withoutHaSection_isStandalone() throws ConfigException {
        HaConfig ha = ConfigLoader.parse(MINIMAL, "tandem.yaml").ha();

        assertThat(ha).isSameAs(HaConfig.standalone());
        assertThat(ha.enabled()).isFalse();
        assertThat(ha.groupId()).isEmpty();
        assertThat(ha.bind()).isNull();
        assertThat(ha.peers()).isEmpty();
        assertThat(ha.takeover()).isEqualTo(HaConfig.Takeover.LISTENER);
        assertThat(ha.witness()).isFalse();
        assertThat(ha.configuredMembers()).isEqualTo(1);
    }

    @Test
    void parse_emptyHaSection_isStandaloneLikeAnyEmptySection() throws ConfigException {
        assertThat(ConfigLoader.parse(MINIMAL + "ha:\n", "tandem.yaml").ha()).isSameAs(HaConfig.standalone());
        assertThat(ConfigLoader.parse(MINIMAL + "ha:\n  # group-id: shop\n", "tandem.yaml").ha())
                .isSameAs(HaConfig.standalone());
    }

    @Test
    void parse_requiredKeysOnly_appliesEveryDefault() throws ConfigException {
        HaConfig ha = ConfigLoader.parse(MINIMAL + """
                ha:
                  group-id: shop-pair
                  bind: 127.0.0.1:5701
                  peers: [127.0.0.1:5702]
                """, "tandem.yaml").ha();

        assertThat(ha).isEqualTo(new HaConfig(true, "shop-pair", 5, false, new MemberAddress("127.0.0.1", 5701),
                List.of(new MemberAddress("127.0.0.1", 5702)), Duration.ofMillis(500), 3,
                HaConfig.Takeover.LISTENER, HaConfig.Quorum.NONE, false));
        assertThat(ha.maxNoHeartbeat()).isEqualTo(Duration.ofMillis(1500));
        assertThat(ha.configuredMembers()).isEqualTo(2);
    }

    @Test
    void parse_everyKey_isBound() throws ConfigException {
        HaConfig ha = ConfigLoader.parse(MINIMAL + """
                ha:
                  group-id: shop.pair_2
                  priority: 0
                  override: true
                  bind: "[FD00:0:0::1]:5701"
                  peers:
                    - "[fd00::2]:5701"
                    - "[fd00::3]:6000"
                  heartbeat-interval: 500ms
                  lost-heartbeat-threshold: 4
                  takeover: load-balancer
                  quorum: majority
                  witness: true
                """, "tandem.yaml").ha();

        assertThat(ha).isEqualTo(new HaConfig(true, "shop.pair_2", 0, true, new MemberAddress("fd00::1", 5701),
                List.of(new MemberAddress("fd00::2", 5701), new MemberAddress("fd00::3", 6000)),
                Duration.ofMillis(500), 4, HaConfig.Takeover.LOAD_BALANCER, HaConfig.Quorum.MAJORITY, true));
        assertThat(ha.maxNoHeartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ha.bind()).hasToString("[fd00::1]:5701");
        assertThat(ha.configuredMembers()).isEqualTo(3);
    }

    @Test
    void parse_ipv4MappedBind_isTheIpv4Address() throws ConfigException {
        HaConfig ha = ConfigLoader.parse(MINIMAL + """
                ha:
                  group-id: g
                  bind: "[::ffff:10.0.0.1]:5701"
                  peers: [10.0.0.2:5701]
                """, "tandem.yaml").ha();

        assertThat(ha.bind()).isEqualTo(new MemberAddress("10.0.0.1", 5701));
    }

    /** Guards "report every problem at once" for the ha section, with exact texts. */
    @Test
    void parse_manyHaMistakes_areAllReportedInOneException() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(MINIMAL + """
                ha:
                  priority: 256
                  override: yes
                  bind: 0.0.0.0:5701
                  peers:
                    - 10.0.0.2:5701
                    - tandem-b:5701
                    - 10.0.0.2:5701
                    - 10.0.0.3
                  heartbeat-interval: 50ms
                  lost-heartbeat-threshold: 0
                  takeover: vip
                  quorum: all
                  witnes: true
                """, "tandem.yaml"));

        assertThat(e.getMessage()).isEqualTo("""
                tandem.yaml: 12 problems
                tandem.yaml:5: ha.group-id: (missing) (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)
                tandem.yaml:6: ha.priority: 256 (expected: an integer 0..255)
                tandem.yaml:7: ha.override: yes (expected: true or false)
                tandem.yaml:8: ha.bind: 0.0.0.0:5701 (expected: a specific IP address, not 0.0.0.0 or ::)
                tandem.yaml:11: ha.peers[1]: tandem-b:5701 (expected: an IP address, not a host name)
                tandem.yaml:12: ha.peers[2]: 10.0.0.2:5701 (expected: a unique address; ha.peers[0] has it too)
                tandem.yaml:13: ha.peers[3]: 10.0.0.3 (expected: an IP address and port, as in 10.0.0.1:5701 or \
                [fd00::1]:5701)
                tandem.yaml:14: ha.heartbeat-interval: 50ms (expected: a duration 100ms..10s)
                tandem.yaml:15: ha.lost-heartbeat-threshold: 0 (expected: an integer 1..60)
                tandem.yaml:16: ha.takeover: vip (expected: one of listener, load-balancer)
                tandem.yaml:17: ha.quorum: all (expected: one of none, majority)
                tandem.yaml:18: ha.witnes: (unknown key) (expected: one of group-id, priority, override, bind, peers, \
                heartbeat-interval, lost-heartbeat-threshold, takeover, quorum, witness; did you mean 'witness'?)""");
    }

    /** Each line: a YAML snippet appended to the minimal file (so it starts at line 5) and its one problem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ha:\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.1:5702] | tandem.yaml:5: ha.group-id: (missing) (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)
            ha:\\n  group-id: shop pair\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.1:5702] | tandem.yaml:6: ha.group-id: shop pair (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)
            ha:\\n  group-id: g\\n  peers: [127.0.0.1:5702] | tandem.yaml:5: ha.bind: (missing) (expected: an IP address and port, as in 10.0.0.1:5701 or [fd00::1]:5701)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701 | tandem.yaml:5: ha.peers: (missing) (expected: a list of 1..8 member addresses)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [] | tandem.yaml:8: ha.peers: (empty list) (expected: a list of 1..8 member addresses)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: 127.0.0.1:5702 | tandem.yaml:8: ha.peers: 127.0.0.1:5702 (expected: a list of 1..8 member addresses)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [1.0.0.1:1, 1.0.0.2:1, 1.0.0.3:1, 1.0.0.4:1, 1.0.0.5:1, 1.0.0.6:1, 1.0.0.7:1, 1.0.0.8:1, 1.0.0.9:1] | tandem.yaml:8: ha.peers: (a list) (expected: a list of 1..8 member addresses)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.1:5701] | tandem.yaml:8: ha.peers[0]: 127.0.0.1:5701 (expected: another member's address, not this member's ha.bind)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: ['[::1]:5702'] | tandem.yaml:8: ha.peers[0]: [::1]:5702 (expected: an IPv4 address, like ha.bind)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.01:5702] | tandem.yaml:8: ha.peers[0]: 127.0.0.01:5702 (expected: an IP address and port, as in 10.0.0.1:5701 or [fd00::1]:5701)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:0\\n  peers: [127.0.0.1:5702] | tandem.yaml:7: ha.bind: 127.0.0.1:0 (expected: a port 1..65535)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:65536\\n  peers: [127.0.0.1:5702] | tandem.yaml:7: ha.bind: 127.0.0.1:65536 (expected: a port 1..65535)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:http\\n  peers: [127.0.0.1:5702] | tandem.yaml:7: ha.bind: 127.0.0.1:http (expected: a port 1..65535)
            ha:\\n  group-id: g\\n  bind: fd00::1:5701\\n  peers: [127.0.0.1:5702] | tandem.yaml:7: ha.bind: fd00::1:5701 (expected: an IPv6 address in brackets, as in [fd00::1]:5701)
            ha:\\n  group-id: g\\n  bind: '[fd00::1]'\\n  peers: [127.0.0.1:5702] | tandem.yaml:7: ha.bind: [fd00::1] (expected: an IP address and port, as in 10.0.0.1:5701 or [fd00::1]:5701)
            ha:\\n  group-id: g\\n  bind: '[::]:5701'\\n  peers: [127.0.0.1:5702] | tandem.yaml:7: ha.bind: [::]:5701 (expected: a specific IP address, not 0.0.0.0 or ::)
            ha:\\n  group-id: g\\n  bind: localhost:5701\\n  peers: [127.0.0.1:5702] | tandem.yaml:7: ha.bind: localhost:5701 (expected: an IP address, not a host name)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.1:5702]\\n  quorum: majority | tandem.yaml:9: ha.quorum: majority (expected: none with 2 members; majority needs 3 or more configured members, e.g. a witness in ha.peers)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.1:5702]\\n  heartbeat-interval: 11s | tandem.yaml:9: ha.heartbeat-interval: 11s (expected: a duration 100ms..10s)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.1:5702]\\n  lost-heartbeat-threshold: 61 | tandem.yaml:9: ha.lost-heartbeat-threshold: 61 (expected: an integer 1..60)
            ha:\\n  group-id: g\\n  bind: 127.0.0.1:5701\\n  peers: [127.0.0.1:5702]\\n  witness: 1 | tandem.yaml:9: ha.witness: 1 (expected: true or false)
            ha: shop-pair | tandem.yaml:5: ha: shop-pair (expected: a mapping of group-id, priority, override, bind, peers, heartbeat-interval, lost-heartbeat-threshold, takeover, quorum, witness)
            """)
    void parse_oneHaMistake_oneExactProblem(String snippet, String expected) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(MINIMAL + snippet.replace("\\n", "\n") + "\n", "tandem.yaml"));
        assertThat(e).as("expected a problem for %s", snippet).isNotNull();
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(expected);
    }

    @Test
    void parse_invalidBind_doesNotAlsoFailThePeersComparedWithIt() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(MINIMAL + """
                ha:
                  group-id: g
                  bind: 127.0.0.1
                  peers: ['[::1]:5702']
                """, "tandem.yaml"));
        assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactly(
                "tandem.yaml:7: ha.bind: 127.0.0.1 (expected: an IP address and port, as in 10.0.0.1:5701 or [fd00::1]:5701)");
    }

    @Test
    void parse_majorityWithAWitnessPeer_isAccepted() throws ConfigException {
        HaConfig ha = ConfigLoader.parse(MINIMAL + """
                ha:
                  group-id: g
                  bind: 127.0.0.1:5701
                  peers: [127.0.0.1:5702, 127.0.0.1:5703]
                  quorum: majority
                """, "tandem.yaml").ha();
        assertThat(ha.quorum()).isEqualTo(HaConfig.Quorum.MAJORITY);
        assertThat(ha.configuredMembers()).isEqualTo(3);
    }

    @Test
    void constructor_enabledWithoutPeers_isRejected() {
        assertThatThrownBy(() -> new HaConfig(true, "g", 5, false, new MemberAddress("127.0.0.1", 5701), List.of(),
                Duration.ofSeconds(1), 2, HaConfig.Takeover.LISTENER, HaConfig.Quorum.NONE, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemberAddress("127.0.0.1", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
