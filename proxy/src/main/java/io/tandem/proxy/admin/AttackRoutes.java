package io.tandem.proxy.admin;

import java.util.List;
import java.util.function.Predicate;

/** The recent attack log, newest first, filtered by rule and client. */
final class AttackRoutes {

    static final int DEFAULT_LIMIT = 100;

    private final AttackLog log;

    AttackRoutes(AttackLog log) {
        this.log = log;
    }

    List<Route> routes() {
        return List.of(Route.get("/attacks", AdminRole.READ_ONLY, this::recent));
    }

    record Attacks(int capacity, long total, List<AttackEvent> items) {
    }

    private Reply recent(AdminRequest request) {
        int limit = request.intQuery("limit", DEFAULT_LIMIT, 1, log.capacity());
        String rule = request.query("rule");
        String client = request.query("client");
        Predicate<AttackEvent> filter = e -> (rule == null || rule.equals(e.rule()))
                && (client == null || client.equals(e.client()));
        return Reply.ok(new Attacks(log.capacity(), log.total(), log.recent(limit, filter)));
    }
}
