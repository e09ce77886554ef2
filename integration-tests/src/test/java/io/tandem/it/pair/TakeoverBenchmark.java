package io.tandem.it.pair;

import io.tandem.it.pair.PairDeployment.Takeover;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How long a client waits when the active member of a pair dies, freezes or hands over, measured
 * end to end with real member processes on loopback. Not a test (no assertion, not run by the
 * build); see docs/benchmarks.md, "Takeover times", for the command and the figures.
 *
 * <ul>
 *   <li><b>kill</b>: a pair in the {@code listener} mode (one service address), a
 *       {@link ServicePoller} that opens a new connection to it every 10 ms ({@code GET /health},
 *       answered by the shop through the proxy); SIGKILL to the active member; the time from the
 *       signal to the first 200 that completes afterwards, necessarily from the new active
 *       member.</li>
 *   <li><b>stop</b>: a pair in the {@code load-balancer} mode; the client polls the standby's own
 *       service port (503 while it is standby, like a load balancer's second pool member); SIGSTOP
 *       to the active member; the time from just before {@code kill -STOP} is spawned to the
 *       standby's first 200; then SIGCONT and the time until the woken member reports
 *       standby. Once with the default HA timings ({@code heartbeat-interval: 500ms},
 *       {@code lost-heartbeat-threshold: 3}), once with {@code 1s} and {@code 2} (the defaults
 *       before 0.1.0) and once with {@code 200ms} and {@code 5}.</li>
 *   <li><b>switchover</b>: a pair in the {@code listener} mode, the same client; {@code POST
 *       /api/v1/ha/failover} on the active member; the longest time between two 200s around it
 *       (the client's gap, polling resolution 10 ms), and the polls that got no answer.</li>
 * </ul>
 *
 * Each round starts a fresh pair and farm. From the new active member's log it also gives when
 * the promotion was decided ({@code role change ... role=ACTIVE}, millisecond wall-clock
 * timestamps) and how long binding the listener took ({@code bound-in}).
 *
 * <p>Arguments: {@code [killRounds [stopRounds [switchoverRounds]]]}, default 7, 5 (for each of
 * the three timings) and 3. System property {@code tandem.jar}: the member jar; default
 * {@code proxy/target/tandem.jar} under the current directory or its parent.
 */
public final class TakeoverBenchmark {

    private static final long POLL_NANOS = ServicePoller.POLL_NANOS;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Pattern BOUND_IN = Pattern.compile("serving: node=\\S+ role=ACTIVE .* bound-in=(\\d+)ms");

    /** {@code heartbeat-interval} and {@code lost-heartbeat-threshold} of a SIGSTOP series. */
    private record Timing(String interval, int threshold) {
    }

    /** The defaults first, then the previous defaults and a tight setting for comparison. */
    private static final List<Timing> STOP_TIMINGS =
            List.of(new Timing("500ms", 3), new Timing("1s", 2), new Timing("200ms", 5));

    private TakeoverBenchmark() {
    }

    /**
     * One measured takeover. {@code serveMillis}: for SIGKILL and SIGSTOP from the signal to the
     * first 200; for a switchover the longest time between two 200s around it. {@code note}: what
     * else was seen (the woken member's way back to standby, polls without an answer).
     */
    record Run(String kind, int round, long serveMillis, long decidedMillis, long boundMillis, String note,
            String load) {
    }

    public static void main(String[] args) throws Exception {
        int killRounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int stopRounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int switchoverRounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        locateJar();
        Path base = Files.createTempDirectory("tandem-takeover-");
        List<Run> runs = new ArrayList<>();
        try {
            for (int round = 1; round <= killRounds; round++) {
                runs.add(print(killRound(Files.createDirectories(base.resolve("kill-" + round)), round)));
            }
            for (Timing t : STOP_TIMINGS) {
                for (int round = 1; round <= stopRounds; round++) {
                    runs.add(print(stopRound(Files.createDirectories(base.resolve("stop-" + t.interval() + "-" + round)),
                            round, t.interval(), t.threshold())));
                }
            }
            for (int round = 1; round <= switchoverRounds; round++) {
                runs.add(print(switchoverRound(Files.createDirectories(base.resolve("switch-" + round)), round)));
            }
        } finally {
            deleteQuietly(base);
        }
        System.out.println();
        System.out.println("| event | round | client waited (ms) | promotion decided (ms) | listener bound in (ms)"
                + " | also | load average 1/5/15 min |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Run r : runs) {
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s |%n", r.kind(), r.round(),
                    r.serveMillis(), r.decidedMillis(), r.boundMillis(), r.note(), r.load());
        }
        List<String> kinds = new ArrayList<>(List.of("SIGKILL"));
        STOP_TIMINGS.forEach(t -> kinds.add(stopKind(t.interval(), t.threshold())));
        kinds.add("switchover");
        for (String kind : kinds) {
            List<Run> of = runs.stream().filter(r -> r.kind().equals(kind)).toList();
            if (!of.isEmpty()) {
                System.out.printf(Locale.ROOT, "%s: median %d ms waited by the client (min %d, max %d, %d runs);"
                                + " median promotion decided after %d ms%n", kind,
                        median(of.stream().mapToLong(Run::serveMillis).toArray()),
                        of.stream().mapToLong(Run::serveMillis).min().orElseThrow(),
                        of.stream().mapToLong(Run::serveMillis).max().orElseThrow(), of.size(),
                        median(of.stream().mapToLong(Run::decidedMillis).toArray()));
            }
        }
    }

    private static Run killRound(Path dir, int round) throws Exception {
        try (PairDeployment pair = PairDeployment.start(dir, Takeover.LISTENER)) {
            Member active = pair.active();
            Member standby = pair.standby();
            try (ServicePoller poller = ServicePoller.start(active.servicePort())) {
                poller.awaitOkAfter(System.nanoTime());
                String load = loadAverage();
                long wallAt = System.currentTimeMillis();
                long at = System.nanoTime();
                pair.kill(active);
                long served = poller.awaitOkAfter(at) - at;
                return new Run("SIGKILL", round, millis(served), decided(standby, wallAt), boundIn(standby), "", load);
            }
        }
    }

    private static Run stopRound(Path dir, int round, String interval, int threshold) throws Exception {
        try (PairDeployment pair = PairDeployment.start(dir, Takeover.LOAD_BALANCER, false, interval, threshold)) {
            Member active = pair.active();
            Member standby = pair.standby();
            try (ServicePoller poller = ServicePoller.start(standby.servicePort())) {
                poller.awaitAnswerAfter(System.nanoTime()); // the standby answers (503) before the freeze
                String load = loadAverage();
                long wallAt = System.currentTimeMillis();
                long at = System.nanoTime();
                pair.freeze(active);
                long served = poller.awaitOkAfter(at) - at;
                long decided = decided(standby, wallAt);
                long thawedAt = System.nanoTime();
                pair.thaw(active);
                long standbyAgain = awaitRole(active, "standby") - thawedAt;
                return new Run(stopKind(interval, threshold), round, millis(served), decided, boundIn(standby),
                        "woken member standby " + millis(standbyAgain) + " ms after SIGCONT", load);
            }
        }
    }

    /**
     * A planned switchover under a polling client (listener mode): the longest time the client
     * went without a 200 around it, and how many polls got no answer (a refused connection).
     */
    private static Run switchoverRound(Path dir, int round) throws Exception {
        try (PairDeployment pair = PairDeployment.start(dir, Takeover.LISTENER)) {
            Member active = pair.active();
            Member standby = pair.standby();
            try (ServicePoller poller = ServicePoller.start(active.servicePort())) {
                poller.awaitOkAfter(System.nanoTime());
                String load = loadAverage();
                long wallAt = System.currentTimeMillis();
                long at = System.nanoTime();
                Member.AdminReply reply = active.post("ha/failover");
                if (reply.status() != 202) {
                    throw new IllegalStateException("POST /ha/failover: " + reply.status() + " " + reply.body());
                }
                long promoted = awaitRole(standby, "active");
                long end = poller.awaitOkAfter(promoted + TimeUnit.MILLISECONDS.toNanos(200));
                ServicePoller.Window window = poller.window(at - POLL_NANOS * 5, end);
                return new Run("switchover", round, millis(window.longestGapNanos()), decided(standby, wallAt),
                        boundIn(standby), window.unanswered() + " polls without an answer", load);
            }
        }
    }

    private static String stopKind(String interval, int threshold) {
        return "SIGSTOP (" + interval + " x " + threshold + ")";
    }

    /** Polls the member's status every 10 ms until it reports {@code role}; nanoTime then. At most 30 s. */
    private static long awaitRole(Member member, String role) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() - deadline < 0) {
            if (member.status().map(s -> s.role().equals(role)).orElse(false)) {
                return System.nanoTime();
            }
            LockSupport.parkNanos(POLL_NANOS); // a bounded poll
        }
        throw new IllegalStateException(member.nodeId() + " did not report " + role + " within 30 s");
    }

    private static Run print(Run run) {
        System.out.printf(Locale.ROOT, "%s round %d: client waited %d ms (promotion decided after %d ms,"
                        + " listener bound in %d ms; %sload %s)%n", run.kind(), run.round(), run.serveMillis(),
                run.decidedMillis(), run.boundMillis(), run.note().isEmpty() ? "" : run.note() + "; ", run.load());
        return run;
    }

    /** Milliseconds from {@code wallAt} to the new active member's "role change ... role=ACTIVE" line; -1 if none. */
    private static long decided(Member member, long wallAt) {
        String line = "role change: node=" + member.nodeId() + " role=ACTIVE";
        return member.process().stderr().lines().filter(l -> l.contains(line)).reduce((x, y) -> y)
                .map(l -> OffsetDateTime.parse(l.substring(0, l.indexOf(' '))).toInstant())
                .map(Instant::toEpochMilli).map(t -> t - wallAt).orElse(-1L);
    }

    /** The {@code bound-in} of the member's last "serving:" line; -1 if none. */
    private static long boundIn(Member member) {
        long bound = -1;
        for (String l : member.process().stderr().lines().toList()) {
            Matcher m = BOUND_IN.matcher(l);
            if (m.find()) {
                bound = Long.parseLong(m.group(1));
            }
        }
        return bound;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void locateJar() {
        if (System.getProperty("tandem.jar") != null) {
            return;
        }
        for (Path candidate : List.of(Path.of("proxy/target/tandem.jar"), Path.of("../proxy/target/tandem.jar"))) {
            if (Files.isRegularFile(candidate)) {
                System.setProperty("tandem.jar", candidate.toAbsolutePath().normalize().toString());
                return;
            }
        }
        throw new IllegalStateException("proxy/target/tandem.jar not found; build it (mvn install -DskipTests) or pass"
                + " -Dtandem.jar=...");
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
