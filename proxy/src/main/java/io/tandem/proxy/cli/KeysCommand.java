package io.tandem.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tandem keys}: the session key ring of each member (ids and fingerprints, never a secret),
 * and the steps of the two-phase rotation of {@code docs/admin-api.md} section 6: {@code rotate}
 * (stage a new key, wait until every member accepted it, commit), {@code commit}, {@code abort}
 * and {@code retire}.
 *
 * <p>Every step is sent to the active member only. In a pair that member runs the rotation for
 * the whole pair: the staged key travels to the peer, {@code rotate} waits until the peer
 * accepted it ({@code waiting_for} empty) before it commits, and the peer follows the commit and
 * a retirement by itself.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Show each member's session key ring (ids and fingerprints only).",
        subcommands = {KeysCommand.Rotate.class, KeysCommand.Commit.class, KeysCommand.Abort.class,
                KeysCommand.Retire.class})
public final class KeysCommand extends AdminCommand {

    static final long POLL_MILLIS = 250;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    @Override
    int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
        int exit = OK;
        for (MemberState member : MemberState.read(targets.members())) {
            if (!member.answered()) {
                err.println(name() + ": " + member.error().getMessage());
                exit = FAILED;
                continue;
            }
            JsonNode ring;
            try {
                ring = member.client().get("/keys");
            } catch (AdminCallException e) {
                err.println(name() + ": " + e.getMessage());
                exit = FAILED;
                continue;
            }
            out.printf("%s (%s): signing key %s, ring %s, stored: %s%n", member.node(), member.client().member(),
                    ring.path("signing_key").asText("?"), TextTable.shortDigest(ring.path("fingerprint").asText("")),
                    ring.path("store").asText("?"));
            TextTable table = new TextTable("ID", "STATE", "FINGERPRINT", "RETIRE AFTER");
            for (JsonNode key : ring.path("keys")) {
                table.row(key.path("id").asText(), key.path("state").asText(), key.path("fingerprint").asText(),
                        TextTable.instant(key.path("retire_after").asText(null)));
            }
            table.print(out, "  ");
            out.println("  rotation: " + rotation(ring.path("rotation")));
        }
        return exit;
    }

    /** {@code staged k20261121-a917 (previous k1; accepted by demo-a; waiting for demo-b)}. */
    static String rotation(JsonNode r) {
        String phase = r.path("phase").asText("idle");
        if (phase.equals("idle")) {
            return "idle";
        }
        String text = phase + " " + r.path("new_key").asText("?") + " (previous " + r.path("previous_key").asText("-")
                + "; accepted by " + names(r.path("accepted_by"));
        if (!r.path("waiting_for").isEmpty()) {
            text += "; waiting for " + names(r.path("waiting_for"));
        }
        return text + ")";
    }

    private static String names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    /** The step's target: the active member among those given. */
    static MemberState target(AdminTargets targets) {
        return MemberState.active(MemberState.read(targets.members()));
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Stage a new signing key, wait until every member accepted it, then commit it.")
    public static final class Rotate extends AdminCommand {

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
                description = "how long to wait for every member to accept the staged key (default: ${DEFAULT-VALUE}, 1..300)")
        int waitSeconds;

        @Option(names = "--no-commit", description = "only stage the key; commit later with 'tandem keys commit'")
        boolean noCommit;

        @Override
        String checkOptions() {
            return waitSeconds < 1 || waitSeconds > 300 ? "--wait: " + waitSeconds + " (expected: 1..300 seconds)" : null;
        }

        @Override
        int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
            MemberState member = target(targets);
            JsonNode staged = member.client().post("/keys/rotate");
            String key = staged.path("new_key").asText("?");
            out.printf("staged %s on %s: accepted, not signing yet (%s)%n", key, member.node(), rotation(staged));
            if (noCommit) {
                out.println("commit it with 'tandem keys commit' once every member accepted it, or drop it with "
                        + "'tandem keys abort'");
                return OK;
            }
            out.flush();
            JsonNode state = staged;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
            String waitingFor = names(state.path("waiting_for"));
            while (!state.path("waiting_for").isEmpty()) {
                if (!state.path("phase").asText().equals("staged")) {
                    throw new VerbFailure("the rotation of " + key + " ended before every member accepted it: "
                            + state.path("phase").asText() + ": " + state.path("detail").asText("-"));
                }
                if (System.nanoTime() > deadline) {
                    throw new VerbFailure(key + " is staged but " + names(state.path("waiting_for"))
                            + " did not accept it within " + waitSeconds + " s (" + state.path("detail").asText("-")
                            + "); nothing signs with it yet: commit later with 'tandem keys commit' or drop it with "
                            + "'tandem keys abort'");
                }
                String now = names(state.path("waiting_for"));
                if (!now.equals(waitingFor)) {
                    out.println("waiting for " + now);
                    out.flush();
                    waitingFor = now;
                }
                pause();
                state = member.client().get("/keys").path("rotation");
            }
            JsonNode committed = member.client().post("/keys/rotate/commit");
            String previous = committed.path("previous_key").asText("?");
            String retireAfter = "-";
            for (JsonNode k : member.client().get("/keys").path("keys")) {
                if (k.path("id").asText().equals(previous)) {
                    retireAfter = TextTable.instant(k.path("retire_after").asText(null));
                }
            }
            out.printf("committed: %s signs with %s; %s still verifies older cookies until %s, then remove it with "
                    + "'tandem keys retire %s'%n", member.node(), committed.path("new_key").asText(key), previous,
                    retireAfter, previous);
            JsonNode after = committed;
            while (!after.path("waiting_for").isEmpty() && System.nanoTime() < deadline) {
                pause();
                after = member.client().get("/keys").path("rotation");
            }
            if (!committed.path("waiting_for").isEmpty()) {
                out.println(after.path("waiting_for").isEmpty()
                        ? "every member signs with " + committed.path("new_key").asText(key)
                        : "not yet signing with it: " + names(after.path("waiting_for")) + " ("
                                + after.path("detail").asText("-") + ")");
            }
            return OK;
        }

        private static void pause() {
            try {
                Thread.sleep(POLL_MILLIS); // polling the rotation state, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VerbFailure("interrupted while waiting for the members to accept the staged key");
            }
        }
    }

    @Command(name = "commit", mixinStandardHelpOptions = true,
            description = "Sign with the staged key (once every member accepted it).")
    public static final class Commit extends AdminCommand {

        @Override
        int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
            MemberState member = target(targets);
            JsonNode committed = member.client().post("/keys/rotate/commit");
            out.printf("committed on %s: %s%n", member.node(), rotation(committed));
            return OK;
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = "Drop the staged key, which never signed anything.")
    public static final class Abort extends AdminCommand {

        @Override
        int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
            MemberState member = target(targets);
            member.client().post("/keys/rotate/abort");
            out.printf("aborted on %s: the staged key is dropped%n", member.node());
            return OK;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = "Remove an older key once its grace period is over.")
    public static final class Retire extends AdminCommand {

        @Parameters(paramLabel = "KEY-ID", description = "the key to remove (see 'tandem keys')")
        String keyId;

        @Override
        String checkOptions() {
            return KEY_ID.matcher(keyId).matches() ? null
                    : "KEY-ID: '" + keyId + "' (expected: 1-16 characters of [A-Za-z0-9_-])";
        }

        @Override
        int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
            MemberState member = target(targets);
            JsonNode ring = member.client().delete("/keys/" + URLEncoder.encode(keyId, StandardCharsets.UTF_8));
            out.printf("retired %s on %s; the ring has %d key(s), signing with %s%n", keyId, member.node(),
                    ring.path("keys").size(), ring.path("signing_key").asText("?"));
            return OK;
        }
    }
}
