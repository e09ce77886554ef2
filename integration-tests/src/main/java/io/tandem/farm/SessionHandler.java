package io.tandem.farm;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.Optional;

/**
 * Resolves the request's PHPSESSID against this instance's store and attaches the {@link Visit}.
 * Like PHP with {@code session.use_strict_mode=1} (Magento's setting), an id this instance does not
 * know is never adopted: a new session with a new id and form key is started and sent back in
 * {@code Set-Cookie}. That is what a request routed to the wrong instance experiences.
 * On every POST the {@code private_content_version} cookie is renewed, as Magento does.
 */
final class SessionHandler implements HttpHandler {

    private final SessionStore store;
    private final RandomTokens tokens;
    private final HttpHandler next;

    SessionHandler(SessionStore store, RandomTokens tokens, HttpHandler next) {
        this.store = store;
        this.tokens = tokens;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Optional<String> requested = SessionCookies.requestedSessionId(exchange);
        Visit visit = requested
                .flatMap(id -> store.find(id).map(session -> new Visit(id, session)))
                .orElseGet(() -> {
                    SessionStore.Entry entry = store.create();
                    SessionCookies.issueSession(exchange, entry.id());
                    SessionCookies.issueFormKey(exchange, entry.session().formKey());
                    return new Visit(entry.id(), entry.session());
                });
        if (exchange.getRequestMethod().equals(Methods.POST)) {
            SessionCookies.renewPrivateContent(exchange, tokens.contentVersion());
        }
        exchange.putAttachment(Visit.KEY, visit);
        next.handleRequest(exchange);
    }

    @Override
    public String toString() {
        return "php-session(PHPSESSID, strict)";
    }
}
