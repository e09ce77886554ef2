package io.tandem.proxy.admin;

import java.util.List;

/** The rules of the current rule set with their hits, and runtime switches. */
final class RuleRoutes {

    private final RuleControl rules;

    RuleRoutes(RuleControl rules) {
        this.rules = rules;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/rules", AdminRole.READ_ONLY, r -> Reply.ok(new Rules(rules.rules()))),
                Route.post("/rules/{id}/enable", r -> set(r, true)),
                Route.post("/rules/{id}/disable", r -> set(r, false)));
    }

    record Rules(List<RuleControl.RuleInfo> rules) {
    }

    private Reply set(AdminRequest request, boolean enabled) {
        String id = request.pathParameter("id");
        return rules.setEnabled(id, enabled).map(Reply::ok).orElseThrow(() -> ProblemException.notFound(
                "rule " + Texts.quote(id) + ": not in the current rule set (see GET /api/v1/rules)"));
    }
}
