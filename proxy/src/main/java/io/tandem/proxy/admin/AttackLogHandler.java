package io.tandem.proxy.admin;

import io.tandem.proxy.pipeline.ExchangeKeys;
import io.tandem.proxy.pipeline.RequestFailure;
import io.tandem.proxy.pipeline.SessionContext;
import io.tandem.waf.Verdict;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.net.InetAddress;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline stage that writes the attack log: when an exchange completes with a verdict other than
 * {@link Verdict.Pass} (left by the rule stage in {@link ExchangeKeys#VERDICT}), it writes one JSON
 * line to the {@code tandem.attack} logger and records the event in the admin API's
 * {@link AttackLog}, with the status the client got. A "deny (no log)" verdict is neither written
 * nor recorded (it is still counted in the metrics). Requests without such a verdict cost one
 * attachment lookup and no allocation. Place it anywhere before the rule stage; outermost is
 * simplest.
 */
public final class AttackLogHandler implements HttpHandler {

    private static final Logger ATTACKS = LoggerFactory.getLogger("tandem.attack");

    private final AttackLog log;
    private final String nodeId;
    private final Clock clock;
    private final HttpHandler next;
    private final ExchangeCompletionListener onComplete = this::completed;

    public AttackLogHandler(AttackLog log, String nodeId, Clock clock, HttpHandler next) {
        this.log = log;
        this.nodeId = nodeId;
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
            if (verdict != null && !(verdict instanceof Verdict.Pass)
                    && !(verdict instanceof Verdict.Deny deny && !deny.log())) {
                record(ex, verdict);
            }
        } finally {
            nextListener.proceed();
        }
    }

    private void record(HttpServerExchange ex, Verdict verdict) {
        InetAddress client = ex.getAttachment(ExchangeKeys.CLIENT_ADDRESS);
        SessionContext session = ex.getAttachment(ExchangeKeys.SESSION);
        AttackEvent event = AttackEvent.of(verdict, clock.instant(), nodeId, ex.getAttachment(ExchangeKeys.REQUEST_ID),
                (client != null ? client : ex.getSourceAddress().getAddress()).getHostAddress(),
                ex.getRequestMethod().toString(), ex.getRequestPath(), RequestFailure.status(ex),
                session == null ? null : session.cookie().id().toString());
        if (event != null) {
            ATTACKS.warn("{}", event.toJsonLine());
            log.record(event);
        }
    }

    @Override
    public String toString() {
        return "attack-log(capacity: " + log.capacity() + ")";
    }
}
