package io.tandem.proxy;

import io.tandem.config.ListenerConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import io.undertow.server.ServerConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

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
    private Undertow undertow;
    private int boundPort;

    ServiceListener(ListenerConfig config, HttpHandler pipeline) {
        this.config = config;
        this.root = new DrainingHandler(pipeline);
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
        if (undertow != null) {
            return;
        }
        root.resume();
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Undertow candidate = build();
            try {
                candidate.start();
                undertow = candidate;
                boundPort = ((InetSocketAddress) candidate.getListenerInfo().get(0).getAddress()).getPort();
                return;
            } catch (RuntimeException e) {
                candidate.stop();
                if (System.nanoTime() > deadline || !(rootCause(e) instanceof java.net.BindException)) {
                    throw e;
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
        if (undertow == null) {
            return;
        }
        undertow.stop(); // external worker: closes only the listening socket
        undertow = null;
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
        return undertow != null;
    }

    synchronized int port() {
        return undertow == null ? config.port() : boundPort;
    }

    private Undertow build() {
        return Undertow.builder()
                .setWorker(worker)
                .addHttpListener(config.port(), config.address())
                .setHandler(root)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                // Let malformed targets reach the rules instead of an anonymous 400 from the parser:
                // raw '<', '"' or a bad '%' escape in a URL is evidence, refused by a rule with its
                // id in the attack log (http-encoding, http-request-target, xss, ...). The rules read
                // the target as sent; nothing downstream needs Undertow's decoded path.
                .setServerOption(UndertowOptions.ALLOW_UNESCAPED_CHARACTERS_IN_URL, true)
                .setServerOption(UndertowOptions.DECODE_URL, false)
                // No hidden cap on request bodies: Undertow's default (2 MiB) broke every larger
                // upload, and the rule stage then ended the exchange early. How long a body may be
                // is the WAF's policy (rule http-body-length, waf.protocol.max-body-length, 32 MiB
                // by default); bodies are streamed, only the inspected head is buffered.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                // lets the metrics stage time requests without a listener object per request
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, true)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .setSocketOption(Options.BACKLOG, 1024)
                .setSocketOption(Options.REUSE_ADDRESSES, true)
                .build();
    }

    @Override
    public synchronized void close() {
        release(DEFAULT_DRAIN);
        awaitDrains(DEFAULT_DRAIN.plus(LINGER));
        worker.shutdown();
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
