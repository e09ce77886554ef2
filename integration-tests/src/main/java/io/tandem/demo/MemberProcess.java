package io.tandem.demo;

import io.tandem.proxy.cli.AdminClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One member of the demo pair as a process of its own, exactly what an operator runs:
 * {@code java -jar tandem.jar run -c <dir>/<name>/tandem.yaml}, its stdout and stderr in
 * {@code <dir>/<name>.log}, its pid in {@code <dir>/<name>.pid}.
 *
 * <p><b>Orphans.</b> The demo stops its members from a shutdown hook (Ctrl-C, SIGTERM). A demo
 * JVM killed with SIGKILL runs no hook and its members keep running; the next demo finds them
 * through the pid files and stops them ({@link #stopLeftover}) before it starts its own.
 *
 * <p>Not thread-safe except {@link #alive()}, {@link #pid()} and {@link #stop()}, which the
 * shutdown hook calls.
 */
final class MemberProcess {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Path dir;
    private final int haPort;
    private final int adminPort;
    private volatile Process process;

    /**
     * @param name      {@code a} or {@code b}; the node id is {@code demo-<name>}
     * @param dir       the demo directory
     */
    MemberProcess(String name, Path dir, int haPort, int adminPort) {
        this.name = name;
        this.dir = dir;
        this.haPort = haPort;
        this.adminPort = adminPort;
    }

    String name() {
        return name;
    }

    String node() {
        return "demo-" + name;
    }

    Path config() {
        return dir.resolve(name).resolve("tandem.yaml");
    }

    Path log() {
        return dir.resolve(name + ".log");
    }

    Path pidFile() {
        return dir.resolve(name + ".pid");
    }

    int haPort() {
        return haPort;
    }

    int adminPort() {
        return adminPort;
    }

    /** {@code http://127.0.0.1:9091}: the admin API without its {@code /api/v1} prefix. */
    URI adminUrl() {
        return URI.create("http://127.0.0.1:" + adminPort);
    }

    AdminClient admin(String token, Duration timeout) {
        return AdminClient.of(adminUrl().toString(), token, timeout);
    }

    /**
     * Stops a member that an earlier demo, killed without running its shutdown hook, left running:
     * the process in the pid file, if it is alive and its command line names this member's
     * configuration (so an unrelated process that reuses the pid is left alone).
     *
     * @return the pid that was stopped
     * @throws DemoException if the member's demo is still running
     */
    Optional<Long> stopLeftover() throws IOException, InterruptedException {
        if (!Files.isRegularFile(pidFile())) {
            return Optional.empty();
        }
        String text = Files.readString(pidFile(), StandardCharsets.UTF_8).strip();
        Files.deleteIfExists(pidFile());
        Optional<ProcessHandle> leftover;
        try {
            leftover = ProcessHandle.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String configPath = config().toAbsolutePath().toString();
        if (leftover.isEmpty() || !leftover.get().isAlive()
                || !leftover.get().info().commandLine().map(c -> c.contains(configPath)).orElse(false)) {
            return Optional.empty();
        }
        ProcessHandle handle = leftover.get();
        Optional<ProcessHandle> demo = handle.parent().filter(p -> p.info().commandLine()
                .map(c -> c.contains(DemoMain.class.getName())).orElse(false));
        if (demo.isPresent()) {
            Files.writeString(pidFile(), text + "\n", StandardCharsets.UTF_8);
            throw new DemoException("another demo (pid " + demo.get().pid() + ") runs " + node() + " from " + dir
                    + "; stop it first (Ctrl-C in its terminal), or give this one another --dir and other ports");
        }
        handle.destroy();
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            handle.destroyForcibly();
        }
        return Optional.of(handle.pid());
    }

    /** Starts the member; its log file starts empty. */
    void start(Path tandemJar) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dhazelcast.logging.type=slf4j"); // Hazelcast's start-up note into the log, not onto stderr
        command.add("-jar");
        command.add(tandemJar.toAbsolutePath().toString());
        command.add("run");
        command.add("-c");
        command.add(config().toAbsolutePath().toString());
        process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log().toFile()))
                .start();
        Files.writeString(pidFile(), process.pid() + "\n", StandardCharsets.UTF_8);
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** The exit status, once the process has ended. */
    Optional<Integer> exitStatus() {
        Process p = process;
        return p == null || p.isAlive() ? Optional.empty() : Optional.of(p.exitValue());
    }

    /** Tells when the process ends, on a JDK thread. */
    void onExit(Runnable action) {
        Process p = process;
        if (p != null) {
            p.onExit().thenRun(action);
        }
    }

    /** SIGKILL, as a crash: no drain, no goodbye to the peer. Waits until the process is gone. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM (the member drains and leaves the pair), SIGKILL if it takes too long; removes the pid file. */
    void stop() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            // a stale pid file is checked against the command line before it is used
        }
    }

    /** The last {@code lines} lines of the member's log, for error messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + log() + ": " + e.getClass().getSimpleName() + ")";
        }
    }

    @Override
    public String toString() {
        return node() + "(pid " + pid() + ", admin " + adminUrl() + ")";
    }
}
