package io.tandem.waf.rules;

import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import java.util.List;

/**
 * Remembers, per short target, which signature detectors found nothing in it. Much of what a
 * shop receives repeats: a browser sends the same {@code User-Agent} and cookies on every
 * request, query arguments such as {@code page=2} or {@code sort=price_asc} recur across
 * shoppers, and a form or API call repeats its field names and many of its values (a country
 * code, a quantity, an option id). A detector is a pure function of its {@link Target}
 * (location, name, value and derivation), so inspecting each distinct target once is enough.
 *
 * <p>Only passes are remembered, never findings: a value that fires is inspected, and fires,
 * every time. Values longer than {@value #MAX_VALUE_LENGTH} characters (prose, documents) are
 * always inspected; they rarely repeat.
 *
 * <p>A direct-mapped table of {@value #SLOTS} immutable entries, not a cache with an eviction
 * policy: remembering is one array store and looking up one hash and one comparison, so a
 * request full of values never seen before (search terms, tokens, an attacker's random strings)
 * costs almost nothing extra. A Caffeine cache cost about 1 us per new value (its maintenance
 * and eviction bookkeeping; JMH {@code browserGetNewTerm} minus {@code browserGet}, side by
 * side: 6.9 us with Caffeine, 5.2 us with this table, for two new values), as much as
 * inspecting a short value, which would have made a body of fresh values cost double. A new value
 * overwrites whatever shared its slot; the worst a flood can do is make common values be
 * inspected again. Bounded: at most {@value #SLOTS} entries of at most
 * {@value #MAX_VALUE_LENGTH} characters (a few MiB). Racy by design: entries are immutable and
 * published whole, so a reader sees a complete entry or an older one, and a lost write only
 * loses a memo.
 */
public final class VerdictMemo {

    static final int MAX_VALUE_LENGTH = 512;
    static final int SLOTS = 8192;

    /** The detectors are the same in every engine, so one memo serves all of them. */
    static final VerdictMemo SHARED = new VerdictMemo(SLOTS);

    /** A remembered target (everything a detector sees of it) and the detector bits that passed on it. */
    private record Entry(Location location, String name, String derivedFrom, String value, long bits) {
        boolean isFor(Target t) {
            return location == t.location() && value.equals(t.value()) && name.equals(t.name())
                    && derivedFrom.equals(t.derivedFrom());
        }
    }

    private final Entry[] slots;

    /** @param slots a power of two */
    VerdictMemo(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots: " + slots + " (expected: a power of two)");
        }
        this.slots = new Entry[slots];
    }

    static boolean applies(Target target) {
        return target.length() <= MAX_VALUE_LENGTH;
    }

    private int slotOf(Target t) {
        return t.memoHash() & (slots.length - 1);
    }

    /** The hash of everything an entry compares: value, name, location and derivation. */
    public static int keyHash(Target t) {
        int h = (hash(t.value()) * 31 + t.name().hashCode()) * 31 + t.location().ordinal();
        if (!t.derivedFrom().isEmpty()) {
            h = h * 31 + t.derivedFrom().hashCode();
        }
        return h ^ h >>> 16;
    }

    /**
     * A polynomial hash of {@code s} in four independent lanes. The values looked up are new
     * strings each request (parsed from its bytes), so their hash is computed every time;
     * {@link String#hashCode} is one chain of multiply-adds, each waiting for the one before,
     * where four chains run side by side. The slot only has to spread values: a collision costs
     * a memo miss, never a wrong verdict (entries are compared whole).
     */
    static int hash(String s) {
        int n = s.length();
        int h0 = 0;
        int h1 = 0;
        int h2 = 0;
        int h3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            h0 = h0 * 923_521 + s.charAt(i); // 31^4
            h1 = h1 * 923_521 + s.charAt(i + 1);
            h2 = h2 * 923_521 + s.charAt(i + 2);
            h3 = h3 * 923_521 + s.charAt(i + 3);
        }
        int h = ((h0 * 31 + h1) * 31 + h2) * 31 + h3;
        for (; i < n; i++) {
            h = h * 31 + s.charAt(i);
        }
        return h;
    }

    /** Forgets everything (benchmarks measure inspection without the memo's help with it). */
    public static void forgetAll() {
        java.util.Arrays.fill(SHARED.slots, null);
    }

    /** The detector bits known to pass on this target (looked up once per target). */
    long passed(Target target) {
        if (!target.memoLoaded()) {
            Entry e = slots[slotOf(target)];
            target.memoLoaded(e != null && e.isFor(target) ? e.bits() : 0);
        }
        return target.memoPassed();
    }

    /** How many values are remembered. */
    long size() {
        long n = 0;
        for (Entry e : slots) {
            n += e == null ? 0 : 1;
        }
        return n;
    }

    /**
     * Notes that the detector of {@code bit} found nothing in this target; {@link #flush} stores
     * what a request learned in one write per value.
     */
    void recordPass(Target target, long bit) {
        target.memoPass(bit);
    }

    /** Stores the bits learned about these targets. */
    void flush(List<Target> targets) {
        for (Target target : targets) {
            long learned = target.memoLearned();
            if (learned != 0) {
                int slot = slotOf(target);
                Entry old = slots[slot];
                long bits = learned | (old != null && old.isFor(target) ? old.bits() : 0);
                slots[slot] = new Entry(target.location(), target.name(), target.derivedFrom(), target.value(), bits);
                target.memoStored();
            }
        }
    }

    /** Stores what the signature rules learned about {@code request}'s values; call after evaluating it. */
    public static void remember(RequestView request) {
        SHARED.flush(request.targetsIfBuilt());
    }
}
