package io.tandem.proxy.pipeline;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.function.BooleanSupplier;

/**
 * In the load-balancer takeover mode both members listen; this stage makes the standby answer
 * {@code 503} with {@code Retry-After} so that a load balancer (which also watches the readiness
 * endpoint) sends the client to the active member. In the listener mode the standby has no
 * listener at all and this stage always passes.
 */
public final class StandbyGateHandler implements HttpHandler {

    private final BooleanSupplier active;
    private final HttpHandler next;

    public StandbyGateHandler(BooleanSupplier active, HttpHandler next) {
        this.active = active;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (active.getAsBoolean()) {
            next.handleRequest(exchange);
            return;
        }
        exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        exchange.endExchange();
    }

    @Override
    public String toString() {
        return "standby-gate(" + (active.getAsBoolean() ? "active: pass" : "standby: 503") + ")";
    }
}
