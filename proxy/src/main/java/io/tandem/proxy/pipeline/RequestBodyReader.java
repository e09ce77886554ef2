package io.tandem.proxy.pipeline;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the head of a request body for inspection without consuming it: at most {@code limit}
 * bytes plus one buffer are read, copied for the rules, and held as a {@link BodyHead} that the
 * continuation hands back to the exchange ({@link Connectors#ungetRequestBytes}) when the request
 * goes on, so that the backend receives the whole body, the inspected head first and the rest
 * streamed as before, or releases when the request is refused. Memory per request is therefore
 * bounded by the limit plus one pooled buffer, however large the body.
 *
 * <p>A client that asks {@code Expect: 100-continue} gets its {@code 100 Continue} from Tandem
 * before the body is read, and the header is removed so that the backend does not wait for a
 * body it already has: without this, such a request would skip body inspection.
 *
 * <p>Reads never block: when no data is ready, reading goes on from the connection's read
 * listener and {@link Continuation#proceed} then runs as a new root handler. Not for HTTP/2
 * (disabled on the service listener).
 *
 * <p>Reading the head has a deadline ({@code waf.limits.body-inspect-timeout}), counted from the
 * first read (after {@code 100 Continue}): a client that trickles its body, or asks to continue
 * and sends nothing, is answered 408 when it passes, its connection is closed, the buffers are
 * released, and nothing reaches the backend. A body that cannot be read (a malformed chunk, a
 * client that goes away) is answered 400. Either is recorded for the access log
 * ({@link ExchangeKeys#REQUEST_FAILURE}) and logged in one line.
 */
final class RequestBodyReader {

    /** What to do once the head of the body is read. */
    @FunctionalInterface
    interface Continuation {
        /**
         * @param body the head of the body; the continuation must {@link BodyHead#replay()} it
         *             before the request goes on, or {@link BodyHead#discard()} it
         */
        void proceed(HttpServerExchange exchange, BodyHead body) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger("tandem.rules");
    private static final long CONTINUE_WAIT_SECONDS = 5;
    private static final int CONTINUE_WAITS = 3;

    private RequestBodyReader() {
    }

    /**
     * Reads up to {@code limit} bytes of the body, then calls {@code next} (at once when there is
     * no body or the limit is 0).
     */
    static void read(HttpServerExchange exchange, int limit, Duration timeout, Continuation next) throws Exception {
        if (exchange.isRequestComplete() || limit <= 0) {
            next.proceed(exchange, BodyHead.none(exchange, limit <= 0 && !exchange.isRequestComplete()));
            return;
        }
        if (HttpContinue.requiresContinueResponse(exchange)) {
            HttpContinue.ContinueResponseSender continueSender = HttpContinue.createResponseSender(exchange);
            exchange.getRequestHeaders().remove(Headers.EXPECT);
            if (!continueSender.send()) {
                // Five bytes did not fit into the socket buffer: finish on a worker thread, where waiting is allowed.
                exchange.dispatch(ex -> {
                    for (int waits = 0; !continueSender.send(); waits++) {
                        if (waits == CONTINUE_WAITS) { // the client does not read: give up on it
                            LOG.info("100 Continue not taken by the client: request={}; connection closed",
                                    ex.getAttachment(ExchangeKeys.REQUEST_ID));
                            ex.putAttachment(ExchangeKeys.REQUEST_FAILURE,
                                    new RequestFailure(StatusCodes.REQUEST_TIME_OUT, "continue-not-read"));
                            ex.setStatusCode(StatusCodes.REQUEST_TIME_OUT);
                            ex.setPersistent(false);
                            ex.endExchange();
                            return;
                        }
                        continueSender.awaitWritable(CONTINUE_WAIT_SECONDS, TimeUnit.SECONDS);
                    }
                    start(ex, limit, timeout, next);
                });
                return;
            }
        }
        start(exchange, limit, timeout, next);
    }

    private static void start(HttpServerExchange exchange, int limit, Duration timeout, Continuation next)
            throws Exception {
        Reading reading = new Reading(exchange, limit, next);
        Progress progress = reading.readReady();
        if (progress == Progress.WAITING) {
            reading.armDeadline(timeout);
        } else if (progress != Progress.FAILED && reading.settle()) {
            reading.finish().call(exchange);
        }
    }

    private enum Progress { ENDED, LIMIT, WAITING, FAILED }

    @FunctionalInterface
    private interface Step {
        void call(HttpServerExchange exchange) throws Exception;
    }

    /** One body being read; lives until the head is read or the exchange fails. */
    private static final class Reading {
        private final HttpServerExchange exchange;
        private final int limit;
        private final Continuation next;
        private final List<PooledByteBuffer> buffers = new ArrayList<>();
        private final StreamSourceChannel channel;
        /** Set once by whoever ends the reading: the head was read, reading failed, or the deadline passed. */
        private final AtomicBoolean settled = new AtomicBoolean();
        private final long started = System.nanoTime();
        private volatile XnioExecutor.Key deadline;
        private long total;

        Reading(HttpServerExchange exchange, int limit, Continuation next) {
            this.exchange = exchange;
            this.limit = limit;
            this.next = next;
            this.channel = exchange.getRequestChannel();
        }

        /**
         * Reads what is ready. On {@link Progress#WAITING} the connection's read listener goes on
         * and later runs the continuation itself, as a new root handler.
         */
        Progress readReady() {
            if (channel == null) { // the body was taken already: nothing to inspect
                return Progress.ENDED;
            }
            PooledByteBuffer current = null;
            try {
                while (true) {
                    current = exchange.getConnection().getByteBufferPool().allocate();
                    ByteBuffer b = current.getBuffer();
                    int r = channel.read(b);
                    while (r > 0 && b.hasRemaining()) {
                        r = channel.read(b);
                    }
                    b.flip();
                    if (b.hasRemaining()) {
                        buffers.add(current);
                        total += b.remaining();
                    } else {
                        current.close();
                    }
                    current = null;
                    if (r == -1) {
                        return stopReading(Progress.ENDED);
                    }
                    if (total > limit) {
                        return stopReading(Progress.LIMIT);
                    }
                    if (r == 0) {
                        channel.getReadSetter().set(ch -> onReadable());
                        channel.resumeReads();
                        return Progress.WAITING;
                    }
                }
            } catch (IOException | RuntimeException e) {
                IoUtils.safeClose(current);
                settle();
                release();
                // Never the default 200: the backend did not get the request. The client went away,
                // sent a broken body (a bad chunk) or more than the entity limit; or a bug.
                if (e instanceof IOException) {
                    int status = e instanceof RequestTooBigException ? StatusCodes.REQUEST_ENTITY_TOO_LARGE
                            : StatusCodes.BAD_REQUEST;
                    LOG.info("request body not read: request={} read={} bytes status={} error={}",
                            exchange.getAttachment(ExchangeKeys.REQUEST_ID), total, status, e.toString());
                    exchange.putAttachment(ExchangeKeys.REQUEST_FAILURE, new RequestFailure(status,
                            status == StatusCodes.BAD_REQUEST ? "body-broken" : "body-too-long"));
                    exchange.setStatusCode(status);
                } else {
                    LOG.error("reading the request body failed", e);
                    exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
                }
                exchange.setPersistent(false);
                exchange.endExchange();
                return Progress.FAILED;
            }
        }

        private void onReadable() {
            if (settled.get()) { // the deadline passed; the exchange is ending
                return;
            }
            Progress progress = readReady();
            if (progress != Progress.WAITING && progress != Progress.FAILED && settle()) {
                Step step = finish();
                Connectors.executeRootHandler(step::call, exchange);
            }
        }

        /** Whether this call ended the reading (and the deadline no longer applies). */
        boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            XnioExecutor.Key key = deadline;
            if (key != null) {
                key.remove();
            }
            return true;
        }

        /**
         * Starts the deadline once reading has to wait. It fires on the connection's IO thread,
         * the thread that runs the read listener, so it never overlaps a read.
         */
        void armDeadline(Duration timeout) {
            long left = timeout.toNanos() - (System.nanoTime() - started);
            deadline = exchange.getIoThread().executeAfter(this::expire, Math.max(0, left), TimeUnit.NANOSECONDS);
            if (settled.get()) { // finished meanwhile on the IO thread
                deadline.remove();
            }
        }

        private void expire() {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            stopReading(Progress.FAILED);
            release();
            LOG.info("request body too slow: request={} read={} of {} bytes to inspect in {} ms; answered 408, "
                    + "connection closed", exchange.getAttachment(ExchangeKeys.REQUEST_ID), total, limit,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            exchange.putAttachment(ExchangeKeys.REQUEST_FAILURE,
                    new RequestFailure(StatusCodes.REQUEST_TIME_OUT, "body-timeout"));
            exchange.setStatusCode(StatusCodes.REQUEST_TIME_OUT);
            exchange.setPersistent(false);
            exchange.endExchange();
        }

        private void release() {
            buffers.forEach(IoUtils::safeClose);
            buffers.clear();
        }

        private Progress stopReading(Progress progress) {
            if (channel.getReadSetter() != null) {
                channel.getReadSetter().set(null);
            }
            channel.suspendReads();
            return progress;
        }

        /**
         * Copies the head for the rules and passes it on with every buffer read. The body counts
         * as truncated whenever more than the limit was read, also when its end came in the same
         * read as the bytes over the limit (a body a little longer than the limit).
         */
        Step finish() {
            BodyHead body = new BodyHead(exchange, copyHead(), total > limit, buffers.toArray(new PooledByteBuffer[0]));
            buffers.clear();
            return ex -> next.proceed(ex, body);
        }

        /** The first {@code limit} bytes read, without moving the buffers' positions. */
        private byte[] copyHead() {
            byte[] head = new byte[(int) Math.min(total, limit)];
            int at = 0;
            for (PooledByteBuffer buffer : buffers) {
                ByteBuffer view = buffer.getBuffer().duplicate();
                int n = Math.min(view.remaining(), head.length - at);
                view.get(head, at, n);
                at += n;
                if (at == head.length) {
                    break;
                }
            }
            return head;
        }
    }
}
