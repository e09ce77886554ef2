package io.tandem.proxy.pool;

import io.tandem.config.BackendConfig;
import io.tandem.config.PoolConfig;
import io.undertow.client.UndertowClient;
import io.undertow.server.handlers.proxy.ProxyClient;
import java.util.ArrayList;
import java.util.List;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * The backends of the farm with their connection pools, health checks and the selection policy
 * (persistence first, then balance). Owns the health-check thread; {@link #close()} stops it and
 * closes the pooled connections.
 */
public final class BackendPool implements AutoCloseable {

    private final List<Backend> backends;
    private final BackendPoolClient client;
    private final HealthChecker healthChecker;

    public BackendPool(List<BackendConfig> configs, PoolConfig pool) {
        OptionMap options = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.KEEP_ALIVE, true)
                .getMap();
        UndertowClient undertowClient = UndertowClient.getInstance();
        List<Backend> list = new ArrayList<>();
        for (BackendConfig config : configs) {
            list.add(new Backend(config.id(), config.url(), pool.maxConnectionsPerBackend(), pool.queueSize(),
                    undertowClient, options));
        }
        this.backends = List.copyOf(list);
        this.client = new BackendPoolClient(new BackendSelector(backends, pool.balance()));
        this.healthChecker = new HealthChecker(pool.healthCheck(), backends);
    }

    /** Starts the active health checks. Backends count as up until a check says otherwise. */
    public void start() {
        healthChecker.start();
    }

    public ProxyClient proxyClient() {
        return client;
    }

    public List<Backend> backends() {
        return backends;
    }

    @Override
    public void close() {
        healthChecker.close();
        backends.forEach(Backend::close);
    }
}
