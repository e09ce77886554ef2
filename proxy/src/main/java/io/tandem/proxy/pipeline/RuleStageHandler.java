package io.tandem.proxy.pipeline;

import io.tandem.waf.RequestView;
import io.tandem.waf.RuleEngine;
import io.tandem.waf.Verdict;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule stage: builds the immutable {@link RequestView}, asks the current {@link RuleEngine} for a
 * verdict and carries it out. The engine is read through a supplier on every request so that a
 * reload can swap it atomically.
 */
public final class RuleStageHandler implements HttpHandler {

    private static final Logger ATTACKS = LoggerFactory.getLogger("tandem.attack");

    private final Supplier<RuleEngine> engine;
    private final HttpHandler next;

    public RuleStageHandler(Supplier<RuleEngine> engine, HttpHandler next) {
        this.engine = engine;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RuleEngine current = engine.get();
        // Building the view costs a copy of the headers; skip it while no rule would read it.
        Verdict verdict = current.rules().isEmpty() ? Verdict.PASS : current.evaluate(view(exchange));
        exchange.putAttachment(ExchangeKeys.VERDICT, verdict);
        String requestId = exchange.getAttachment(ExchangeKeys.REQUEST_ID);
        if (verdict instanceof Verdict.Pass) {
            next.handleRequest(exchange);
        } else if (verdict instanceof Verdict.Alert alert) {
            ATTACKS.warn("alert rule={} reason={} request={}", alert.ruleId(), alert.reason(), requestId);
            next.handleRequest(exchange);
        } else if (verdict instanceof Verdict.Deny deny) {
            if (deny.log()) {
                ATTACKS.warn("deny rule={} reason={} status={} request={}", deny.ruleId(), deny.reason(), deny.status(), requestId);
            }
            exchange.setStatusCode(deny.status());
            exchange.endExchange();
        } else if (verdict instanceof Verdict.Redirect redirect) {
            ATTACKS.warn("redirect rule={} reason={} location={} request={}", redirect.ruleId(), redirect.reason(),
                    redirect.location(), requestId);
            exchange.setStatusCode(StatusCodes.FOUND);
            exchange.getResponseHeaders().put(Headers.LOCATION, redirect.location().toString());
            exchange.endExchange();
        } else if (verdict instanceof Verdict.PeriodBlock block) {
            ATTACKS.warn("period-block rule={} reason={} duration={}s request={}", block.ruleId(), block.reason(),
                    block.duration().toSeconds(), requestId);
            exchange.setStatusCode(StatusCodes.FORBIDDEN);
            exchange.endExchange();
        }
    }

    private static RequestView view(HttpServerExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), new ArrayList<>(values));
        }
        SessionContext session = exchange.getAttachment(ExchangeKeys.SESSION);
        InetAddress client = exchange.getAttachment(ExchangeKeys.CLIENT_ADDRESS);
        return new RequestView(
                exchange.getAttachment(ExchangeKeys.REQUEST_ID),
                exchange.getRequestMethod().toString(),
                exchange.getRequestPath(),
                exchange.getQueryString(),
                headers,
                client != null ? client : exchange.getSourceAddress().getAddress(),
                session != null ? session.state() : "none");
    }

    @Override
    public String toString() {
        return "rules(" + engine.get() + ")";
    }
}
