package io.tandem.farm;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;

/** How storefront responses are written: HTML pages, redirects and plain text. */
final class Responses {

    /** What Magento sends on pages with private content. */
    static final String NO_STORE = "no-store, no-cache, must-revalidate, max-age=0";

    private Responses() {
    }

    static void html(HttpServerExchange exchange, int status, String html) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8")
                .put(Headers.CACHE_CONTROL, NO_STORE)
                .put(Headers.PRAGMA, "no-cache");
        exchange.getResponseSender().send(html, StandardCharsets.UTF_8);
    }

    /**
     * A 302 to a path on this host. The Location is relative (RFC 9110 allows it) so that behind a
     * proxy the browser stays on the proxy's host instead of following a backend's own address.
     */
    static void redirect(HttpServerExchange exchange, String path) {
        exchange.setStatusCode(StatusCodes.FOUND);
        exchange.getResponseHeaders()
                .put(Headers.LOCATION, path)
                .put(Headers.CACHE_CONTROL, NO_STORE)
                .put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8");
        exchange.getResponseSender().send("", StandardCharsets.UTF_8);
    }

    static void text(HttpServerExchange exchange, int status, String contentType, String cacheControl, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, contentType)
                .put(Headers.CACHE_CONTROL, cacheControl);
        exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
    }
}
