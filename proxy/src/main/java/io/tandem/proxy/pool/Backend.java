package io.tandem.proxy.pool;

import io.undertow.client.UndertowClient;
import io.undertow.server.handlers.proxy.ConnectionPoolManager;
import io.undertow.server.handlers.proxy.ProxyConnectionPool;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;

/**
 * One backend server: its Undertow connection pool and its health.
 *
 * <p>Health has two sources. The active {@link HealthChecker} moves it both ways after
 * {@code rise}/{@code fall} consecutive results. A refused connection takes the backend down at once
 * (passive check), so new sessions stop going to a dead server without waiting for the next probe;
 * only the active check brings it back, which avoids flapping on a half-alive server. Undertow's own
 * retry of problem servers is switched off ({@link #getProblemServerRetry()} returns 0) for the same
 * reason.
 *
 * <p>Thread-safe: health is a volatile flag, in-flight requests an atomic counter.
 */
public final class Backend implements ConnectionPoolManager {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.pool");

    private final String id;
    private final URI uri;
    private final int maxConnections;
    private final int queueSize;
    private final ProxyConnectionPool connectionPool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean up = true;

    Backend(String id, URI uri, int maxConnections, int queueSize, UndertowClient client, OptionMap options) {
        this.id = id;
        this.uri = uri;
        this.maxConnections = maxConnections;
        this.queueSize = queueSize;
        this.connectionPool = new ProxyConnectionPool(this, uri, client, options);
    }

    public String id() {
        return id;
    }

    public URI uri() {
        return uri;
    }

    public boolean isUp() {
        return up;
    }

    public int inFlight() {
        return inFlight.get();
    }

    ProxyConnectionPool connectionPool() {
        return connectionPool;
    }

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    void requestEnded() {
        inFlight.decrementAndGet();
    }

    /** Sets the health; logs only real transitions. */
    void setUp(boolean nowUp, String reason) {
        boolean was = up;
        up = nowUp;
        if (was != nowUp) {
            if (nowUp) {
                LOG.info("backend up: id={} url={} reason={}", id, uri, reason);
            } else {
                LOG.warn("backend down: id={} url={} reason={}", id, uri, reason);
            }
        }
    }

    void close() {
        connectionPool.close();
    }

    // ConnectionPoolManager: called by Undertow's pool.

    @Override
    public boolean isAvailable() {
        return up;
    }

    @Override
    public boolean handleError() {
        setUp(false, "connection failed");
        return false;
    }

    @Override
    public boolean clearError() {
        return up;
    }

    @Override
    public int getProblemServerRetry() {
        return 0;
    }

    @Override
    public int getMaxConnections() {
        return maxConnections;
    }

    @Override
    public int getMaxCachedConnections() {
        return maxConnections;
    }

    @Override
    public int getSMaxConnections() {
        return maxConnections;
    }

    @Override
    public long getTtl() {
        return -1;
    }

    @Override
    public int getMaxQueueSize() {
        return queueSize;
    }

    @Override
    public String toString() {
        return id + "(" + uri + (up ? ", up" : ", down") + ")";
    }
}
