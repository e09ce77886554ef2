package io.tandem.proxy.metrics;

import io.tandem.proxy.pipeline.ExchangeKeys;
import io.tandem.proxy.pipeline.RequestFailure;
import io.tandem.proxy.pipeline.SessionContext;
import io.tandem.waf.Verdict;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Pipeline stage that records each request in {@link TandemMetrics} when the exchange completes,
 * whatever stage ended it: count and duration by route and status class, the backend's duration,
 * what the session stage made of the cookie and which rule acted. It reads the typed attachments
 * the other stages leave ({@link ExchangeKeys}) and never changes the exchange.
 *
 * <p>Put it first (outermost) so it sees every status, including the error pages. When the
 * listener records request start times ({@code UndertowOptions.RECORD_REQUEST_START_TIME}) this
 * stage adds one shared completion listener and allocates nothing per request; otherwise it
 * allocates one small listener holding the start time.
 */
public final class MetricsHandler implements HttpHandler {

    private final TandemMetrics metrics;
    private final HttpHandler next;
    private final ExchangeCompletionListener fromRequestStart = this::completedSinceRequestStart;

    public MetricsHandler(TandemMetrics metrics, HttpHandler next) {
        this.metrics = metrics;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestStartTime() > 0) {
            exchange.addExchangeCompleteListener(fromRequestStart);
        } else {
            long start = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> completed(ex, start, nextListener));
        }
        next.handleRequest(exchange);
    }

    private void completedSinceRequestStart(HttpServerExchange exchange, ExchangeCompletionListener.NextListener next) {
        completed(exchange, exchange.getRequestStartTime(), next);
    }

    private void completed(HttpServerExchange exchange, long startNanos, ExchangeCompletionListener.NextListener next) {
        try {
            long nanos = Math.max(0, System.nanoTime() - startNanos);
            metrics.recordRequest(exchange.getRequestPath(), RequestFailure.status(exchange), nanos);
            String backend = exchange.getAttachment(ExchangeKeys.BACKEND_ID);
            if (backend != null) {
                metrics.recordBackend(backend, nanos);
            }
            SessionContext session = exchange.getAttachment(ExchangeKeys.SESSION);
            if (session != null) {
                metrics.recordSession(session.outcome(), session.fresh());
            }
            Verdict verdict = exchange.getAttachment(ExchangeKeys.VERDICT);
            if (verdict != null) {
                metrics.recordVerdict(verdict);
            }
        } finally {
            next.proceed();
        }
    }

    @Override
    public String toString() {
        return "metrics(" + metrics + ")";
    }
}
