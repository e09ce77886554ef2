package io.tandem.proxy.pipeline;

import io.undertow.server.HttpServerExchange;

/**
 * Why a request failed on the client's side after its head was read: its body was broken, too
 * long or too slow. The exchange may end without a response the client can read (the connection
 * is closed), so the status Undertow holds then says nothing true; the access log records this
 * status and reason instead.
 *
 * @param status the HTTP status that describes the failure (400, 408, 413)
 * @param reason a short, fixed text for the log ({@code body-timeout}, {@code body-too-long}, ...)
 */
public record RequestFailure(int status, String reason) {

    /**
     * An exchange that ends with its request body unread and no response started lost its
     * connection: a broken chunk, or a client that went away mid-body. Undertow closes the
     * connection before the error reaches any handler, and the exchange completes then, with the
     * status it held (200), so this is recognized at completion rather than recorded.
     */
    static final RequestFailure CONNECTION_CLOSED = new RequestFailure(400, "connection-closed");

    /** Why the exchange failed on the client's side, or {@code null} when it did not. Call when it completes. */
    public static RequestFailure of(HttpServerExchange exchange) {
        RequestFailure failure = exchange.getAttachment(ExchangeKeys.REQUEST_FAILURE);
        if (failure == null && !exchange.isResponseStarted() && !exchange.isRequestComplete()) {
            return CONNECTION_CLOSED;
        }
        return failure;
    }

    /** The status to log for a completed exchange: its failure's when the client's side failed, else the one it ended with. */
    public static int status(HttpServerExchange exchange) {
        RequestFailure failure = of(exchange);
        return failure != null ? failure.status() : exchange.getStatusCode();
    }
}
