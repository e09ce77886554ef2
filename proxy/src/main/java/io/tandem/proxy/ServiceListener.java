package io.tandem.proxy;

import io.tandem.config.ListenerConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import org.xnio.Options;

/**
 * The listener that clients reach, with the bounds that keep a flood from exhausting the member:
 * header size, request-parse timeout (slow-loris), idle keep-alive timeout. Stopping drains: new
 * requests are refused while those in flight finish, up to a bound.
 *
 * <p>Kept apart from the pipeline so that an HA role change can bind and release it without
 * rebuilding anything else.
 */
final class ServiceListener implements AutoCloseable {

    static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final long DRAIN_MILLIS = 5_000;

    private final ListenerConfig config;
    private final GracefulShutdownHandler root;
    private Undertow undertow;

    ServiceListener(ListenerConfig config, HttpHandler pipeline) {
        this.config = config;
        this.root = new GracefulShutdownHandler(pipeline);
    }

    synchronized void start() {
        int ioThreads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        undertow = Undertow.builder()
                .addHttpListener(config.port(), config.address())
                .setIoThreads(ioThreads)
                .setWorkerThreads(Math.max(4, ioThreads * 2))
                .setHandler(root)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .setSocketOption(Options.BACKLOG, 1024)
                .build();
        undertow.start();
    }

    synchronized int port() {
        if (undertow == null) {
            return config.port();
        }
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public synchronized void close() {
        if (undertow == null) {
            return;
        }
        root.shutdown();
        try {
            root.awaitShutdown(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        undertow = null;
    }
}
