package io.tandem.proxy.pipeline;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.concurrent.ThreadLocalRandom;

/**
 * First stage: gives the request an id, passes it to the backend in {@code X-Request-Id} and returns
 * it to the client, so one id ties the access log, the attack log and the backend's logs together.
 * An id sent by the client is not trusted (it could collide on purpose); it is replaced.
 */
public final class RequestIdHandler implements HttpHandler {

    public static final HttpString HEADER = new HttpString("X-Request-Id");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final HttpHandler next;

    public RequestIdHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String id = newId();
        exchange.putAttachment(ExchangeKeys.REQUEST_ID, id);
        exchange.getRequestHeaders().put(HEADER, id);
        // Added at commit, not now: a response header set before proxying would make Undertow's
        // proxy drop the backend's header of the same name.
        exchange.addResponseCommitListener(ex -> ex.getResponseHeaders().put(HEADER, id));
        next.handleRequest(exchange);
    }

    /** 64 random bits as 16 hex characters: unique enough to correlate logs, cheap to make. */
    static String newId() {
        long bits = ThreadLocalRandom.current().nextLong();
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        return new String(out);
    }

    @Override
    public String toString() {
        return "request-id";
    }
}
