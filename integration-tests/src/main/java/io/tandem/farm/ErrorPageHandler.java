package io.tandem.farm;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failures of the stages behind it into pages: {@link BadRequestException} and unreadable
 * bodies become a 400 naming the problem; anything else is a bug in the farm and becomes a logged
 * 500 without a stack trace in the body. Must run on a worker thread (behind a blocking handler),
 * because the stages behind it read request bodies.
 */
final class ErrorPageHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPageHandler.class);

    private final HttpHandler next;

    ErrorPageHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        try {
            next.handleRequest(exchange);
        } catch (BadRequestException e) {
            answer(exchange, StatusCodes.BAD_REQUEST, e.getMessage());
        } catch (IOException e) {
            exchange.setPersistent(false);
            answer(exchange, StatusCodes.BAD_REQUEST, "request body: unreadable (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            LOG.error("{} {}: farm bug", exchange.getRequestMethod(), exchange.getRequestPath(), e);
            exchange.setPersistent(false);
            answer(exchange, StatusCodes.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    private static void answer(HttpServerExchange exchange, int status, String message) {
        if (exchange.isResponseStarted()) {
            return; // too late for a page; Undertow ends the exchange
        }
        String reason = StatusCodes.getReason(status);
        Responses.html(exchange, status, "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
                + status + " " + reason + "</title></head>\n<body>\n<h1>" + status + " " + reason + "</h1>\n<p class=\"error\">"
                + Layout.escape(message) + "</p>\n</body>\n</html>\n");
    }

    @Override
    public String toString() {
        return "error-pages";
    }
}
