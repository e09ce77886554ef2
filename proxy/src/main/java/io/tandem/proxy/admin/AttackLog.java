package io.tandem.proxy.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The most recent attacks, newest first, in a fixed-size ring: when it is full the oldest entry
 * is overwritten, so a flood of attacks costs no more memory than a quiet day. It is a window for
 * the operator, not the record: every attack is also written to the {@code tandem.attack} log.
 *
 * <p>{@link #record} is lock-free (one atomic increment and one array store), so it can be called
 * on every blocked request. Readers may miss an entry being written at the same moment.
 * Thread-safe.
 */
public final class AttackLog {

    /** The default number of entries kept. */
    public static final int DEFAULT_CAPACITY = 1_000;

    private final AtomicReferenceArray<AttackEvent> slots;
    private final AtomicLong written = new AtomicLong();

    public AttackLog(int capacity) {
        if (capacity < 1 || capacity > 1_000_000) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: 1..1000000)");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    public void record(AttackEvent event) {
        Objects.requireNonNull(event, "event");
        long n = written.getAndIncrement();
        slots.set((int) (n % slots.length()), event);
    }

    /**
     * Up to {@code limit} entries, newest first, that match {@code filter}.
     */
    public List<AttackEvent> recent(int limit, Predicate<AttackEvent> filter) {
        long end = written.get();
        long start = Math.max(0, end - slots.length());
        List<AttackEvent> out = new ArrayList<>(Math.min(limit, slots.length()));
        for (long i = end - 1; i >= start && out.size() < limit; i--) {
            AttackEvent e = slots.get((int) (i % slots.length()));
            if (e != null && filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    public int capacity() {
        return slots.length();
    }

    /** Attacks recorded since start, including those no longer in the ring. */
    public long total() {
        return written.get();
    }
}
