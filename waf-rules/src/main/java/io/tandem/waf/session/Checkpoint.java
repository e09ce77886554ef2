package io.tandem.waf.session;

import io.tandem.session.RuleState;
import io.tandem.session.RuleState.RateWindow;
import io.tandem.session.SessionCookie;
import java.util.Optional;

/**
 * The continuity checkpoint: the entries of a session's {@link RuleState} as carried in the
 * cookie's opaque checkpoint field (signed with the cookie, at most
 * {@value SessionCookie#MAX_CHECKPOINT_BYTES} bytes).
 *
 * <h2>Format, version 1</h2>
 * <pre>
 *  offset  size  field
 *  0       1     version = 1
 *  1       1     s: start-page rules passed (0..16)
 *  2       1     p: page-order entries (0..16)
 *  3       1     r: per-session rate windows (0..16)
 *  4       2s    start-page rule tags, strictly ascending
 *  ..      3p    page order: tag (2), progress (1, 1..255: steps reached), tags strictly ascending
 *  ..      8r    rate window: tag (2), window number (4, unsigned: epoch second / window length),
 *                count (2: top bit "charged", then 15 bits of count, saturating), tags strictly
 *                ascending
 * </pre>
 * All numbers big-endian. A state without entries is written as no checkpoint at all (zero
 * bytes), so sessions without progress cost nothing in the cookie. {@code 4 + 2s + 3p + 8r} must
 * be at most 64; {@link SessionRules#build} refuses rule sets that could exceed it (e.g. 2 start-page
 * rules, 2 page orders and 3 per-session rate limits take 38 bytes).
 *
 * <p>{@link #decode} accepts only exactly this layout: any other length, version, count or order
 * makes the whole checkpoint garbage, which the rules treat as no checkpoint (the strict reading).
 * It never throws. Tags of rules this member does not have are ignored by the caller.
 */
final class Checkpoint {

    static final int VERSION = 1;
    static final int HEADER_BYTES = 4;
    static final int MAX_ENTRIES = 16;
    static final int MAX_PROGRESS = 255;

    private static final byte[] NONE = new byte[0];

    private Checkpoint() {
    }

    /** Bytes of a checkpoint with these numbers of entries (0 when there are none). */
    static int size(int started, int steps, int windows) {
        return started + steps + windows == 0 ? 0 : HEADER_BYTES + 2 * started + 3 * steps + 8 * windows;
    }

    /**
     * The checkpoint of a state; empty for a state without entries.
     *
     * @throws IllegalStateException if it would exceed the cookie's field (the rule set's bound
     *                               was checked at build, so this is a bug)
     */
    static byte[] encode(RuleState state) {
        int s = state.startedCount();
        int p = state.stepCount();
        int r = state.windowCount();
        int size = size(s, p, r);
        if (size == 0) {
            return NONE;
        }
        if (size > SessionCookie.MAX_CHECKPOINT_BYTES || s > MAX_ENTRIES || p > MAX_ENTRIES || r > MAX_ENTRIES) {
            throw new IllegalStateException("checkpoint of " + s + " start-page, " + p + " page-order and " + r
                    + " rate entries takes " + size + " bytes (expected: <= " + SessionCookie.MAX_CHECKPOINT_BYTES + ")");
        }
        byte[] b = new byte[size];
        b[0] = VERSION;
        b[1] = (byte) s;
        b[2] = (byte) p;
        b[3] = (byte) r;
        int at = HEADER_BYTES;
        for (int i = 0; i < s; i++) {
            at = putShort(b, at, state.startedTag(i));
        }
        for (int i = 0; i < p; i++) {
            at = putShort(b, at, state.stepTag(i));
            b[at++] = (byte) Math.min(MAX_PROGRESS, state.stepAt(i));
        }
        for (int i = 0; i < r; i++) {
            RateWindow w = state.windowAt(i);
            at = putShort(b, at, w.tag());
            b[at++] = (byte) (w.index() >>> 24);
            b[at++] = (byte) (w.index() >>> 16);
            b[at++] = (byte) (w.index() >>> 8);
            b[at++] = (byte) w.index();
            at = putShort(b, at, (w.charged() ? 0x8000 : 0) | w.count());
        }
        return b;
    }

    /**
     * The entries of a checkpoint, as a tracked state of generation 0; zero bytes give a state
     * without entries. Empty if the bytes are not a checkpoint of this version (garbage). Never
     * throws.
     */
    static Optional<RuleState> decode(byte[] b) {
        try {
            return Optional.ofNullable(decodeOrNull(b));
        } catch (RuntimeException e) {
            return Optional.empty(); // a bug, never input: stay strict
        }
    }

    private static RuleState decodeOrNull(byte[] b) {
        if (b == null) {
            return null;
        }
        RuleState state = RuleState.tracked(0);
        if (b.length == 0) {
            return state;
        }
        if (b.length < HEADER_BYTES || b[0] != VERSION) {
            return null;
        }
        int s = b[1] & 0xFF;
        int p = b[2] & 0xFF;
        int r = b[3] & 0xFF;
        if (s > MAX_ENTRIES || p > MAX_ENTRIES || r > MAX_ENTRIES || s + p + r == 0 || b.length != size(s, p, r)) {
            return null;
        }
        int at = HEADER_BYTES;
        int last = -1;
        for (int i = 0; i < s; i++, at += 2) {
            int tag = getShort(b, at);
            if (tag <= last) {
                return null;
            }
            last = tag;
            state = state.withStarted(tag);
        }
        last = -1;
        for (int i = 0; i < p; i++, at += 3) {
            int tag = getShort(b, at);
            int progress = b[at + 2] & 0xFF;
            if (tag <= last || progress == 0) {
                return null;
            }
            last = tag;
            state = state.withStep(tag, progress);
        }
        last = -1;
        for (int i = 0; i < r; i++, at += 8) {
            int tag = getShort(b, at);
            if (tag <= last) {
                return null;
            }
            last = tag;
            long index = (long) (b[at + 2] & 0xFF) << 24 | (b[at + 3] & 0xFF) << 16 | (b[at + 4] & 0xFF) << 8
                    | (b[at + 5] & 0xFF);
            int count = getShort(b, at + 6);
            state = state.withWindow(new RateWindow(tag, index, count & 0x7FFF, (count & 0x8000) != 0));
        }
        return state;
    }

    private static int putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
        return at + 2;
    }

    private static int getShort(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }
}
