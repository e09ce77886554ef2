package io.tandem.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * Root of the service pipeline that lets a member give up its listener without failing a request.
 * It counts requests in flight and remembers open client connections. While draining, every
 * response is sent with {@code Connection: close}, so a keep-alive client reconnects, finds the
 * port closed (or taken over by the new active member) and retries, instead of sending another
 * request into a member that is leaving. When nothing is in flight, the remaining idle
 * connections are closed.
 *
 * <p>Unlike Undertow's {@code GracefulShutdownHandler} it never answers 503 while draining: a
 * request that arrives on an open connection is still served.
 */
final class DrainingHandler implements HttpHandler {

    private static final AttachmentKey<Boolean> TRACKED = AttachmentKey.create(Boolean.class);

    private final HttpHandler next;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private long inFlight;
    private volatile boolean draining;

    DrainingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServerConnection connection = exchange.getConnection();
        if (connection.getAttachment(TRACKED) == null) {
            connection.putAttachment(TRACKED, Boolean.TRUE);
            connections.add(connection);
            connection.addCloseListener(connections::remove);
        }
        synchronized (lock) {
            inFlight++;
        }
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            synchronized (lock) {
                if (--inFlight == 0) {
                    lock.notifyAll();
                }
            }
            nextListener.proceed();
        });
        // Decided when the response is committed, not when the request arrives: a request already
        // in flight when the drain begins must also tell its client to reconnect, or the client
        // sends its next request into a connection the drain is about to close. Commit listeners
        // run before Undertow writes the Connection header from isPersistent().
        exchange.addResponseCommitListener(ex -> {
            if (draining) {
                ex.setPersistent(false);
            }
        });
        next.handleRequest(exchange);
    }

    /** Serve normally again (after a promotion). */
    void resume() {
        draining = false;
    }

    /**
     * Marks every later response {@code Connection: close}, waits until no request is in flight or
     * {@code timeout} passed, then closes the connections that are left.
     *
     * @return the number of requests still in flight when the wait ended (0 for a clean drain)
     */
    long drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        synchronized (lock) {
            while (inFlight > 0) {
                long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (wait <= 0) {
                    break;
                }
                lock.wait(wait);
            }
            left = inFlight;
        }
        for (ServerConnection connection : connections) {
            IoUtils.safeClose(connection);
        }
        return left;
    }

    long inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    @Override
    public String toString() {
        return "drain(in-flight: " + inFlight() + (draining ? ", draining" : "") + ")";
    }
}
