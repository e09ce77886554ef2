package io.tandem.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem sessions}: each member's local session table ({@code GET /sessions}), most
 * recently seen first. Each member has its own table, never replicated: after a failover the new
 * active member lists the shoppers it took over as {@code adopted}.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "List each member's sessions, most recently seen first (each member keeps its own).")
public final class SessionsCommand extends AdminCommand {

    static final int MAX_LIMIT = 500;
    private static final Pattern BACKEND_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "at most N sessions per member (default: ${DEFAULT-VALUE}, 1.." + MAX_LIMIT + ")")
    int limit;

    @Option(names = "--state", paramLabel = "STATE",
            description = "only 'issued' (by this member) or 'adopted' (first seen with a valid cookie from elsewhere)")
    String state;

    @Option(names = "--backend", paramLabel = "ID", description = "only sessions kept on this backend")
    String backend;

    @Override
    String checkOptions() {
        if (limit < 1 || limit > MAX_LIMIT) {
            return "--limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")";
        }
        if (state != null && !state.equals("issued") && !state.equals("adopted")) {
            return "--state: '" + state + "' (expected: issued or adopted)";
        }
        if (backend != null && !BACKEND_ID.matcher(backend).matches()) {
            return "--backend: '" + backend + "' (expected: a backend id, 1-32 characters of [A-Za-z0-9_.-])";
        }
        return null;
    }

    @Override
    int run(AdminTargets targets, PrintWriter out, PrintWriter err) {
        StringBuilder query = new StringBuilder("/sessions?limit=").append(limit);
        if (state != null) {
            query.append("&state=").append(state);
        }
        if (backend != null) {
            query.append("&backend=").append(URLEncoder.encode(backend, StandardCharsets.UTF_8));
        }
        int exit = OK;
        boolean first = true;
        for (MemberState member : MemberState.read(targets.members())) {
            if (!first) {
                out.println();
            }
            first = false;
            if (!member.answered()) {
                err.println(name() + ": " + member.error().getMessage());
                exit = FAILED;
                continue;
            }
            JsonNode page;
            try {
                page = member.client().get(query.toString());
            } catch (AdminCallException e) {
                err.println(name() + ": " + e.getMessage());
                exit = FAILED;
                continue;
            }
            JsonNode items = page.path("items");
            out.printf("%s (%s, %s): %d session%s%s, showing %d%n", member.node(), member.role(), member.client().member(),
                    page.path("total").asLong(), page.path("total").asLong() == 1 ? "" : "s",
                    state == null && backend == null ? "" : " matching", items.size());
            if (items.isEmpty()) {
                continue;
            }
            TextTable table = new TextTable("ID", "STATE", "BACKEND", "CREATED", "LAST SEEN", "REQUESTS");
            for (JsonNode s : items) {
                String backendId = s.path("backend").asText("");
                table.row(s.path("id").asText(), s.path("state").asText(), backendId.isEmpty() ? "-" : backendId,
                        TextTable.instant(s.path("created").asText(null)), TextTable.instant(s.path("last_seen").asText(null)),
                        s.path("requests").asLong());
            }
            table.print(out, "  ");
        }
        return exit;
    }
}
