package io.tandem.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Lets a request line with a malformed {@code %} escape reach the rules instead of Undertow's
 * anonymous 400. Undertow's request parser (2.4) throws on a {@code %} not followed by two hex
 * digits whatever its options say; no option turns that off. This conduit sits under the parser
 * on each client connection, and on a request line Undertow would refuse for that reason only, it
 * replaces each offending {@code %} by {@link #MASK} (same length) and remembers the offsets.
 * {@link EscapeRestoringHandler}, first in the pipeline, puts the {@code %} back into the
 * exchange, so the rules, the logs and (if the rules let it pass) the backend see the target
 * exactly as the client sent it.
 *
 * <p>Contract: bytes are changed only in a request line, only where Undertow would have refused
 * the request, and only while the conduit is <em>armed</em>, which it is at the start of a
 * connection and again when the handler has seen an exchange end with nothing read beyond it
 * ({@link #arm()}): only then is the next byte certainly the start of a request line. When that is
 * not certain (pipelined requests already buffered, an upgrade) it stays disarmed and the request
 * gets Undertow's 400 as before. A target without malformed escapes is never changed. (A
 * {@code %} followed by {@code %}, which Undertow tolerates, is masked too, so that each decision
 * stays local; the restoring handler puts it back like the others.) A {@code %} or {@code %X} at
 * the end of a read is held back (at most two bytes) until the next byte decides it.
 *
 * <p>Thread-safety: reads happen on the connection's IO thread; {@link #arm()} and
 * {@link #takeMasked()} are called between requests of the same connection.
 */
final class EscapeMaskingConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {

    /** Stands in for a malformed {@code %}: a plain path and query character to Undertow. */
    static final byte MASK = '_';
    private static final int MAX_METHOD = 32;

    private enum Part { METHOD, TARGET, DONE }

    private volatile boolean armed = true;
    private Part part = Part.METHOD;
    private int methodLength;
    /** Offset in the target of the byte being scanned. */
    private int offset;
    /** 0: neutral, 1: after {@code %}, 2: after {@code %X}. */
    private int escape;
    private int percentOffset;
    private final byte[] held = new byte[2];
    private int heldLength;
    private int[] masked = new int[0];
    private int maskedCount;
    private volatile int[] result;

    EscapeMaskingConduit(StreamSourceConduit next) {
        super(next);
    }

    /** The next byte read starts a request line. */
    void arm() {
        part = Part.METHOD;
        methodLength = 0;
        offset = 0;
        escape = 0;
        maskedCount = 0;
        heldLength = 0;
        armed = true;
    }

    /**
     * Offsets in the target of the last request line where {@code %} was replaced by {@link #MASK},
     * or null when nothing was replaced; clears them.
     */
    int[] takeMasked() {
        int[] r = result;
        result = null;
        return r;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!armed) {
            return next.read(dst);
        }
        int start = dst.position();
        if (heldLength > 0) {
            if (dst.remaining() < heldLength) {
                return 0;
            }
            dst.put(held, 0, heldLength);
            heldLength = 0;
        }
        int n = next.read(dst);
        int end = dst.position();
        if (end == start) {
            return n;
        }
        scan(dst, start, end, n < 0);
        int delivered = dst.position() - start;
        return delivered == 0 && n < 0 ? -1 : delivered;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        if (!armed) {
            return next.read(dsts, offs, len);
        }
        for (int i = offs; i < offs + len; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, java.nio.channels.FileChannel target) throws IOException {
        disarm(); // only bodies are transferred; never rewritten
        return next.transferTo(position, count, target);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, org.xnio.channels.StreamSinkChannel target)
            throws IOException {
        disarm();
        return next.transferTo(count, throughBuffer, target);
    }

    private void disarm() {
        if (armed && heldLength == 0) {
            armed = false;
        }
    }

    /**
     * Scans the bytes just read, masks what Undertow would refuse, and holds back an undecided
     * {@code %} or {@code %X} at the end (unless the stream ended).
     */
    private void scan(ByteBuffer dst, int from, int to, boolean eof) {
        for (int i = from; i < to && part != Part.DONE; i++) {
            byte b = dst.get(i);
            if (part == Part.METHOD) {
                if (b == ' ') {
                    part = Part.TARGET;
                } else if (b == '\r' || b == '\n' || ++methodLength > MAX_METHOD) {
                    part = Part.DONE;
                }
                continue;
            }
            if (escape == 1) {
                if (isHex(b)) {
                    escape = 2;
                } else {
                    // "%%": Undertow lets the second '%' start a new escape, but whether the first
                    // passes depends on that one; masking it now keeps the decision local.
                    mask(dst, i - 1);
                }
            } else if (escape == 2) {
                if (isHex(b)) {
                    escape = 0;
                } else {
                    mask(dst, i - 2);
                }
            }
            if (escape == 0 && b == '%') {
                escape = 1;
                percentOffset = offset;
            }
            if (b == ' ') {
                finish();
            } else if (++offset > ServiceListener.MAX_HEADER_BYTES) {
                part = Part.DONE; // Undertow refuses the head anyway
            }
        }
        if (part == Part.DONE) {
            armed = false;
            return;
        }
        if (escape != 0 && !eof) {
            int keep = escape;
            for (int k = 0; k < keep; k++) {
                held[k] = dst.get(to - keep + k);
            }
            heldLength = keep;
            offset -= keep;
            escape = 0;
            dst.position(to - keep);
        }
    }

    /** Replaces the {@code %} at {@code index} (the start of the current escape) and restarts the check. */
    private void mask(ByteBuffer dst, int index) {
        if (index < 0 || dst.get(index) != '%') {
            part = Part.DONE; // cannot happen: an escape is held back until it is decided
            return;
        }
        dst.put(index, MASK);
        if (maskedCount == masked.length) {
            masked = Arrays.copyOf(masked, Math.max(4, masked.length * 2));
        }
        masked[maskedCount++] = percentOffset;
        escape = 0;
    }

    private void finish() {
        part = Part.DONE;
        result = maskedCount == 0 ? null : Arrays.copyOf(masked, maskedCount);
        masked = new int[0];
        maskedCount = 0;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
