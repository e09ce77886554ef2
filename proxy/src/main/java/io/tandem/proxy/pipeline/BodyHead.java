package io.tandem.proxy.pipeline;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import org.xnio.IoUtils;

/**
 * The head of a request body that {@link RequestBodyReader} read for inspection, still held in the
 * connection's pooled buffers until the rule stage decides: {@link #replay()} gives every byte read
 * back to the exchange, so the backend gets the whole body; {@link #discard()} releases the buffers
 * of a request that is refused. Exactly one of them takes effect; later calls do nothing.
 *
 * <p>A refused request must not get its bytes back: the exchange would free buffers handed back to
 * it when it completes, and then read them once more while it drains the rest of the request
 * before closing the connection (Undertow: "UT000091: Buffer has already been freed", logged as an
 * unexpected failure for every refused request with an unread body).
 *
 * <p>Not thread-safe: used by the one thread that runs the exchange at a time.
 */
final class BodyHead {

    private static final PooledByteBuffer[] NONE = new PooledByteBuffer[0];
    private static final byte[] EMPTY = new byte[0];

    private final HttpServerExchange exchange;
    private final byte[] head;
    private final boolean truncated;
    private final long read;
    private PooledByteBuffer[] buffers;

    /**
     * @param head      a copy of the first bytes, at most the inspection limit
     * @param truncated whether the body goes on beyond {@code head}
     * @param buffers   everything read from the connection, {@code head} and possibly more, in order
     */
    BodyHead(HttpServerExchange exchange, byte[] head, boolean truncated, PooledByteBuffer[] buffers) {
        this.exchange = exchange;
        this.head = head;
        this.truncated = truncated;
        this.buffers = buffers;
        long n = 0;
        for (PooledByteBuffer buffer : buffers) {
            n += buffer.getBuffer().remaining();
        }
        this.read = n;
    }

    /** No body was read: there is none, or inspection is off ({@code truncated} when one follows unread). */
    static BodyHead none(HttpServerExchange exchange, boolean truncated) {
        return new BodyHead(exchange, EMPTY, truncated, NONE);
    }

    /** The bytes the rules inspect; do not modify. */
    byte[] head() {
        return head;
    }

    boolean truncated() {
        return truncated;
    }

    /** Every byte of the body read from the connection so far: the head and what came with it. */
    long read() {
        return read;
    }

    /** Hands every byte read back to the exchange, to be read again by the proxy. */
    void replay() {
        if (buffers.length > 0) {
            Connectors.ungetRequestBytes(exchange, buffers);
            Connectors.resetRequestChannel(exchange);
        }
        buffers = NONE;
    }

    /** Returns the buffers to the pool; the bytes read are gone. */
    void discard() {
        for (PooledByteBuffer buffer : buffers) {
            IoUtils.safeClose(buffer);
        }
        buffers = NONE;
    }
}
