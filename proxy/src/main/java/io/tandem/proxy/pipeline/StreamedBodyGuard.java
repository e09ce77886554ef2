package io.tandem.proxy.pipeline;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Watches the part of a request body that is streamed to the backend after the rule stage let the
 * request through: a chunked body declares no length, so its length is counted here against
 * {@code waf.protocol.max-body-length}, and a body that breaks off (a malformed chunk, a client
 * that goes away) is recorded as what it is instead of as the status the exchange happened to
 * hold.
 *
 * <p>Beyond the limit the backend already has part of the request and the response cannot be
 * changed into a clean refusal: the read fails, which makes the proxy abort the backend request
 * (its connection is closed, the backend never sees the end of the body), the client connection
 * is closed, and the request is logged with status 413 ({@link ExchangeKeys#REQUEST_FAILURE}).
 *
 * <p>Installed on the connection's source channel, under the exchange's request channel, after
 * the inspected head was handed back to the exchange (the request channel serves those bytes from
 * its buffer, so they are counted at installation). Undertow's own request conduits (chunked,
 * fixed length) are under it; it is taken out when the exchange completes. Runs on the thread that
 * reads the request, one read at a time.
 */
final class StreamedBodyGuard extends AbstractStreamSourceConduit<StreamSourceConduit> {

    private static final Logger LOG = LoggerFactory.getLogger("tandem.proxy");

    private final HttpServerExchange exchange;
    private final long max;
    private final StreamSourceConduit under;
    private long read;
    private boolean failed;

    private StreamedBodyGuard(StreamSourceConduit next, HttpServerExchange exchange, long max, long read) {
        super(next);
        this.under = next;
        this.exchange = exchange;
        this.max = max;
        this.read = read;
    }

    /**
     * Guards the rest of the exchange's body; call before the proxy reads it.
     *
     * @param max  the most bytes the whole body may have, or -1 for no limit (the body is only watched for breaks)
     * @param read the bytes of the body read from the connection already (the inspected head and what came with it)
     */
    static void install(HttpServerExchange exchange, long max, long read) {
        if (!(exchange.getConnection() instanceof AbstractServerConnection connection)) {
            return; // HTTP/1 only (HTTP/2 is off on the service listener)
        }
        ConduitStreamSourceChannel source = connection.getChannel().getSourceChannel();
        StreamedBodyGuard guard = new StreamedBodyGuard(source.getConduit(), exchange, max, read);
        source.setConduit(guard);
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                if (source.getConduit() == guard) { // the connection may serve its next request
                    source.setConduit(guard.under);
                }
            } finally {
                nextListener.proceed();
            }
        });
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return (int) counted(next.read(dst));
        } catch (IOException e) {
            throw broken(e);
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        try {
            return counted(next.read(dsts, offs, len));
        } catch (IOException e) {
            throw broken(e);
        }
    }

    // Transfers go through read(...) so that every byte is counted.
    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return IoUtils.transfer(new ConduitReadableByteChannel(this), count, throughBuffer, target);
    }

    private long counted(long n) throws IOException {
        if (n > 0) {
            read += n;
            if (max >= 0 && read > max) {
                fail(StatusCodes.REQUEST_ENTITY_TOO_LARGE, "body-too-long");
                LOG.warn("request body longer than waf.protocol.max-body-length ({} bytes) while it was streamed to the "
                        + "backend: request={} backend={}; backend request aborted, connection closed", max,
                        exchange.getAttachment(ExchangeKeys.REQUEST_ID), exchange.getAttachment(ExchangeKeys.BACKEND_ID));
                IoUtils.safeClose(exchange.getConnection());
                throw new RequestTooBigException("request body longer than " + max + " bytes");
            }
        }
        return n;
    }

    private IOException broken(IOException e) {
        if (!failed) {
            fail(StatusCodes.BAD_REQUEST, "body-broken");
            LOG.info("request body broke off while it was streamed to the backend after {} bytes: request={} backend={} "
                    + "error={}; backend request aborted", read, exchange.getAttachment(ExchangeKeys.REQUEST_ID),
                    exchange.getAttachment(ExchangeKeys.BACKEND_ID), e.toString());
        }
        return e;
    }

    private void fail(int status, String reason) {
        failed = true;
        exchange.setPersistent(false);
        if (exchange.getAttachment(ExchangeKeys.REQUEST_FAILURE) == null) {
            exchange.putAttachment(ExchangeKeys.REQUEST_FAILURE, new RequestFailure(status, reason));
        }
    }
}
