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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A Tandem member as a separate JVM: {@code java -jar proxy/target/tandem.jar run -c FILE}, exactly
 * what an operator runs. Its stdout (access log) and stderr (operational log) go to files in the
 * member's directory so tests can read what it logged.
 *
 * <p>Public for the pair tests ({@code io.tandem.it.pair}): a standby member in the
 * {@code listener} takeover mode never opens its service port, so they wait for another port
 * (the admin listener) with {@link #startAwaiting(int)}.
 */
public final class TandemProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path config;
    private final int port;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Process process;
    private int starts;

    /**
     * @param dir    the member's directory; the configuration file is {@code tandem.yaml} in it
     * @param port   the service port written in the configuration
     */
    public TandemProcess(Path dir, int port) {
        this.dir = dir;
        this.config = dir.resolve("tandem.yaml");
        this.port = port;
    }

    /**
     * Sets ({@code value != null}) or removes ({@code null}) an environment variable for the next
     * start, such as the logging switch {@code TANDEM_LOG_DIR}; others are inherited.
     */
    public TandemProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public static Path jar() {
        String jar = System.getProperty("tandem.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property tandem.jar must name proxy/target/tandem.jar (got " + jar
                    + "); run the tests through Maven: mvn verify");
        }
        return Path.of(jar);
    }

    /**
     * A loopback port that is free now, chosen below Linux's ephemeral range (32768..60999): a port
     * from {@code new ServerSocket(0)} comes from that range, where any outgoing connection of any
     * test may take it as its source port before the member binds it ("Address already in use").
     */
    public static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = FIXED_RANGE_START + RANDOM.nextInt(FIXED_RANGE_SIZE);
            try (ServerSocket socket = new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static final int FIXED_RANGE_START = 20_000;
    private static final int FIXED_RANGE_SIZE = 12_000;
    private static final java.util.Random RANDOM = new java.security.SecureRandom();

    public Path config() {
        return config;
    }

    public int port() {
        return port;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the member and waits until its listener accepts connections. */
    public TandemProcess start() throws IOException, InterruptedException {
        return startAwaiting(port);
    }

    /**
     * Starts the member and waits until {@code readyPort} accepts connections: the admin port of a
     * pair member whose service listener belongs to whichever member is active.
     */
    public TandemProcess startAwaiting(int readyPort) throws IOException, InterruptedException {
        if (isAlive()) {
            throw new IllegalStateException("already running as pid " + process.pid());
        }
        starts++;
        ProcessBuilder builder = new ProcessBuilder(command("run", "-c", config.toString()))
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
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(readyPort)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("tandem exited with " + process.exitValue() + " at start:\n" + stderr());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tandem did not listen on " + readyPort + " within " + START_TIMEOUT
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

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Graceful stop (SIGTERM): in-flight requests drain. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Abrupt end (SIGKILL), as a crash. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Whether the process of the latest start is running (a stopped, SIGSTOPped one still is). */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * The operating-system process id of the latest start, for signals such as {@code kill -STOP}.
     *
     * @throws IllegalStateException if the member was never started
     */
    public long pid() {
        if (process == null) {
            throw new IllegalStateException("not started");
        }
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    public int starts() {
        return starts;
    }

    /** Everything the member logged on stderr, over all its starts. */
    public String stderr() {
        return read("stderr.log");
    }

    public String stdout() {
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
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * A headless Chromium for browser tests outside this package ({@code Browser} is
     * package-private); skips the calling test when Chromium is not installed.
     */
    public static ChromeDriver browser(Path profileDir) {
        return Browser.start(profileDir);
    }

    /** Submits a form in the browser and waits for the page it leads to ({@code Browser.submit}). */
    public static void submit(ChromeDriver browser, org.openqa.selenium.By button) {
        Browser.submit(browser, button);
    }
}
