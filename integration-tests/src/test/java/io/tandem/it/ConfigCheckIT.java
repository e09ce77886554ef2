package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem check FILE} as an operator runs it. Fails if a mistake is left out of the report,
 * if a line number or path is wrong, if the exit status does not tell success from failure, or if
 * checking binds the listener.
 */
class ConfigCheckIT {

    @TempDir
    Path dir;

    @Test
    void check_reportsEveryMistakeAtOnce_withPathsAndLines() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), """
                node:
                  id: a
                listener:
                  port: 70000
                backends:
                  - id: web1
                    url: http://127.0.0.1:9001
                  - id: web1
                    url: ftp://127.0.0.1:9002
                pool:
                  retries: -5
                  health-check:
                    intervall: 2s
                session:
                  idle-timeout: soon
                network:
                  trusted-proxies: [10.0.0.0/33]
                """);

        TandemProcess.Result result = TandemProcess.runCommand(dir, "check", "bad.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output())
                .contains("bad.yaml:4: listener.port: 70000")
                .contains("bad.yaml:8: backends[1].id: web1")
                .contains("bad.yaml:9: backends[1].url: ftp://127.0.0.1:9002")
                .contains("bad.yaml:11: pool.retries: -5")
                .contains("bad.yaml:13: pool.health-check.intervall")
                .contains("did you mean 'interval'")
                .contains("bad.yaml:15: session.idle-timeout: soon")
                .contains("bad.yaml:17: network.trusted-proxies[0]: 10.0.0.0/33");
    }

    @Test
    void check_acceptsAMinimalFile_andBindsNothing() throws Exception {
        int port = TandemProcess.freePort();
        Files.writeString(dir.resolve("ok.yaml"), """
                listener:
                  port: %d
                backends:
                  - url: http://127.0.0.1:9001
                """.formatted(port));

        TandemProcess.Result result = TandemProcess.runCommand(dir, "check", "ok.yaml");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok.yaml: OK");
        // The port is still free: check did not bind it.
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    /** The configurations shipped for the containerized pair (deploy/) must stay valid. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a.yaml", "b.yaml"})
    void check_acceptsTheShippedComposeConfigurations(String name) throws Exception {
        Path shipped = Path.of(System.getProperty("user.dir")).resolve("../deploy/config").resolve(name).normalize();
        Files.writeString(dir.resolve(name), Files.readString(shipped).replace("/run/secrets/tandem_keys", "keys"));
        Deployment.writeKeys(dir, io.tandem.session.KeyRing.generate("k1"));

        TandemProcess.Result result = TandemProcess.runCommand(dir, "check", name);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void check_reportsAMissingKeyFile() throws Exception {
        Files.writeString(dir.resolve("keys.yaml"), """
                listener:
                  port: 8080
                backends:
                  - url: http://127.0.0.1:9001
                session:
                  keys:
                    file: no-such.keys
                """);

        TandemProcess.Result result = TandemProcess.runCommand(dir, "check", "keys.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("no-such.keys").doesNotContain("\tat ");
    }
}
