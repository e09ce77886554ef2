package io.tandem.ha;

import static io.tandem.ha.TestMember.freePort;
import static io.tandem.ha.TestMember.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failure detection against a real second process on 127.0.0.1, which can be frozen (SIGSTOP)
 * and killed (SIGKILL). Guards: a frozen active member is replaced within a few seconds; when
 * it wakes up it does not stay active (its epoch is stale) and the pair converges again; a
 * killed active member is replaced within about a second. Prints the measured times. Fails if
 * a takeover is much slower than the settings promise, or if the woken member stays active.
 */
class FailureDetectionIT {

    private Process child;
    private final List<String> childRoles = new CopyOnWriteArrayList<>();
    private TestMember local;

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        if (local != null) {
            local.close();
        }
    }

    @Test
    void frozenActiveIsReplaced_wakesUpAsStandby_andAKilledActiveIsReplacedFaster() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to send SIGSTOP and SIGCONT");
        int childPort = freePort();
        int localPort = freePort();
        startChild("c", childPort, localPort, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> childRole().startsWith("ACTIVE 1 "));
        local = member("p").priority(5).port(localPort).peers(childPort).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> local.is(Role.STANDBY) && local.elector.epoch() == 1);

        signal("STOP");
        long frozenAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(6)).until(() -> local.is(Role.ACTIVE));
        long frozenDetected = millisSince(frozenAt);
        assertThat(local.lastChange().epoch()).isEqualTo(2);

        signal("CONT");
        long wokeAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> local.elector.members().size() == 2
                && childRole().startsWith("STANDBY "));
        long converged = millisSince(wokeAt);
        assertThat(local.is(Role.ACTIVE)).isTrue();
        assertThat(childRoles).noneMatch(r -> r.startsWith("ACTIVE 2 ")); // it never took a current epoch

        assertThat(local.elector.requestSwitchover()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> childRole().startsWith("ACTIVE 3 "));
        child.destroyForcibly(); // SIGKILL: its port refuses connections at once
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(3)).until(() -> local.is(Role.ACTIVE) && local.lastChange().epoch() == 4);
        long killDetected = millisSince(killedAt);

        System.out.printf("frozen active replaced after %d ms; woken member standby again after %d ms;"
                + " killed active replaced after %d ms%n", frozenDetected, converged, killDetected);
        System.out.println("child roles: " + childRoles);
        assertThat(killDetected).as("takeover after SIGKILL (ms)").isLessThan(2000);
    }

    private void startChild(String id, int port, int peerPort, int priority) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PeerProcess.class.getName(),
                id, Integer.toString(port), Integer.toString(peerPort), Integer.toString(priority))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("ROLE ")) {
                        childRoles.add(line.substring(5));
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    private String childRole() {
        return childRoles.isEmpty() ? "" : childRoles.get(childRoles.size() - 1);
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("/bin/kill", "-" + name, Long.toString(child.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
