package io.tandem.farm;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.concurrent.atomic.AtomicLong;

/**
 * First stage of every instance: counts the request and stamps {@code X-Backend: <name>} on the
 * response, so a client behind a proxy can see which instance answered (as HAProxy's reg-test
 * stubs identify themselves). Set before any other stage, the header survives every outcome,
 * including 400 and 404 pages.
 */
final class BackendIdentityHandler implements HttpHandler {

    static final HttpString HEADER = new HttpString("X-Backend");
    private static final HttpString CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");

    private final String name;
    private final AtomicLong requests;
    private final HttpHandler next;

    BackendIdentityHandler(String name, AtomicLong requests, HttpHandler next) {
        this.name = name;
        this.requests = requests;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        requests.incrementAndGet();
        exchange.getResponseHeaders()
                .put(HEADER, name)
                .put(CONTENT_TYPE_OPTIONS, "nosniff")
                .put(FRAME_OPTIONS, "SAMEORIGIN");
        next.handleRequest(exchange);
    }

    @Override
    public String toString() {
        return "backend-identity(" + name + ")";
    }
}
