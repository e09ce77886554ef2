package io.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./tandem demo} does before it starts anything: bad options and a missing member jar
 * exit 2 with one clear line (and the usage for options); nothing is started or written.
 */
class DemoMainTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DemoMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badOption_exits2_withTheProblemAndTheUsage() {
        Run run = run("--port", "x", "--dir", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("tandem demo: --port: x (expected: a port 1..65535)\nusage: ./tandem demo ");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void missingMemberJar_exits2_namingIt() {
        Path jar = dir.resolve("nope.jar");
        Run run = run("--dir", dir.resolve("demo").toString(), "--tandem-jar", jar.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("tandem demo: --tandem-jar: " + jar + " (expected: the member jar "
                + "proxy/target/tandem.jar, built by ./tandem build or mvn package)\n");
        assertThat(dir.resolve("demo")).doesNotExist();
    }

    @Test
    void help_printsTheUsage() {
        Run run = run("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("usage: ./tandem demo [--port PORT]").contains("--failover", "--shoppers N");
    }
}
