package io.tandem.proxy;

import io.tandem.config.TandemConfig;
import io.tandem.proxy.pipeline.AccessLogHandler;
import io.tandem.proxy.pipeline.ClientAddressHandler;
import io.tandem.proxy.pipeline.ErrorPageHandler;
import io.tandem.proxy.pipeline.RequestIdHandler;
import io.tandem.proxy.pipeline.RequestSanitizerHandler;
import io.tandem.proxy.pipeline.RuleStageHandler;
import io.tandem.proxy.pipeline.SessionHandler;
import io.tandem.proxy.pipeline.SetCookieFormat;
import io.tandem.proxy.pool.BackendPool;
import io.tandem.session.KeyRing;
import io.tandem.session.LocalHistory;
import io.tandem.session.SessionManager;
import io.tandem.session.SessionPolicy;
import io.tandem.waf.RuleEngine;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tandem member: the request pipeline, the backend pool, the session manager and the service
 * listener, built from a validated configuration and a key ring.
 *
 * <p>The pipeline, in request order (DESIGN.md's request path):
 * request id, access log, error pages, client address, sanitizer, session, rules, backend pool.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once; not restartable.
 */
public final class TandemServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tandem");

    private final TandemConfig config;
    private final SessionManager sessions;
    private final BackendPool pool;
    private final AtomicReference<RuleEngine> rules = new AtomicReference<>(RuleEngine.empty());
    private final ServiceListener listener;

    public TandemServer(TandemConfig config, KeyRing keyRing, Clock clock) {
        this.config = config;
        var session = config.session();
        SessionPolicy policy = new SessionPolicy(session.idleTimeout(), session.maxLifetime(), session.renewInterval());
        LocalHistory history = new LocalHistory(session.history().maxEntries(), session.history().idleExpiry(), clock);
        this.sessions = new SessionManager(keyRing, policy, config.node().id(), history, clock);
        this.pool = new BackendPool(config.backends(), config.pool());
        this.listener = new ServiceListener(config.listener(), pipeline());
    }

    private HttpHandler pipeline() {
        HttpHandler proxy = ProxyHandler.builder()
                .setProxyClient(pool.proxyClient())
                .setMaxRequestTime((int) Math.min(Integer.MAX_VALUE, config.pool().requestTimeout().toMillis()))
                .setMaxConnectionRetries(config.pool().retries())
                .setRewriteHostHeader(false)
                .setReuseXForwarded(false)
                .build();
        HttpHandler handler = new RuleStageHandler(rules::get, proxy);
        handler = new SessionHandler(sessions,
                new SetCookieFormat(config.session().cookieName(), config.session().secureCookie()), handler);
        handler = new RequestSanitizerHandler(handler);
        handler = new ClientAddressHandler(config.network().trustedProxies(), handler);
        handler = new ErrorPageHandler(handler);
        if (config.accessLog().enabled()) {
            handler = new AccessLogHandler(config.node().id(), handler);
        }
        return new RequestIdHandler(handler);
    }

    public void start() {
        pool.start();
        listener.bind(java.time.Duration.ZERO);
        LOG.info("tandem started: node={} listener=http://{}:{} backends={} cookie={} key-ring={}",
                config.node().id(), config.listener().address(), listener.port(), pool.backends(),
                config.session().cookieName(), sessions.keyRing());
    }

    /** The port the service listener is bound to (useful when configured as 0). */
    public int port() {
        return listener.port();
    }

    public SessionManager sessions() {
        return sessions;
    }

    public BackendPool pool() {
        return pool;
    }

    /** Swaps the rule set atomically; requests in flight finish with the engine they started with. */
    public void setRules(RuleEngine engine) {
        rules.set(engine);
    }

    @Override
    public void close() {
        listener.close();
        pool.close();
        LOG.info("tandem stopped: node={}", config.node().id());
    }
}
