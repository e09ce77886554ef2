package io.tandem.proxy.admin;

import io.tandem.proxy.pipeline.ExchangeKeys;
import io.tandem.proxy.pipeline.SessionContext;
import io.tandem.waf.Verdict;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.time.Clock;

/**
 * Pipeline stage that feeds the {@link AttackLog}: when an exchange completes with a verdict other
 * than {@link Verdict.Pass} (left by the rule stage in {@link ExchangeKeys#VERDICT}), it records
 * the request with the status the client got. Requests without such a verdict cost one attachment
 * lookup and no allocation. Place it anywhere before the rule stage; outermost is simplest.
 */
public final class AttackLogHandler implements HttpHandler {

    private final AttackLog log;
    private final Clock clock;
    private final HttpHandler next;
    private final ExchangeCompletionListener onComplete = this::completed;

    public AttackLogHandler(AttackLog log, Clock clock, HttpHandler next) {
        this.log = log;
        this.clock = clock;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addExchangeCompleteListener(onComplete);
        next.handleRequest(exchange);
    }

    private void completed(HttpServerExchange ex, ExchangeCompletionListener.NextListener nextListener) {
        try {
            Verdict verdict = ex.getAttachment(ExchangeKeys.VERDICT);
            if (verdict != null && !(verdict instanceof Verdict.Pass)) {
                record(ex, verdict);
            }
        } finally {
            nextListener.proceed();
        }
    }

    private void record(HttpServerExchange ex, Verdict verdict) {
        InetAddress client = ex.getAttachment(ExchangeKeys.CLIENT_ADDRESS);
        SessionContext session = ex.getAttachment(ExchangeKeys.SESSION);
        AttackEvent event = AttackEvent.of(verdict, clock.instant(), ex.getAttachment(ExchangeKeys.REQUEST_ID),
                (client != null ? client : ex.getSourceAddress().getAddress()).getHostAddress(),
                ex.getRequestMethod().toString(), ex.getRequestPath(), ex.getStatusCode(),
                session == null ? null : session.cookie().id().toString());
        if (event != null) {
            log.record(event);
        }
    }

    @Override
    public String toString() {
        return "attack-log(capacity: " + log.capacity() + ")";
    }
}
