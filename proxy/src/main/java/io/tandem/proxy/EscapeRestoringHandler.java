package io.tandem.proxy;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage of the service pipeline: puts back the malformed {@code %} escapes that
 * {@link EscapeMaskingConduit} hid from Undertow's parser, so every later stage (the
 * {@code http-encoding} rule first) sees the request target exactly as sent. When the exchange
 * ends with nothing read beyond it, it re-arms the conduit for the next request line of the
 * connection.
 *
 * <p>Fails closed: if a recorded offset does not hold the mask character, the exchange is ended
 * with 400 and never reaches the rules' pass path or the backend.
 */
final class EscapeRestoringHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger("tandem");

    private final HttpHandler next;

    EscapeRestoringHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getConnection() instanceof AbstractServerConnection connection
                && connection.getOriginalSourceConduit() instanceof EscapeMaskingConduit conduit) {
            int[] masked = conduit.takeMasked();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                // Only when every byte read so far belonged to finished requests is the next byte
                // the start of a request line.
                if (ex.isPersistent() && ex.isRequestComplete() && !ex.isUpgrade()
                        && connection.getExtraBytes() == null) {
                    conduit.arm();
                }
                nextListener.proceed();
            });
            if (masked != null && !restore(exchange, masked)) {
                LOG.warn("request target {} does not match the escapes masked in it; refused",
                        exchange.getRequestURI());
                exchange.setStatusCode(StatusCodes.BAD_REQUEST);
                exchange.setPersistent(false);
                exchange.endExchange();
                return;
            }
        }
        next.handleRequest(exchange);
    }

    /** Puts {@code %} back at the given offsets of the target (path, then {@code ?}, then query). */
    static boolean restore(HttpServerExchange exchange, int[] offsets) {
        String uri = exchange.getRequestURI();
        String query = exchange.getQueryString() == null ? "" : exchange.getQueryString();
        char[] u = uri.toCharArray();
        char[] q = query.toCharArray();
        for (int offset : offsets) {
            char[] part = offset < u.length ? u : q;
            int at = offset < u.length ? offset : offset - u.length - 1;
            if (at < 0 || at >= part.length || part[at] != (char) EscapeMaskingConduit.MASK) {
                return false;
            }
            part[at] = '%';
        }
        String restoredUri = new String(u);
        String path = exchange.getRequestPath();
        String relative = exchange.getRelativePath();
        exchange.setRequestURI(restoredUri, exchange.isHostIncludedInRequestURI());
        exchange.setRequestPath(suffixOf(restoredUri, uri, path));
        exchange.setRelativePath(suffixOf(restoredUri, uri, relative));
        exchange.setQueryString(new String(q));
        return true;
    }

    /** The same suffix of the restored URI when {@code value} is a suffix of the masked one. */
    private static String suffixOf(String restored, String masked, String value) {
        return value != null && masked.endsWith(value) ? restored.substring(restored.length() - value.length()) : value;
    }

    @Override
    public String toString() {
        return "restore-masked-escapes";
    }
}
