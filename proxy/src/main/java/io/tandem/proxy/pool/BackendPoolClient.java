package io.tandem.proxy.pool;

import io.tandem.proxy.pipeline.ExchangeKeys;
import io.tandem.proxy.pipeline.ProxyFailure;
import io.tandem.proxy.pipeline.SessionContext;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.AttachmentList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undertow {@link ProxyClient} over the backend pool. Undertow's {@code LoadBalancingProxyClient}
 * finds sticky hosts through a route suffix in a cookie, which does not fit a signed cookie; this
 * client reads the persistence target from the validated session instead, and records the backend it
 * picks on the exchange so the session stage can write it into the cookie.
 *
 * <p>Undertow calls {@link #getConnection} again for a retry (idempotent requests only); each call
 * skips the backends already tried for the request.
 */
public final class BackendPoolClient implements ProxyClient {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.pool");
    private static final ProxyTarget TARGET = new ProxyTarget() {
    };
    private static final AttachmentKey<AttachmentList<Backend>> ATTEMPTED = AttachmentKey.createList(Backend.class);

    private final BackendSelector selector;

    BackendPoolClient(BackendSelector selector) {
        this.selector = selector;
    }

    @Override
    public ProxyTarget findTarget(HttpServerExchange exchange) {
        return TARGET;
    }

    @Override
    public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
            long timeout, TimeUnit timeUnit) {
        SessionContext session = exchange.getAttachment(ExchangeKeys.SESSION);
        String persistence = session == null ? "" : session.cookie().backend();
        List<Backend> attempted = exchange.getAttachment(ATTEMPTED);
        Backend backend = selector.select(persistence, attempted == null ? List.of() : attempted);
        if (backend == null) {
            exchange.putAttachment(ExchangeKeys.PROXY_FAILURE, ProxyFailure.NO_BACKEND);
            callback.couldNotResolveBackend(exchange);
            return;
        }
        if (!persistence.isEmpty() && !persistence.equals(backend.id()) && attempted == null) {
            LOG.info("session moved: session={} from={} to={} reason=backend {} is down request={}",
                    session.cookie().id(), persistence, backend.id(), persistence,
                    exchange.getAttachment(ExchangeKeys.REQUEST_ID));
        }
        exchange.addToAttachmentList(ATTEMPTED, backend);
        exchange.putAttachment(ExchangeKeys.BACKEND_ID, backend.id());
        if (attempted == null) {
            backend.requestStarted();
            exchange.addExchangeCompleteListener((ex, next) -> {
                backend.requestEnded();
                next.proceed();
            });
        }
        backend.connectionPool().connect(target, exchange, new RecordingCallback(callback), timeout, timeUnit, false);
    }

    /** Notes why a connection could not be had, for the error page, then lets Undertow go on. */
    private record RecordingCallback(ProxyCallback<ProxyConnection> delegate) implements ProxyCallback<ProxyConnection> {

        @Override
        public void completed(HttpServerExchange exchange, ProxyConnection result) {
            delegate.completed(exchange, result);
        }

        @Override
        public void failed(HttpServerExchange exchange) {
            exchange.putAttachment(ExchangeKeys.PROXY_FAILURE, ProxyFailure.CONNECT_FAILED);
            delegate.failed(exchange);
        }

        @Override
        public void queuedRequestFailed(HttpServerExchange exchange) {
            exchange.putAttachment(ExchangeKeys.PROXY_FAILURE, ProxyFailure.QUEUE_FULL);
            delegate.queuedRequestFailed(exchange);
        }

        @Override
        public void couldNotResolveBackend(HttpServerExchange exchange) {
            exchange.putAttachment(ExchangeKeys.PROXY_FAILURE, ProxyFailure.NO_BACKEND);
            delegate.couldNotResolveBackend(exchange);
        }
    }
}
