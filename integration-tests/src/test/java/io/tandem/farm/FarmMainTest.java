package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Guards the farm's command line as the demo launcher calls it and parses its output
 * ({@code web1 http://127.0.0.1:9001}). Fails if defaults, flags or the printed lines change.
 */
class FarmMainTest {

    @Test
    void parse_noArguments_givesTheDefaults() {
        assertThat(FarmMain.parse(new String[0])).isEqualTo(new FarmMain.Options(3, 9001, "127.0.0.1"));
    }

    @Test
    void parse_readsEveryFlag() {
        FarmMain.Options options = FarmMain.parse(new String[] {"--instances", "5", "--base-port", "0", "--host", "127.0.0.2"});

        assertThat(options).isEqualTo(new FarmMain.Options(5, 0, "127.0.0.2"));
    }

    @Test
    void parse_reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> FarmMain.parse(new String[] {"--instances", "0", "--base-port", "x", "--verbose"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--instances: '0' (expected: an integer 1..64); "
                        + "--base-port: 'x' (expected: an integer 0..65535); "
                        + "argument 5: '--verbose' (expected: --instances, --base-port or --host)");
        assertThatThrownBy(() -> FarmMain.parse(new String[] {"--instances"})).hasMessage("--instances: missing value");
        assertThatThrownBy(() -> FarmMain.parse(new String[] {"--instances", "3", "--base-port", "65534"}))
                .hasMessage("--base-port: 65534 (expected: <= 65533 for 3 instances)");
    }

    @Test
    void run_printsOneLinePerInstance() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (MagentoFarm farm = FarmMain.run(new FarmMain.Options(2, 0, "127.0.0.1"),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                    "web1 http://127.0.0.1:" + farm.instance("web1").port(),
                    "web2 http://127.0.0.1:" + farm.instance("web2").port());
            assertThat(farm.instances()).allMatch(MagentoInstance::isRunning);
        }
    }
}
