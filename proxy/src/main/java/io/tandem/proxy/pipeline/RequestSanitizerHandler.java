package io.tandem.proxy.pipeline;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Removes what must not travel to the backend: an {@code Upgrade: h2c} request (a cleartext HTTP/2
 * upgrade would let the client talk to the backend past every later check, the "h2c smuggling"
 * attack) and its {@code HTTP2-Settings} header. Other upgrades (WebSocket) pass.
 */
public final class RequestSanitizerHandler implements HttpHandler {

    private static final HttpString HTTP2_SETTINGS = new HttpString("HTTP2-Settings");

    private final HttpHandler next;

    public RequestSanitizerHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderValues upgrade = exchange.getRequestHeaders().get(Headers.UPGRADE);
        if (upgrade != null && upgrade.stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("h2c"))) {
            exchange.getRequestHeaders().remove(Headers.UPGRADE);
            exchange.getRequestHeaders().remove(HTTP2_SETTINGS);
            HeaderValues connection = exchange.getRequestHeaders().get(Headers.CONNECTION);
            if (connection != null) {
                exchange.getRequestHeaders().remove(Headers.CONNECTION);
            }
        }
        next.handleRequest(exchange);
    }

    @Override
    public String toString() {
        return "sanitize(drop: upgrade h2c)";
    }
}
