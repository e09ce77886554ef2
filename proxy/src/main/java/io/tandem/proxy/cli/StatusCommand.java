package io.tandem.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem status}: each member's role, epoch, uptime, the members it sees and its backends,
 * from {@code GET /status} and {@code GET /ha/members}. Exit 1 if a member could not be read.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each member's role, epoch, uptime, the pair's members and the backends.")
public final class StatusCommand extends AdminCommand {

    @Option(names = "--json", description = "print each member's GET /api/v1/status document as is, one a line")
    boolean json;

    @Override
    int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
        List<MemberState> states = MemberState.read(targets.members());
        int exit = OK;
        for (MemberState state : states) {
            if (!state.answered()) {
                if (json) {
                    err.println(name() + ": " + state.error().getMessage());
                } else {
                    out.println(state.error().getMessage()); // names the member's URL
                }
                exit = FAILED;
            } else if (json) {
                out.println(state.status().toString());
            } else {
                print(state, out);
            }
        }
        if (!json && states.size() > 1) {
            long active = states.stream().filter(MemberState::active).count();
            if (active == 0) {
                out.println("warning: no member reports the active role; nobody serves the shop");
            } else if (active > 1) {
                out.println("warning: " + active + " members report the active role: a split brain (docs/ha.md section 5)");
            }
        }
        return exit;
    }

    private static void print(MemberState state, PrintWriter out) {
        JsonNode s = state.status();
        out.printf("%s  %s  epoch %d  up %s  %s%n", state.node(), state.role(), state.epoch(),
                TextTable.duration(s.path("uptime_seconds").asLong()), state.client().member());
        if (s.path("maintenance").asBoolean(false)) {
            out.println("  maintenance  on: readiness reports 503");
        }
        try {
            JsonNode members = state.client().get("/ha/members");
            out.println("  members      " + members(members.path("members")));
            for (JsonNode refused : members.path("refused")) {
                out.println("  refused      " + refused.path("node").asText("?") + " at " + refused.path("address").asText("?")
                        + ": " + refused.path("reason").asText(""));
            }
            List<String> digests = new ArrayList<>();
            members.path("members").forEach(m -> digests.add(m.path("config_digest").asText("")));
            if (digests.stream().distinct().count() > 1) {
                out.println("  warning      the members' configuration digests differ: " + String.join(", ",
                        digests.stream().map(TextTable::shortDigest).toList()));
            }
        } catch (AdminCallException e) {
            out.println("  members      (" + e.getMessage() + ")");
        }
        List<String> backends = new ArrayList<>();
        s.path("backends").forEach(b -> backends.add(b.path("id").asText("?") + (b.path("up").asBoolean() ? " up" : " DOWN")));
        out.println("  backends     " + (backends.isEmpty() ? "none" : String.join(", ", backends)));
        out.println("  key ring     " + TextTable.shortDigest(s.path("key_ring_fingerprint").asText(""))
                + "  config " + TextTable.shortDigest(s.path("config_digest").asText(""))
                + "  version " + s.path("version").asText("?"));
    }

    /** {@code demo-a active epoch 2 (this member), demo-b standby epoch 1}. */
    private static String members(JsonNode members) {
        List<JsonNode> list = new ArrayList<>();
        members.forEach(list::add);
        if (list.isEmpty()) {
            return "none";
        }
        return list.stream().map(m -> m.path("node").asText("?") + " " + m.path("role").asText("?") + " epoch "
                        + m.path("epoch").asLong() + (m.path("self").asBoolean() ? " (this member)" : "")
                        + (m.path("address").asText("-").equals("-") ? "" : " at " + m.path("address").asText()))
                .collect(Collectors.joining(", "));
    }
}
