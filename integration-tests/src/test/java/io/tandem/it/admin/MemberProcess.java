package io.tandem.it.admin;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Tandem member as its own JVM ({@code java -jar proxy/target/tandem.jar run -c tandem.yaml}),
 * like {@code io.tandem.it.TandemProcess} but ready once its <em>admin</em> listener answers
 * {@code /api/v1/health}: a standby member in the {@code listener} takeover mode never binds the
 * service port, so waiting for that port would not do. Environment variables can be set or
 * removed (the logging switch {@code TANDEM_LOG_DIR}). stdout and stderr go to files in the
 * member's directory.
 */
final class MemberProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(45);

    private final Path dir;
    private final int servicePort;
    private final int adminPort;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Process process;

    MemberProcess(Path dir, int servicePort, int adminPort) {
        this.dir = dir;
        this.servicePort = servicePort;
        this.adminPort = adminPort;
    }

    /** See {@link io.tandem.it.TandemProcess#freePort()}: below the ephemeral range. */
    static int freePort() throws IOException {
        return io.tandem.it.TandemProcess.freePort();
    }

    static Path jar() {
        String jar = System.getProperty("tandem.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property tandem.jar must name proxy/target/tandem.jar (got " + jar
                    + "); run the tests through Maven: mvn verify");
        }
        return Path.of(jar);
    }

    /** Sets ({@code value != null}) or removes ({@code null}) an environment variable for the next start. */
    MemberProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Path dir() {
        return dir;
    }

    Path config() {
        return dir.resolve("tandem.yaml");
    }

    URI serviceUrl() {
        return URI.create("http://127.0.0.1:" + servicePort);
    }

    int servicePort() {
        return servicePort;
    }

    AdminHttp admin() {
        return new AdminHttp(URI.create("http://127.0.0.1:" + adminPort + "/api/v1"));
    }

    /** Starts the JVM and waits until {@code GET /api/v1/health} answers 200. */
    MemberProcess start() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString(), "run", "-c", config().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()));
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        process = builder.start();
        AdminHttp admin = admin();
        await("admin health of " + dir.getFileName()).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("tandem exited with " + process.exitValue() + " at start:\n"
                                + stderr());
                    }
                    return admin.healthy();
                });
        return this;
    }

    /** Waits until the service listener accepts connections (the member is active and bound). */
    void awaitServing(Duration atMost) {
        await("service port " + servicePort + " of " + dir.getFileName()).atMost(atMost)
                .pollInterval(Duration.ofMillis(50)).until(this::accepts);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", servicePort), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM: in-flight requests drain, the member says goodbye to its peer. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** SIGKILL, as a crash. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String stdout() {
        return read(dir.resolve("stdout.log"));
    }

    String stderr() {
        return read(dir.resolve("stderr.log"));
    }

    /** Every regular file under {@code root} (logs, rotated archives), name to text; .gz files decompressed. */
    static Map<Path, String> readTree(Path root) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                if (!Files.exists(p)) {
                    continue; // removed meanwhile (a temporary file of logback's compression)
                }
                if (p.toString().endsWith(".gz")) {
                    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
                        files.put(p, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        files.put(p, ""); // an archive still being compressed; its source is still there
                    }
                } else {
                    try {
                        files.put(p, Files.readString(p, StandardCharsets.ISO_8859_1));
                    } catch (java.nio.file.NoSuchFileException e) {
                        // removed between listing and reading
                    }
                }
            }
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
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

    @Override
    public String toString() {
        return "member(" + dir.getFileName() + ", service " + servicePort + ", admin " + adminPort + ")";
    }
}
