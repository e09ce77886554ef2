package io.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The options of {@code ./tandem demo}: defaults, every option, and each mistake reported with
 * the option, the value and what was expected, all at once. Fails if a default port moves (the
 * README and the operator verbs rely on them) or a message loses its option name.
 */
class DemoOptionsTest {

    @Test
    void defaults_areThePortsTheReadmeNames() {
        DemoOptions options = DemoOptions.parse();

        assertThat(options).isEqualTo(new DemoOptions(8080, 9001, 5701, 9091, Path.of("run", "demo"), null, false, 20,
                false));
        assertThat(options.ports()).extracting(Map.Entry::getKey)
                .containsExactly(8080, 9001, 9002, 9003, 5701, 5702, 9091, 9092);
    }

    @Test
    void everyOption_isRead() {
        DemoOptions options = DemoOptions.parse("--port", "18080", "--farm-port", "0", "--ha-port", "15701",
                "--admin-port", "19091", "--dir", "/tmp/d", "--tandem-jar", "/x/tandem.jar", "--failover",
                "--shoppers", "5");

        assertThat(options).isEqualTo(new DemoOptions(18080, 0, 15701, 19091, Path.of("/tmp/d"), Path.of("/x/tandem.jar"),
                true, 5, false));
        assertThat(options.ports()).extracting(Map.Entry::getKey).containsExactly(18080, 15701, 15702, 19091, 19092);
        assertThat(DemoOptions.parse("-h").help()).isTrue();
    }

    @Test
    void badValues_nameOptionValueAndExpectation() {
        assertThatThrownBy(() -> DemoOptions.parse("--port", "70000"))
                .hasMessage("--port: 70000 (expected: a port 1..65535)");
        assertThatThrownBy(() -> DemoOptions.parse("--ha-port", "65535"))
                .hasMessage("--ha-port: 65535 (expected: a port 1..65534 (two consecutive ports))");
        assertThatThrownBy(() -> DemoOptions.parse("--failover", "--shoppers", "x"))
                .hasMessage("--shoppers: x (expected: an integer 1..200)");
        assertThatThrownBy(() -> DemoOptions.parse("--dir"))
                .hasMessage("--dir: missing value");
    }

    @Test
    void everyProblem_isReportedAtOnce() {
        assertThatThrownBy(() -> DemoOptions.parse("--bogus", "--admin-port", "0", "--shoppers", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option '--bogus' (expected: one of --port, --farm-port, --ha-port, --admin-port, "
                        + "--dir, --tandem-jar, --failover, --shoppers, --help); --admin-port: 0 (expected: a port "
                        + "1..65534 (two consecutive ports)); --shoppers: only with --failover");
    }

    @Test
    void overlappingPorts_nameBothUses() {
        assertThatThrownBy(() -> DemoOptions.parse("--admin-port", "9002"))
                .hasMessage("port 9002: both shop instance web2 (--farm-port) and member A's admin API (--admin-port) "
                        + "(expected: distinct ports)");
        assertThatThrownBy(() -> DemoOptions.parse("--port", "5702"))
                .hasMessage("port 5702: both the shop through the pair (--port) and member B's HA port (--ha-port + 1) "
                        + "(expected: distinct ports)");
        assertThat(DemoOptions.parse("--port", "9002", "--farm-port", "0").port()).isEqualTo(9002);
    }
}
