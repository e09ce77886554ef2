package io.tandem.proxy.pipeline;

import io.tandem.session.SessionCookie;
import io.tandem.session.SessionManager;
import io.tandem.session.SessionOutcome;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session stage. Validates the client's {@code cookiesession1} statelessly (any member with the
 * key ring can), removes it from the request so the backend never sees it, starts a new session
 * when it is missing or not valid, and sets the cookie on the response when the session is new or
 * due for renewal, or when the session rules' continuity checkpoint changed.
 *
 * <p>The cookie is added in a response-commit listener, after the backend's headers have been copied:
 * setting a {@code Set-Cookie} before proxying would make Undertow's proxy drop the backend's own
 * {@code Set-Cookie} headers. The persistence target written into it is the backend that actually
 * served the request, which the pool records on the exchange.
 */
public final class SessionHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.session");

    private final SessionManager sessions;
    private final SetCookieFormat setCookie;
    private final HttpHandler next;

    public SessionHandler(SessionManager sessions, SetCookieFormat setCookie, HttpHandler next) {
        this.sessions = sessions;
        this.setCookie = setCookie;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String value = CookieHeaders.removeCookie(exchange.getRequestHeaders(), setCookie.name());
        SessionOutcome outcome = sessions.resolve(value);
        SessionContext session;
        if (outcome instanceof SessionOutcome.Known known) {
            session = new SessionContext(known.cookie(), outcome, false);
        } else if (outcome instanceof SessionOutcome.Adopted adopted) {
            session = new SessionContext(adopted.cookie(), outcome, false);
            LOG.info("session adopted: session={} issuer={} backend={} request={}", adopted.cookie().id(),
                    adopted.cookie().issuer(), adopted.cookie().backend(), requestId(exchange));
        } else {
            if (!(outcome instanceof SessionOutcome.Absent)) {
                LOG.warn("session cookie rejected: reason={} detail={} client={} request={}; starting a new session",
                        outcome.label(), detail(outcome), clientOf(exchange), requestId(exchange));
            }
            session = new SessionContext(sessions.issue(""), outcome, true);
        }
        // "Adopted" here means: this member did not issue the cookie for this very request. A known
        // session whose record was evicted is then re-created as adopted, never as a brand-new
        // session whose rule counts start at zero (docs/rules.md, session rules).
        sessions.touch(session.cookie(), !session.fresh());
        exchange.putAttachment(ExchangeKeys.SESSION, session);
        exchange.addResponseCommitListener(ex -> addCookie(ex, session));
        next.handleRequest(exchange);
    }

    private void addCookie(HttpServerExchange exchange, SessionContext session) {
        String servedBy = exchange.getAttachment(ExchangeKeys.BACKEND_ID);
        String backend = servedBy != null ? servedBy : session.cookie().backend();
        if (!backend.equals(session.cookie().backend())) {
            // The history was written before the pool chose; keep it true for the session table.
            sessions.history().update(session.cookie().id(), record -> record.withBackend(backend));
        }
        SessionCookie base = session.fresh()
                ? session.cookie().withBackend(backend)
                : sessions.renewal(session.cookie(), backend).orElse(session.cookie());
        byte[] checkpoint = exchange.getAttachment(ExchangeKeys.CHECKPOINT);
        SessionCookie toSend = checkpoint == null ? base : base.withCheckpoint(checkpoint);
        if (session.fresh() || !toSend.equals(session.cookie())) {
            exchange.getResponseHeaders().add(Headers.SET_COOKIE, setCookie.format(sessions.encode(toSend)));
        }
    }

    private static String detail(SessionOutcome outcome) {
        if (outcome instanceof SessionOutcome.Expired expired) {
            return expired.reason() + " session=" + expired.cookie().id();
        } else if (outcome instanceof SessionOutcome.BadMac badMac) {
            return "key=" + badMac.keyId();
        } else if (outcome instanceof SessionOutcome.UnknownKey unknownKey) {
            return "key=" + unknownKey.keyId();
        } else if (outcome instanceof SessionOutcome.Malformed malformed) {
            return malformed.reason();
        }
        return "-";
    }

    private static String requestId(HttpServerExchange exchange) {
        return exchange.getAttachment(ExchangeKeys.REQUEST_ID);
    }

    private static String clientOf(HttpServerExchange exchange) {
        InetAddress client = exchange.getAttachment(ExchangeKeys.CLIENT_ADDRESS);
        return client == null ? "-" : client.getHostAddress();
    }

    @Override
    public String toString() {
        return "session(cookie: " + setCookie.name() + ")";
    }
}
