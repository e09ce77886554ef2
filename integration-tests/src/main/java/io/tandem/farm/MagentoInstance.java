package io.tandem.farm;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * One Magento-2-like storefront backend: an Undertow server on its own port with its own
 * in-memory PHP session store. Sessions are never shared between instances, so a request that a
 * proxy routes to the wrong instance visibly loses its cart ("Invalid Form Key", empty cart).
 *
 * <p>Pages, form actions and cookies are listed in the {@linkplain io.tandem.farm package
 * documentation}; every response the storefront writes carries {@code X-Backend: <name>}. Any
 * email logs in with {@link #CUSTOMER_PASSWORD}.
 *
 * <p>Lifecycle: {@link #start()} binds the port (0 = chosen by the OS on the first start),
 * {@link #stop()} closes the listener and every open connection at once, simulating an instance
 * that dies: requests in flight may fail. {@code start()} again binds the same port as before.
 * The session store survives a stop/start, as a PHP session store on disk survives a PHP-FPM
 * restart; it holds at most {@code maxSessions} sessions and evicts the least recently used.
 *
 * <p>Thread-safe: lifecycle methods are synchronized; counters and the session store may be read
 * from any thread at any time.
 */
public final class MagentoInstance {

    /** The password of every customer: any email with this password logs in. */
    public static final String CUSTOMER_PASSWORD = "secret123";
    /** Sessions kept per instance before the least recently used is evicted. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;
    public static final String LOOPBACK = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(MagentoInstance.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** How long a stop waits for requests in flight before closing their connections. */
    private static final int SHUTDOWN_GRACE_MILLIS = 200;

    private final String name;
    private final String host;
    private final SessionStore sessions;
    private final AtomicLong requests = new AtomicLong();
    private final HttpHandler root;
    private int port;
    private Undertow server;

    /** An instance on 127.0.0.1; {@code port} 0 lets the OS choose on the first start. */
    public MagentoInstance(String name, int port) {
        this(name, LOOPBACK, port);
    }

    public MagentoInstance(String name, String host, int port) {
        this(name, host, port, DEFAULT_MAX_SESSIONS, new OrderNumbers());
    }

    MagentoInstance(String name, String host, int port, int maxSessions, OrderNumbers orderNumbers) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: " + NAME + ", e.g. web1)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + ".port: " + port + " (expected: 0..65535)");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException(name + ".host: '' (expected: an address such as 127.0.0.1)");
        }
        this.name = name;
        this.host = host;
        this.port = port;
        RandomTokens tokens = new RandomTokens();
        this.sessions = new SessionStore(maxSessions, tokens);
        Layout layout = new Layout(name);
        HttpHandler storefront = new StorefrontHandler(layout,
                new CatalogPages(layout),
                new CheckoutPages(layout, orderNumbers),
                new CustomerPages(layout, sessions));
        this.root = new BackendIdentityHandler(name, requests,
                new BlockingHandler(new ErrorPageHandler(new InfrastructureHandler(
                        new SessionHandler(sessions, tokens, storefront)))));
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IllegalStateException if already running, or if the port cannot be bound
     */
    public synchronized MagentoInstance start() {
        if (server != null) {
            throw new IllegalStateException(name + ": already running on " + baseUrl());
        }
        Undertow candidate = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(2)
                .setWorkerThreads(32)
                .setWorkerOption(Options.WORKER_NAME, "farm-" + name)
                .setServerOption(UndertowOptions.SHUTDOWN_TIMEOUT, SHUTDOWN_GRACE_MILLIS)
                .setHandler(root)
                .build();
        try {
            candidate.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + ": cannot listen on " + host + ":" + port + " (" + rootCause(e) + ")", e);
        }
        server = candidate;
        port = ((InetSocketAddress) candidate.getListenerInfo().get(0).getAddress()).getPort();
        LOG.info("{} listening on {}", name, baseUrl());
        return this;
    }

    /** Closes the listener and all connections; sessions are kept. A no-op if not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop();
        server = null;
        LOG.info("{} stopped", name);
    }

    public String name() {
        return name;
    }

    /** The bound port once started (also after a stop); before the first start, the configured one. */
    public synchronized int port() {
        return port;
    }

    /** {@code http://host:port}, without a trailing slash. */
    public URI baseUrl() {
        String authority = host.indexOf(':') >= 0 ? "[" + host + "]" : host; // an IPv6 literal
        return URI.create("http://" + authority + ":" + port());
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Requests this instance has started to handle since it was built, over all starts. */
    public long requestCount() {
        return requests.get();
    }

    /** Sessions currently held. */
    public int sessionCount() {
        return sessions.size();
    }

    /** True if this instance has a session with this PHPSESSID (it would keep that visitor's cart). */
    public boolean knowsSession(String phpSessionId) {
        return sessions.find(phpSessionId).isPresent();
    }

    @Override
    public String toString() {
        return name + " " + baseUrl() + (isRunning() ? " (running)" : " (stopped)");
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; depth < 16 && cause.getCause() != null; depth++) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
