package io.tandem.proxy.admin;

import io.tandem.proxy.admin.SessionTable.SessionCounts;
import io.tandem.proxy.admin.SessionTable.SessionQuery;
import io.tandem.proxy.admin.SessionTable.State;
import io.tandem.session.SessionCookie;
import io.tandem.session.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The local session table: paged listing with filters, one session, and the counts. */
final class SessionRoutes {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final SessionTable table;

    SessionRoutes(SessionTable table) {
        this.table = table;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/sessions", AdminRole.READ_ONLY, this::list),
                Route.get("/sessions/counts", AdminRole.READ_ONLY, r -> Reply.ok(counts(table.counts()))),
                Route.get("/sessions/{id}", AdminRole.READ_ONLY, this::one));
    }

    record Counts(long known, long created, long adopted, Map<String, Long> rejected, long started, Instant since) {
    }

    private static Counts counts(SessionCounts c) {
        return new Counts(c.known(), c.events().created(), c.events().adopted(), c.events().rejected(),
                c.events().started(), c.since());
    }

    private Reply list(AdminRequest request) {
        int offset = request.intQuery("offset", 0, 0, HistorySessionTable.MAX_SCAN);
        int limit = request.intQuery("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        String stateText = request.query("state");
        State state = null;
        if (stateText != null) {
            state = State.parse(stateText);
            if (state == null) {
                throw ProblemException.badRequest("state: " + Texts.quote(stateText) + " (expected: issued or adopted)");
            }
        }
        String backend = request.query("backend");
        if (backend != null && !SessionCookie.isValidName(backend)) {
            throw ProblemException.badRequest("backend: " + Texts.quote(backend)
                    + " (expected: a backend id, 1-32 characters of [A-Za-z0-9_.-])");
        }
        return Reply.ok(table.list(new SessionQuery(offset, limit, state, backend)));
    }

    private Reply one(AdminRequest request) {
        String text = request.pathParameter("id");
        SessionId id;
        try {
            id = SessionId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("session id: " + Texts.quote(text) + " (expected: 32 hex characters)");
        }
        return table.find(id).map(Reply::ok).orElseThrow(() -> ProblemException.notFound("session " + id
                + ": not in this member's local table (it may be known to the peer, expired, or evicted)"));
    }
}
