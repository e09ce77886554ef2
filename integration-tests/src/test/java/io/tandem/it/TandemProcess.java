package io.tandem.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Tandem member as a separate JVM: {@code java -jar proxy/target/tandem.jar run -c FILE}, exactly
 * what an operator runs. Its stdout (access log) and stderr (operational log) go to files in the
 * member's directory so tests can read what it logged.
 */
final class TandemProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;
    private int starts;

    /**
     * @param dir    the member's directory; the configuration file is {@code tandem.yaml} in it
     * @param port   the service port written in the configuration
     */
    TandemProcess(Path dir, int port) {
        this.dir = dir;
        this.config = dir.resolve("tandem.yaml");
        this.port = port;
    }

    static Path jar() {
        String jar = System.getProperty("tandem.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property tandem.jar must name proxy/target/tandem.jar (got " + jar
                    + "); run the tests through Maven: mvn verify");
        }
        return Path.of(jar);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Path config() {
        return config;
    }

    int port() {
        return port;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the member and waits until its listener accepts connections. */
    TandemProcess start() throws IOException, InterruptedException {
        starts++;
        ProcessBuilder builder = new ProcessBuilder(command("run", "-c", config.toString()))
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()));
        process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tandem exited with " + process.exitValue() + " at start:\n" + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tandem did not listen on " + port + " within " + START_TIMEOUT
                        + ":\n" + stderr());
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling a condition, bounded by the deadline
        }
        return this;
    }

    /** Runs a one-shot command ({@code check FILE}) and returns its exit status and output. */
    static Result runCommand(Path workDir, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "cmd", ".out");
        Process p = new ProcessBuilder(command(args)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("tandem " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String output) {
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return command;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Graceful stop (SIGTERM): in-flight requests drain. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Abrupt end (SIGKILL), as a crash. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    int starts() {
        return starts;
    }

    String stderr() {
        return read("stderr.log");
    }

    String stdout() {
        return read("stdout.log");
    }

    private String read(String name) {
        try {
            Path file = dir.resolve(name);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + name + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
