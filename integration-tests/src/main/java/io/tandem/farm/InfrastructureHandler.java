package io.tandem.farm;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.regex.Pattern;

/**
 * Paths that never touch a session and never set a cookie: the load-balancer health checks
 * ({@code /health}, Magento's {@code /health_check.php}) and static assets under {@code /static/}
 * (cacheable for a year, as Magento's versioned static files are). Everything else goes to {@code next}.
 */
final class InfrastructureHandler implements HttpHandler {

    private static final Pattern STATIC = Pattern.compile("/static/(?!.*\\.\\.)[A-Za-z0-9._/-]{1,200}");

    private final HttpHandler next;

    InfrastructureHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        boolean read = exchange.getRequestMethod().equals(Methods.GET) || exchange.getRequestMethod().equals(Methods.HEAD);
        String path = exchange.getRelativePath();
        if (read && (path.equals("/health") || path.equals("/health_check.php"))) {
            Responses.text(exchange, StatusCodes.OK, "text/plain; charset=UTF-8", Responses.NO_STORE, "OK");
        } else if (read && STATIC.matcher(path).matches()) {
            exchange.getResponseHeaders().put(Headers.ETAG, "\"tandem-static-1\"");
            Responses.text(exchange, StatusCodes.OK, contentType(path), "public, max-age=31536000",
                    "/* static asset " + path + " */\n");
        } else {
            next.handleRequest(exchange);
        }
    }

    private static String contentType(String path) {
        if (path.endsWith(".css")) {
            return "text/css; charset=UTF-8";
        }
        if (path.endsWith(".js")) {
            return "application/javascript; charset=UTF-8";
        }
        return "text/plain; charset=UTF-8";
    }

    @Override
    public String toString() {
        return "infrastructure(/health, /health_check.php, /static/)";
    }
}
