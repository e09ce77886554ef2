package io.tandem.session;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * What the history-based rules (start pages, page order, per-session rate limits) remember about
 * one session on this member: a compact, immutable component of its {@link SessionRecord}.
 *
 * <p>session-mgmt only stores this value; the rules ({@code io.tandem.waf.session} in waf-rules)
 * give the entries their meaning and document it. Entries are keyed by a 16-bit <em>rule tag</em>
 * that the rules derive from a rule's id and definition, so that state survives a rule reload
 * that keeps a rule, and is dropped for a rule that changed. Three kinds of entry:
 * <ul>
 * <li><b>started</b>: the tag of a start-page rule whose start page the session has requested;</li>
 * <li><b>step</b>: a page-order rule's progress, {@code 1..65535} (0, no entry, before the first
 *     step);</li>
 * <li><b>window</b>: a per-session rate window, {@link RateWindow}.</li>
 * </ul>
 * plus a {@link Status} and the member's activation <em>generation</em> at the last update, which
 * lets the rules notice that this member was not active for a while (the peer may have served the
 * session meanwhile).
 *
 * <h2>Size</h2>
 * Sessions without session rules share {@link #UNTRACKED} (no memory). Otherwise 32 bytes (with
 * compressed references) plus three arrays (16 bytes of header each when non-empty, shared when
 * empty): 2 bytes per started rule, 4 per page-order rule, 8 per rate window. A typical shop (one
 * start-page rule, one page order, two rate limits) costs about 110 bytes per session. The rules
 * bound the number of entries (at most 16 rules of each kind).
 *
 * <p>Immutable and thread-safe: every {@code with...} method returns a new value (or this one if
 * nothing changes); arrays are never shared with callers. Entries are kept sorted by tag, so
 * equal states are {@link #equals equal}.
 */
public final class RuleState {

    /** Whether, and how, the rules track a session. */
    public enum Status {
        /** No rule has looked at the session yet (or the record was just created). */
        UNTRACKED,
        /** The rules track the session; entries are meaningful. */
        TRACKED,
        /** The rules decided not to enforce session rules for the session (adopted, mode allow). */
        EXEMPT
    }

    /**
     * A fixed rate window of one rule.
     *
     * @param tag     the rule tag, {@code 0..65535}
     * @param index   the window's number, {@code 0..2^32-1} (the rules use epoch seconds divided by
     *                the window length)
     * @param count   requests counted in the window, {@code 0..}{@value #MAX_COUNT} (saturating)
     * @param charged whether the count includes a presumption (requests that may have been admitted
     *                elsewhere) rather than only requests seen
     */
    public record RateWindow(int tag, long index, int count, boolean charged) {
        public RateWindow {
            checkTag(tag);
            if (index < 0 || index > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("index: " + index + " (expected: 0..4294967295)");
            }
            if (count < 0 || count > MAX_COUNT) {
                throw new IllegalArgumentException("count: " + count + " (expected: 0.." + MAX_COUNT + ")");
            }
        }
    }

    /** Largest count of a rate window; counts saturate there. */
    public static final int MAX_COUNT = 0x7FFF;
    /** Largest page-order progress. */
    public static final int MAX_STEP = 0xFFFF;

    private static final char[] NO_TAGS = new char[0];
    private static final int[] NO_STEPS = new int[0];
    private static final long[] NO_WINDOWS = new long[0];

    /** The state of a session no rule has looked at. */
    public static final RuleState UNTRACKED = new RuleState(Status.UNTRACKED, 0, NO_TAGS, NO_STEPS, NO_WINDOWS);
    private static final RuleState EXEMPT = new RuleState(Status.EXEMPT, 0, NO_TAGS, NO_STEPS, NO_WINDOWS);

    private final Status status;
    private final int generation;
    /** Started tags, ascending. */
    private final char[] started;
    /** {@code tag << 16 | step}, ascending by tag. */
    private final int[] steps;
    /** {@code tag << 48 | index << 16 | charged << 15 | count}, ascending by tag. */
    private final long[] windows;

    private RuleState(Status status, int generation, char[] started, int[] steps, long[] windows) {
        this.status = status;
        this.generation = generation;
        this.started = started.length == 0 ? NO_TAGS : started;
        this.steps = steps.length == 0 ? NO_STEPS : steps;
        this.windows = windows.length == 0 ? NO_WINDOWS : windows;
    }

    /** A tracked state without entries, of this activation generation. */
    public static RuleState tracked(int generation) {
        return new RuleState(Status.TRACKED, generation, NO_TAGS, NO_STEPS, NO_WINDOWS);
    }

    /** The state of a session the rules do not enforce anything for. */
    public static RuleState exempt() {
        return EXEMPT;
    }

    public Status status() {
        return status;
    }

    /** The member's activation generation when the state was last updated (0 unless tracked). */
    public int generation() {
        return generation;
    }

    /** True if the state has no entries. */
    public boolean isEmpty() {
        return started.length == 0 && steps.length == 0 && windows.length == 0;
    }

    /** These entries, tracked, of the given generation. */
    public RuleState asTracked(int newGeneration) {
        return status == Status.TRACKED && generation == newGeneration ? this
                : new RuleState(Status.TRACKED, newGeneration, started, steps, windows);
    }

    // ---- started -------------------------------------------------------------------------

    public boolean started(int tag) {
        return Arrays.binarySearch(started, (char) checkTag(tag)) >= 0;
    }

    /** This state with the start-page rule {@code tag} passed. */
    public RuleState withStarted(int tag) {
        int i = Arrays.binarySearch(started, (char) checkTag(tag));
        if (i >= 0) {
            return this;
        }
        int at = -i - 1;
        char[] next = new char[started.length + 1];
        System.arraycopy(started, 0, next, 0, at);
        next[at] = (char) tag;
        System.arraycopy(started, at, next, at + 1, started.length - at);
        return new RuleState(status, generation, next, steps, windows);
    }

    public int startedCount() {
        return started.length;
    }

    /** The {@code i}-th started tag, in ascending order. */
    public int startedTag(int i) {
        return started[i];
    }

    // ---- steps ---------------------------------------------------------------------------

    /** The progress of page-order rule {@code tag}; 0 if none. */
    public int step(int tag) {
        int i = findStep(checkTag(tag));
        return i >= 0 ? steps[i] & 0xFFFF : 0;
    }

    /** This state with the progress of rule {@code tag} set to {@code step} (0 removes the entry). */
    public RuleState withStep(int tag, int step) {
        checkTag(tag);
        if (step < 0 || step > MAX_STEP) {
            throw new IllegalArgumentException("step: " + step + " (expected: 0.." + MAX_STEP + ")");
        }
        int i = findStep(tag);
        if (i >= 0) {
            if ((steps[i] & 0xFFFF) == step) {
                return this;
            }
            if (step == 0) {
                int[] next = new int[steps.length - 1];
                System.arraycopy(steps, 0, next, 0, i);
                System.arraycopy(steps, i + 1, next, i, steps.length - i - 1);
                return new RuleState(status, generation, started, next, windows);
            }
            int[] next = steps.clone();
            next[i] = tag << 16 | step;
            return new RuleState(status, generation, started, next, windows);
        }
        if (step == 0) {
            return this;
        }
        int at = -i - 1;
        int[] next = new int[steps.length + 1];
        System.arraycopy(steps, 0, next, 0, at);
        next[at] = tag << 16 | step;
        System.arraycopy(steps, at, next, at + 1, steps.length - at);
        return new RuleState(status, generation, started, next, windows);
    }

    public int stepCount() {
        return steps.length;
    }

    public int stepTag(int i) {
        return steps[i] >>> 16;
    }

    public int stepAt(int i) {
        return steps[i] & 0xFFFF;
    }

    /** The highest progress of any page-order rule, 0 if none. */
    public int highestStep() {
        int max = 0;
        for (int s : steps) {
            max = Math.max(max, s & 0xFFFF);
        }
        return max;
    }

    private int findStep(int tag) {
        int lo = 0;
        int hi = steps.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int t = steps[mid] >>> 16;
            if (t < tag) {
                lo = mid + 1;
            } else if (t > tag) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    // ---- windows -------------------------------------------------------------------------

    /** The rate window of rule {@code tag}, if any. */
    public Optional<RateWindow> window(int tag) {
        int i = findWindow(checkTag(tag));
        return i >= 0 ? Optional.of(unpack(windows[i])) : Optional.empty();
    }

    /** This state with the rate window of {@code w.tag()} replaced by {@code w}. */
    public RuleState withWindow(RateWindow w) {
        long packed = (long) w.tag() << 48 | w.index() << 16 | (w.charged() ? 0x8000L : 0) | w.count();
        int i = findWindow(w.tag());
        if (i >= 0) {
            if (windows[i] == packed) {
                return this;
            }
            long[] next = windows.clone();
            next[i] = packed;
            return new RuleState(status, generation, started, steps, next);
        }
        int at = -i - 1;
        long[] next = new long[windows.length + 1];
        System.arraycopy(windows, 0, next, 0, at);
        next[at] = packed;
        System.arraycopy(windows, at, next, at + 1, windows.length - at);
        return new RuleState(status, generation, started, steps, next);
    }

    public int windowCount() {
        return windows.length;
    }

    /** The {@code i}-th rate window, in ascending order of tags. */
    public RateWindow windowAt(int i) {
        return unpack(windows[i]);
    }

    private int findWindow(int tag) {
        int lo = 0;
        int hi = windows.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int t = (int) (windows[mid] >>> 48);
            if (t < tag) {
                lo = mid + 1;
            } else if (t > tag) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private static RateWindow unpack(long w) {
        return new RateWindow((int) (w >>> 48), (w >>> 16) & 0xFFFF_FFFFL, (int) (w & 0x7FFF), (w & 0x8000L) != 0);
    }

    // ---- whole state ---------------------------------------------------------------------

    /** This state without the entries whose tag {@code keep} rejects (rules that no longer exist). */
    public RuleState retainTags(IntPredicate keep) {
        Objects.requireNonNull(keep, "keep");
        char[] s = started;
        int n = 0;
        for (char t : started) {
            n += keep.test(t) ? 1 : 0;
        }
        if (n != started.length) {
            s = new char[n];
            n = 0;
            for (char t : started) {
                if (keep.test(t)) {
                    s[n++] = t;
                }
            }
        }
        int[] st = Arrays.stream(steps).filter(e -> keep.test(e >>> 16)).toArray();
        long[] w = Arrays.stream(windows).filter(e -> keep.test((int) (e >>> 48))).toArray();
        if (s == started && st.length == steps.length && w.length == windows.length) {
            return this;
        }
        return new RuleState(status, generation, s, st, w);
    }

    private static int checkTag(int tag) {
        if (tag < 0 || tag > 0xFFFF) {
            throw new IllegalArgumentException("tag: " + tag + " (expected: 0..65535)");
        }
        return tag;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleState other && status == other.status && generation == other.generation
                && Arrays.equals(started, other.started) && Arrays.equals(steps, other.steps)
                && Arrays.equals(windows, other.windows);
    }

    @Override
    public int hashCode() {
        return ((status.hashCode() * 31 + generation) * 31 + Arrays.hashCode(started)) * 31
                + Arrays.hashCode(steps) * 17 + Arrays.hashCode(windows);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RuleState[").append(status);
        if (status == Status.TRACKED) {
            b.append(", generation=").append(generation);
        }
        for (char t : started) {
            b.append(", started ").append(Integer.toHexString(t));
        }
        for (int s : steps) {
            b.append(", step ").append(Integer.toHexString(s >>> 16)).append('=').append(s & 0xFFFF);
        }
        for (long w : windows) {
            RateWindow rw = unpack(w);
            b.append(", window ").append(Integer.toHexString(rw.tag())).append('@').append(rw.index()).append('=')
                    .append(rw.count()).append(rw.charged() ? " charged" : "");
        }
        return b.append(']').toString();
    }
}
