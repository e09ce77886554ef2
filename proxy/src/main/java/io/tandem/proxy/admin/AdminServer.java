package io.tandem.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.proxy.metrics.TandemMetrics;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API on its own listener (never the service listener): JSON under
 * {@code /api/v1}, bearer tokens stored as hashes, {@code application/problem+json} errors,
 * optional TLS. See {@code docs/admin-api.md} for the routes.
 *
 * <p>The admin listener runs on every member whatever its role, so an operator can reach the
 * standby too; tokens are stateless, so the same token works on either member and survives a
 * failover. {@code /health} and {@code /ready} need no token (load balancers, container health
 * checks); {@code /metrics} needs a read-only token unless {@code metrics-public} is set.
 *
 * <p>Bounds: 1 IO thread and 4 worker threads (route code may block), request headers up to
 * 16 KiB, bodies up to 1 MiB (413 beyond), a request must arrive within 10 s.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once (idempotent); not restartable.
 * Thread-safe.
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.admin");
    private static final int WORKER_THREADS = 4;

    private final AdminSettings settings;
    private final AdminRouter router;
    private Undertow undertow;
    private AdminTls tls;

    public AdminServer(AdminSettings settings, AdminServices services, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(clock, "clock");
        this.router = new AdminRouter(routes(settings, services, clock), new BearerAuthenticator(settings.tokens()));
    }

    /** Every route, in matching order: literal paths before parameterized ones that overlap. */
    static List<Route> routes(AdminSettings settings, AdminServices services, Clock clock) {
        List<Route> routes = new ArrayList<>();
        routes.addAll(new MemberRoutes(services.member(), services.backends(), clock).routes());
        routes.addAll(new SessionRoutes(services.sessions()).routes());
        routes.addAll(new RuleRoutes(services.rules()).routes());
        routes.addAll(new ConfigRoutes(services.config()).routes());
        routes.addAll(new KeyRoutes(services.keys(), services.rotation()).routes());
        routes.addAll(new AttackRoutes(services.attacks()).routes());
        TandemMetrics metrics = services.metrics();
        routes.add(Route.get("/metrics", settings.metricsPublic() ? null : AdminRole.READ_ONLY,
                r -> Reply.text(TandemMetrics.CONTENT_TYPE, metrics.scrape())));
        JsonNode openApi = OpenApiDocument.load(settings);
        routes.add(Route.get("/openapi.json", AdminRole.READ_ONLY, r -> Reply.ok(openApi)));
        return routes;
    }

    /** The routes this server answers, for tests. */
    List<Route> routes() {
        return router.routes();
    }

    /**
     * Binds the admin listener.
     *
     * @throws IllegalStateException if TLS cannot be set up or the address cannot be bound, with
     *                               a message naming the setting
     */
    public synchronized void start() {
        if (undertow != null) {
            throw new IllegalStateException("admin server already started");
        }
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(WORKER_THREADS)
                .setHandler(new BlockingHandler(router))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 16 * 1024)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false);
        if (settings.tls() != null) {
            tls = AdminTls.from(settings.tls(), settings.address());
            builder.addHttpsListener(settings.port(), settings.address(), tls.context());
        } else {
            builder.addHttpListener(settings.port(), settings.address());
        }
        Undertow server = builder.build();
        try {
            server.start();
        } catch (RuntimeException e) {
            server.stop();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("admin listener: cannot bind " + settings.address() + ":" + settings.port()
                    + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", e);
        }
        undertow = server;
        warnAboutExposure();
        LOG.info("admin API listening on {} (tokens: {}; metrics: {})", baseUrl(),
                settings.tokens().isEmpty() ? "none"
                        : settings.tokens().stream().map(t -> t.name() + "/" + t.role().label())
                                .collect(Collectors.joining(", ")),
                settings.metricsPublic() ? "public" : "read-only token");
    }

    private void warnAboutExposure() {
        if (settings.tokens().isEmpty()) {
            LOG.warn("admin API has no tokens: only /health, /ready{} answer; add admin.tokens (see 'tandem hash-token')",
                    settings.metricsPublic() ? " and /metrics" : "");
        }
        if (tls == null && !isLoopback(settings.address())) {
            LOG.warn("admin API on {} without TLS: bearer tokens cross the network in clear text; set admin.tls",
                    settings.address());
        }
        if (tls != null && settings.tls().selfSigned()) {
            LOG.info("admin API uses a self-signed certificate, SHA-256 fingerprint {}", tls.fingerprint());
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The bound port (useful when configured as 0); the configured one before {@link #start()}. */
    public synchronized int port() {
        if (undertow == null) {
            return settings.port();
        }
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** E.g. {@code https://127.0.0.1:9090/api/v1}. */
    public String baseUrl() {
        String host = settings.address().contains(":") ? "[" + settings.address() + "]" : settings.address();
        return (settings.tls() != null ? "https" : "http") + "://" + host + ":" + port() + AdminRouter.PREFIX;
    }

    /** Stops the listener; requests in flight are cut. Idempotent. */
    @Override
    public synchronized void close() {
        if (undertow != null) {
            undertow.stop();
            undertow = null;
            LOG.info("admin API stopped");
        }
    }

    @Override
    public String toString() {
        return "admin(" + settings.address() + ":" + settings.port() + (settings.tls() != null ? ", tls" : "") + ")";
    }
}
