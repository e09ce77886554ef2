package io.tandem.proxy;

import io.tandem.config.ListenerConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import io.undertow.server.ServerConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The listener that clients reach, with the bounds that keep a flood from exhausting the member:
 * header size, request-parse timeout (slow-loris), idle keep-alive timeout.
 *
 * <p>It can be bound and released any number of times, as an HA role change requires: the
 * XNIO worker (IO threads) belongs to this object, not to the Undertow server, so releasing the
 * listener closes only the listening socket. New connections are refused at once while the
 * connections already open are drained by {@link DrainingHandler}. Like a virtual IP moving
 * between appliances, the port is then free for the new active member.
 *
 * <p>Thread-safe: bind and release are serialized.
 */
final class ServiceListener implements AutoCloseable {

    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);
    /** How long a connection idle at the start of a drain may still bring one more request. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** How long a promotion keeps trying to bind while the old owner may still hold the port. */
    static final Duration PROMOTION_BIND_PATIENCE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger("tandem");

    private final ListenerConfig config;
    private final DrainingHandler root;
    private final XnioWorker worker;
    private final List<Thread> drainers = new CopyOnWriteArrayList<>();
    private final ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
    private AcceptingChannel<StreamConnection> server;
    private int boundPort;

    ServiceListener(ListenerConfig config, HttpHandler pipeline) {
        this.config = config;
        this.root = new DrainingHandler(new EscapeRestoringHandler(pipeline));
        int ioThreads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        try {
            this.worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, Math.max(4, ioThreads * 2))
                    .set(Options.WORKER_TASK_MAX_THREADS, Math.max(4, ioThreads * 2))
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.WORKER_NAME, "tandem")
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the IO worker", e);
        }
    }

    /**
     * Binds the listener. While the port is still held (by a former owner handing over), retries
     * for up to {@code patience}; any other failure, or a port still taken after it, is thrown.
     */
    synchronized void bind(Duration patience) {
        if (server != null) {
            return;
        }
        root.resume();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                server = open();
                boundPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !(rootCause(e) instanceof java.net.BindException)) {
                    throw new UncheckedIOException("cannot bind " + config.address() + ":" + config.port(), e);
                }
                LOG.debug("port {}:{} still in use; retrying", config.address(), config.port());
                sleepQuietly(20); // a bounded poll for the port to be released
            }
        }
    }

    /**
     * Stops accepting at once (new connections are refused, so the port is free for the new owner)
     * and drains the connections already open in the background: requests in flight finish,
     * every response says {@code Connection: close}, idle connections linger for
     * {@link #LINGER} in case their client is sending, then the rest are closed. Returns without
     * waiting, so a hand-over is not delayed by slow requests.
     */
    synchronized void release(Duration drain) {
        if (server == null) {
            return;
        }
        IoUtils.safeClose(server); // closes only the listening socket
        server = null;
        List<ServerConnection> open = root.beginDrain();
        Thread drainer = new Thread(() -> {
            try {
                long left = root.finish(open, drain, LINGER);
                LOG.info("drained the released listener: {} connection(s), {} request(s) still in flight at the end",
                        open.size(), left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tandem-drain");
        drainer.setDaemon(true);
        drainer.start();
        drainers.add(drainer);
    }

    /** Waits (bounded) for background drains to end, as a process that exits must. */
    private void awaitDrains(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread drainer : drainers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                drainer.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        drainers.clear();
    }

    synchronized boolean isBound() {
        return server != null;
    }

    synchronized int port() {
        return server == null ? config.port() : boundPort;
    }

    /**
     * Assembles what {@code Undertow.builder()} would, by hand, for one reason: each accepted
     * connection gets an {@link EscapeMaskingConduit} under the HTTP parser (Undertow's builder
     * has no hook for that).
     */
    private AcceptingChannel<StreamConnection> open() throws IOException {
        OptionMap serverOptions = OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .set(UndertowOptions.ENABLE_HTTP2, false)
                // Let malformed targets reach the rules instead of an anonymous 400 from the parser:
                // raw '<', '"' or a bad '%' escape in a URL is evidence, refused by a rule with its
                // id in the attack log (http-encoding, http-request-target, xss, ...). The rules read
                // the target as sent; nothing downstream needs Undertow's decoded path. Undertow
                // refuses a bad '%' escape whatever the options say: EscapeMaskingConduit handles it.
                .set(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
                .set(UndertowOptions.DECODE_URL, false)
                // No hidden cap on request bodies: Undertow's default (2 MiB) broke every larger
                // upload, and the rule stage then ended the exchange early. How long a body may be
                // is the WAF's policy (rule http-body-length, waf.protocol.max-body-length, 32 MiB
                // by default); bodies are streamed, only the inspected head is buffered.
                .set(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                // lets the metrics stage time requests without a listener object per request
                .set(UndertowOptions.RECORD_REQUEST_START_TIME, true)
                .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .getMap();
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1024)
                .getMap();
        HttpOpenListener http = new HttpOpenListener(buffers, serverOptions);
        http.setRootHandler(root);
        ChannelListener<StreamConnection> masking = connection -> {
            connection.getSourceChannel().setConduit(new EscapeMaskingConduit(connection.getSourceChannel().getConduit()));
            http.handleEvent(connection);
        };
        AcceptingChannel<StreamConnection> server = worker.createStreamConnectionServer(
                new InetSocketAddress(InetAddress.getByName(config.address()), config.port()),
                ChannelListeners.openListenerAdapter(masking), socketOptions);
        server.resumeAccepts();
        return server;
    }

    @Override
    public synchronized void close() {
        release(DEFAULT_DRAIN);
        awaitDrains(DEFAULT_DRAIN.plus(LINGER));
        worker.shutdown();
        buffers.close();
        try {
            if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
