package io.tandem.waf.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Remembers, per short value, which signature detectors found nothing in it. Most of what a shop
 * receives repeats: a browser sends the same {@code User-Agent}, {@code Accept-Language} and
 * cookies on every request, and query arguments such as {@code page=2}, {@code sort=price_asc} or
 * a category name recur across shoppers. A detector is a pure function of its {@link Target}
 * (location, name, value and derivation), so inspecting each distinct target once is enough.
 *
 * <p>Only passes are remembered, never findings: a value that fires is inspected, and fires,
 * every time. Only the path, query, cookies and headers are remembered, and only values up to
 * {@value #MAX_VALUE_LENGTH} characters: body values are a submission's own and long values
 * rarely repeat, so they are always inspected (and a body of a thousand fresh values cannot
 * cost a thousand cache writes).
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} values. Caffeine's admission policy keeps a flood of
 * one-off values (search terms, tokens, an attacker's random strings) from evicting the common
 * ones; its maintenance runs on the request's thread, so a flood costs that thread a bounded
 * amount of work and never wakes another pool. One lookup per target per request, loaded into
 * the {@link Target}'s memo slot; one write per new value per request.
 */
public final class VerdictMemo {

    static final int MAX_VALUE_LENGTH = 512;
    static final int MAX_ENTRIES = 8192;

    /** The detectors are the same in every engine, so one memo serves all of them. */
    static final VerdictMemo SHARED = new VerdictMemo(MAX_ENTRIES);

    /** Everything a detector sees of a target. */
    private record Key(Location location, String name, String derivedFrom, String value) {
        Key(Target t) {
            this(t.location(), t.name(), t.derivedFrom(), t.value());
        }
    }

    private final Cache<Key, Long> passed;

    VerdictMemo(int maxEntries) {
        this.passed = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    }

    /** The parts of a request that repeat across requests; body values are a submission's own. */
    private static final Set<Location> REPEATING = EnumSet.of(Location.PATH, Location.QUERY_ARG,
            Location.QUERY_ARG_NAME, Location.QUERY_STRING, Location.COOKIE, Location.COOKIE_NAME, Location.HEADER);

    static boolean applies(Target target) {
        return REPEATING.contains(target.location()) && target.value().length() <= MAX_VALUE_LENGTH;
    }

    /**
     * What a request's targets still need, worked out once per request: the targets that some
     * check of {@code bits} has not passed yet. A target every check has passed (an unchanged
     * User-Agent, {@code page=2}) drops out, so the remaining checks do not even visit it.
     */
    private record Pending(long bits, List<Target> targets) {
    }

    /**
     * The targets the check of {@code bit} must visit in {@code request}: those not known to pass
     * every signature check, or all of them for a check the request's {@link Pending} was not
     * worked out for (one created since, as by a rule reload).
     */
    List<Target> targetsFor(RequestView request, long bit) {
        Pending pending = request.memoState() instanceof Pending p ? p : null;
        if (pending == null) {
            long all = SignatureCheck.assignedBits();
            List<Target> targets = request.targets();
            List<Target> left = new ArrayList<>(targets.size());
            for (Target t : targets) {
                if (!applies(t) || (passed(t) & all) != all) {
                    left.add(t);
                }
            }
            pending = new Pending(all, left.size() == targets.size() ? targets : left);
            request.memoState(pending);
        }
        return (pending.bits() & bit) != 0 ? pending.targets() : request.targets();
    }

    /** The detector bits known to pass on this target (looked up once per target). */
    long passed(Target target) {
        Target.Memo memo = target.memo();
        if (!memo.loaded) {
            Long bits = passed.getIfPresent(new Key(target));
            memo.bits |= bits == null ? 0 : bits;
            memo.loaded = true;
        }
        return memo.bits;
    }

    /** How many values are remembered (after pending evictions). */
    long size() {
        passed.cleanUp();
        return passed.estimatedSize();
    }

    /**
     * Notes that the detector of {@code bit} found nothing in this target; {@link #flush} stores
     * what a request learned in one write per value (a value that differs on every request, such
     * as a search term, then costs one cache write, not one per detector).
     */
    void recordPass(Target target, long bit) {
        Target.Memo memo = target.memo();
        memo.bits |= bit;
        memo.learned |= bit;
    }

    /** Stores the bits learned about these targets. */
    void flush(List<Target> targets) {
        for (Target target : targets) {
            Target.Memo memo = target.memoIfAny();
            if (memo != null && memo.learned != 0) {
                passed.asMap().merge(new Key(target), memo.learned, (a, b) -> a | b);
                memo.learned = 0;
            }
        }
    }

    /** Stores what the signature rules learned about {@code request}'s values; call after evaluating it. */
    public static void remember(RequestView request) {
        SHARED.flush(request.targetsIfBuilt());
    }
}
