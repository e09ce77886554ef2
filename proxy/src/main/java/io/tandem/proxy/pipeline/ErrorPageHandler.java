package io.tandem.proxy.pipeline;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every error that Tandem itself produces a short page with the request id, and never a stack
 * trace. Backend responses are not touched: they reach the client through the response channel,
 * and default-response listeners run only for exchanges that end without one.
 *
 * <p>It also turns Undertow's proxy failures into the statuses a user expects of a gateway: the
 * proxy answers 503 for a refused or reset backend connection and 500 when reading a backend
 * response fails; those become 502, while a full queue or no healthy backend stays 503 with
 * {@code Retry-After}, and a timeout 504.
 */
public final class ErrorPageHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.proxy");

    private final HttpHandler next;

    public ErrorPageHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addDefaultResponseListener(ERROR_PAGE);
        next.handleRequest(exchange);
    }

    private static final DefaultResponseListener ERROR_PAGE = exchange -> {
        if (exchange.isResponseStarted() || exchange.getStatusCode() < 400) {
            return false;
        }
        int status = gatewayStatus(exchange);
        exchange.setStatusCode(status);
        if (status == StatusCodes.SERVICE_UNAVAILABLE) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        }
        if (status >= 500) {
            ProxyFailure failure = exchange.getAttachment(ExchangeKeys.PROXY_FAILURE);
            LOG.warn("backend failure: status={} failure={} backend={} uri={} request={}", status,
                    failure == null ? "io" : failure.name().toLowerCase(java.util.Locale.ROOT),
                    exchange.getAttachment(ExchangeKeys.BACKEND_ID), exchange.getRequestURI(),
                    exchange.getAttachment(ExchangeKeys.REQUEST_ID));
        }
        String page = page(status, StatusCodes.getReason(status), exchange.getAttachment(ExchangeKeys.REQUEST_ID));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
        return true;
    };

    static int gatewayStatus(HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        boolean proxied = exchange.getAttachment(ExchangeKeys.BACKEND_ID) != null
                || exchange.getAttachment(ExchangeKeys.PROXY_FAILURE) != null;
        if (!proxied || (status != StatusCodes.SERVICE_UNAVAILABLE && status != StatusCodes.INTERNAL_SERVER_ERROR)) {
            return status;
        }
        ProxyFailure failure = exchange.getAttachment(ExchangeKeys.PROXY_FAILURE);
        if (failure == ProxyFailure.QUEUE_FULL
                || (failure == ProxyFailure.NO_BACKEND && exchange.getAttachment(ExchangeKeys.BACKEND_ID) == null)) {
            return StatusCodes.SERVICE_UNAVAILABLE;
        }
        return StatusCodes.BAD_GATEWAY;
    }

    static String page(int status, String reason, String requestId) {
        return "<!DOCTYPE html>\n<html><head><title>" + status + " " + reason + "</title></head><body>\n<h1>"
                + status + " " + reason + "</h1>\n<p>" + explanation(status) + "</p>\n<p>Request id: "
                + (requestId == null ? "-" : requestId) + "</p>\n</body></html>\n";
    }

    private static String explanation(int status) {
        return switch (status) {
            case 502 -> "The shop could not be reached. Please try again.";
            case 503 -> "The shop is busy or unavailable. Please try again in a moment.";
            case 504 -> "The shop took too long to answer. Please try again.";
            case 403 -> "This request was blocked.";
            case 400 -> "The request could not be understood.";
            case 408 -> "The request was not received in time.";
            case 413 -> "The request is too large.";
            default -> "The request could not be served.";
        };
    }

    @Override
    public String toString() {
        return "error-pages";
    }
}
