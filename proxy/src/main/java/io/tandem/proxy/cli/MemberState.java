package io.tandem.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One member's {@code GET /status} as a verb saw it: the answer, or why there was none. A snapshot:
 * the role may change right after it was read.
 *
 * @param client the member
 * @param status the {@code /status} document, or {@code null} if the call failed
 * @param error  why the call failed, or {@code null}
 */
record MemberState(AdminClient client, JsonNode status, AdminCallException error) {

    /** {@code GET /status} of every member, in order; a member that fails is recorded, not thrown. */
    static List<MemberState> read(List<AdminClient> members) {
        List<MemberState> states = new ArrayList<>();
        for (AdminClient member : members) {
            try {
                states.add(new MemberState(member, member.get("/status"), null));
            } catch (AdminCallException e) {
                states.add(new MemberState(member, null, e));
            }
        }
        return states;
    }

    boolean answered() {
        return status != null;
    }

    String node() {
        return answered() ? status.path("node").asText("?") : client.member().toString();
    }

    String role() {
        return answered() ? status.path("role").asText("?") : "unknown";
    }

    long epoch() {
        return answered() ? status.path("epoch").asLong(0) : 0;
    }

    boolean active() {
        return role().equals("active");
    }

    /**
     * The one member that reports the active role.
     *
     * @throws VerbFailure when none does (naming what each member said) or several do (split brain)
     */
    static MemberState active(List<MemberState> states) {
        List<MemberState> active = states.stream().filter(MemberState::active).toList();
        if (active.size() == 1) {
            return active.get(0);
        }
        if (active.isEmpty()) {
            if (states.stream().noneMatch(MemberState::answered)) {
                // Nobody answered: the first reason (a wrong token, say) says more than a summary.
                states.stream().map(MemberState::error).filter(e -> !e.unreachable()).findFirst().ifPresent(e -> {
                    throw e;
                });
            }
            throw new VerbFailure("no active member among those asked: " + states.stream().map(MemberState::summary)
                    .collect(Collectors.joining("; ")));
        }
        throw new VerbFailure(active.size() + " members report the active role (" + active.stream()
                .map(s -> s.node() + " at epoch " + s.epoch()).collect(Collectors.joining(", "))
                + "): a split brain, see docs/ha.md section 5; pass --admin URL to choose one");
    }

    /** {@code demo-a: standby at epoch 2}, or the reason it did not answer. */
    String summary() {
        return answered() ? node() + ": " + role() + " at epoch " + epoch() : error.getMessage();
    }
}
