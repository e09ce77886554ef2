package io.tandem.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem failover}: a planned switchover. Asks every given member for its role, sends
 * {@code POST /ha/failover} to the one that is active, then (unless {@code --no-wait}) watches
 * until another member reports the active role at a higher epoch. A refusal (409: no standby,
 * override) is printed with the member's reason.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Planned switchover: the active member drains and hands the active role to the standby.")
public final class FailoverCommand extends AdminCommand {

    static final Duration POLL = Duration.ofMillis(100);

    @Option(names = "--no-wait", description = "return once the active member accepted; do not watch the switch")
    boolean noWait;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "15",
            description = "how long to watch for the new active member (default: ${DEFAULT-VALUE}, 1..300)")
    int waitSeconds;

    @Override
    String checkOptions() {
        return waitSeconds < 1 || waitSeconds > 300 ? "--wait: " + waitSeconds + " (expected: 1..300 seconds)" : null;
    }

    @Override
    int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
        MemberState from = MemberState.active(MemberState.read(targets.members()));
        JsonNode accepted = from.client().post("/ha/failover");
        String to = accepted.path("to").asText("the standby");
        out.printf("failover accepted: %s (epoch %d) hands the active role to %s%n", from.node(), from.epoch(), to);
        int step = 1;
        for (JsonNode line : accepted.path("steps")) {
            out.printf("  %d. %s%n", step++, line.asText());
        }
        if (noWait) {
            out.println("not waiting: see 'tandem status' for the outcome");
            return OK;
        }
        out.flush();
        long began = System.nanoTime();
        long deadline = began + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (System.nanoTime() < deadline) {
            Optional<String> successor = successor(targets.members(), from);
            if (successor.isPresent()) {
                out.printf("%s after %d ms; %s is standby%n", successor.get(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began), from.node());
                return OK;
            }
            pause();
        }
        throw new VerbFailure("no member other than " + from.node() + " reported the active role within " + waitSeconds
                + " s; see 'tandem status' and the members' logs");
    }

    /** {@code demo-b is active at epoch 3}, once a member other than {@code from} is active at a higher epoch. */
    private static Optional<String> successor(List<AdminClient> members, MemberState from) {
        for (MemberState state : MemberState.read(members)) {
            if (state.active() && !state.node().equals(from.node()) && state.epoch() > from.epoch()) {
                return Optional.of(state.node() + " is active at epoch " + state.epoch());
            }
        }
        // The new active member may not be among the given URLs: ask the old one whom it sees.
        try {
            for (JsonNode m : from.client().get("/ha/members").path("members")) {
                if (m.path("role").asText().equals("active") && !m.path("node").asText().equals(from.node())
                        && m.path("epoch").asLong() > from.epoch()) {
                    return Optional.of(m.path("node").asText() + " is active at epoch " + m.path("epoch").asLong()
                            + " (as " + from.node() + " sees it)");
                }
            }
        } catch (AdminCallException e) {
            // still switching, or the old member is gone; the next round asks again
        }
        return Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis()); // polling the members, bounded by the deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerbFailure("interrupted while waiting for the new active member");
        }
    }
}
