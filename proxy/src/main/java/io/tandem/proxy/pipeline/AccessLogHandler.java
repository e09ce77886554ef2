package io.tandem.proxy.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request to the {@code tandem.access} logger when the exchange completes,
 * whatever stage ended it. Values come from the typed attachments of the other stages; the URI is
 * cut to a bounded length so a hostile request cannot blow up the log. When the client's body
 * failed ({@link ExchangeKeys#REQUEST_FAILURE}), the line has that status and a {@code failure}
 * field, whatever status the exchange held when it ended.
 */
public final class AccessLogHandler implements HttpHandler {

    private static final Logger ACCESS = LoggerFactory.getLogger("tandem.access");
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_URI = 512;

    private final String nodeId;
    private final HttpHandler next;

    public AccessLogHandler(String nodeId, HttpHandler next) {
        this.nodeId = nodeId;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (ACCESS.isInfoEnabled()) {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                try {
                    ACCESS.info(line(ex, System.nanoTime() - start));
                } finally {
                    nextListener.proceed();
                }
            });
        }
        next.handleRequest(exchange);
    }

    String line(HttpServerExchange exchange, long nanos) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.now().toString());
            json.writeStringField("node", nodeId);
            json.writeStringField("request_id", exchange.getAttachment(ExchangeKeys.REQUEST_ID));
            InetAddress client = exchange.getAttachment(ExchangeKeys.CLIENT_ADDRESS);
            json.writeStringField("client", client != null ? client.getHostAddress()
                    : exchange.getSourceAddress().getAddress().getHostAddress());
            json.writeStringField("method", exchange.getRequestMethod().toString());
            json.writeStringField("uri", bounded(uri(exchange)));
            RequestFailure failure = RequestFailure.of(exchange);
            // A failed body may end the exchange with the connection closed and the status it held
            // before (200 while it streamed): the failure is what happened.
            json.writeNumberField("status", RequestFailure.status(exchange));
            json.writeNumberField("bytes", exchange.getResponseBytesSent());
            json.writeNumberField("duration_ms", Math.round(nanos / 10_000.0) / 100.0);
            json.writeStringField("backend", exchange.getAttachment(ExchangeKeys.BACKEND_ID));
            if (failure != null) {
                json.writeStringField("failure", failure.reason());
            }
            SessionContext session = exchange.getAttachment(ExchangeKeys.SESSION);
            if (session != null) {
                json.writeStringField("session", session.cookie().id().toString());
                json.writeStringField("session_state", session.state());
                if (session.fresh() && !"absent".equals(session.outcome().label())) {
                    json.writeStringField("cookie_rejected", session.outcome().label());
                }
            }
            io.tandem.waf.Verdict verdict = exchange.getAttachment(ExchangeKeys.VERDICT);
            if (verdict != null && !(verdict instanceof io.tandem.waf.Verdict.Pass)) {
                json.writeStringField("verdict", verdict.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static String uri(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        return query == null || query.isEmpty() ? exchange.getRequestURI() : exchange.getRequestURI() + "?" + query;
    }

    private static String bounded(String value) {
        return value.length() <= MAX_URI ? value : value.substring(0, MAX_URI) + "...";
    }

    @Override
    public String toString() {
        return "access-log(node: " + nodeId + ")";
    }
}
