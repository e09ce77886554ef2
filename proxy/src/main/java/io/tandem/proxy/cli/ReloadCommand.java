package io.tandem.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code tandem reload}: {@code POST /config/reload} on every given member, each of which reads
 * its own configuration file again. A rejected file (422) is reported with every problem; the
 * member keeps running with its previous configuration. Exit 1 if any member did not reload.
 */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Make each member read its configuration file again (all or nothing per member).")
public final class ReloadCommand extends AdminCommand {

    @Override
    int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
        int exit = OK;
        for (AdminClient member : targets.members()) {
            try {
                JsonNode r = member.post("/config/reload");
                out.printf("%s: reloaded %s: %s%n", member.member(), r.path("source").asText("?"),
                        r.path("changed").asBoolean()
                                ? "changed (digest " + TextTable.shortDigest(r.path("previous_digest").asText(""))
                                        + " -> " + TextTable.shortDigest(r.path("digest").asText("")) + ")"
                                : "unchanged (digest " + TextTable.shortDigest(r.path("digest").asText("")) + ")");
            } catch (AdminCallException e) {
                err.println(name() + ": " + e.getMessage());
                e.problem().ifPresent(problem -> problem.path("problems").forEach(p ->
                        err.println("  " + (p.isTextual() ? p.asText() : p.path("message").asText()))));
                exit = FAILED;
            }
        }
        return exit;
    }
}
