package io.tandem.proxy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;

/**
 * Root of the service pipeline that lets a member give up its listener without failing a request.
 * It counts requests in flight and remembers open client connections. While draining, every
 * response is sent with {@code Connection: close}, so a keep-alive client reconnects, finds the
 * port closed (or taken over by the new active member) and retries, instead of sending another
 * request into a member that is leaving.
 *
 * <p>A connection that was idle when the drain began (its last response was keep-alive) may carry
 * the client's next request at any moment, so it is not closed as soon as nothing is in flight:
 * it lingers, and a request that arrives on it is still served (with {@code Connection: close}).
 * Only the connections still open after the linger are closed. Unlike Undertow's
 * {@code GracefulShutdownHandler} it never answers 503 while draining.
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
        // in flight when the drain begins must also tell its client to reconnect. Commit listeners
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
     * Marks every later response {@code Connection: close} and returns the connections open now;
     * pass them to {@link #finish} to close what is left of them.
     */
    List<ServerConnection> beginDrain() {
        draining = true;
        return List.copyOf(connections);
    }

    /**
     * Waits until no request is in flight or {@code timeout} passed, lets idle connections linger
     * for {@code linger} so that a request their client is sending now is still served, then
     * closes those of {@code open} that are left.
     *
     * @return the number of requests still in flight when the wait ended (0 for a clean drain)
     */
    long finish(List<ServerConnection> open, Duration timeout, Duration linger) throws InterruptedException {
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
        long lingerEnd = Math.min(deadline, System.nanoTime() + linger.toNanos());
        while (System.nanoTime() < lingerEnd && open.stream().anyMatch(ServerConnection::isOpen)) {
            TimeUnit.MILLISECONDS.sleep(20); // bounded by the linger: clients close after their next response
        }
        for (ServerConnection connection : open) {
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
