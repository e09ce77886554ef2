package io.tandem.waf.rules;

import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import io.tandem.waf.detect.Detection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs several {@link SignatureCheck}s over a request in one visit per target: each target is
 * looked up in the {@link VerdictMemo} once and then handed to every check that still needs it,
 * while its decoded forms are in the cache, instead of each check walking every target in turn.
 * A body of a thousand values was spending a quarter of its inspection on the walks themselves
 * (the list, the location test, the memo bits and the call, seventeen times per value).
 *
 * <p>The result is what running the checks one after another gives: for each check, its finding
 * in the first target (in {@link RequestView#targets()} order) where it finds one. A check stops
 * at its first finding; when a finding ends evaluation (a blocking rule), the checks after it
 * are not run any further, as the engine would not have reached them.
 *
 * <p>Immutable and thread-safe; at most {@value #MAX_CHECKS} checks.
 */
public final class SignatureSweep {

    /** Checks are indexed by the bits of a {@code long}. */
    public static final int MAX_CHECKS = 64;

    private final SignatureCheck[] checks;
    /** Per {@link Location} ordinal: the indexes (as bits) of the checks that inspect it. */
    private final long[] checksAt;
    /** Per {@link Location} ordinal: the memo bits of the checks that do not inspect it. */
    private final long[] memoBitsNotAt;
    /** The memo bits of all checks. */
    private final long memoBits;
    /** Indexes (as bits) of the checks without {@link io.tandem.waf.detect.Detector#triggers() triggers}: they see every target. */
    private final long untriggered;
    /** Per {@link io.tandem.waf.Features} bit: the indexes (as bits) of the checks of which it is a trigger. */
    private final long[] triggeredBy = new long[Integer.SIZE];
    /** The OR of every check's triggers. */
    private final int triggerBits;

    public SignatureSweep(List<SignatureCheck> checks) {
        if (checks.isEmpty() || checks.size() > MAX_CHECKS) {
            throw new IllegalArgumentException("checks: " + checks.size() + " (expected: 1 to " + MAX_CHECKS + ")");
        }
        this.checks = checks.toArray(new SignatureCheck[0]);
        Location[] locations = Location.values();
        this.checksAt = new long[locations.length];
        this.memoBitsNotAt = new long[locations.length];
        long bits = 0;
        long none = 0;
        int anyTrigger = 0;
        for (int i = 0; i < this.checks.length; i++) {
            SignatureCheck c = this.checks[i];
            bits |= c.memoBit();
            int triggers = c.triggers();
            if (triggers == 0) {
                none |= 1L << i;
            }
            anyTrigger |= triggers;
            for (int f = triggers; f != 0; f &= f - 1) {
                triggeredBy[Integer.numberOfTrailingZeros(f)] |= 1L << i;
            }
            for (Location l : locations) {
                if (c.inspects(l)) {
                    checksAt[l.ordinal()] |= 1L << i;
                } else {
                    memoBitsNotAt[l.ordinal()] |= c.memoBit();
                }
            }
        }
        this.memoBits = bits;
        this.untriggered = none;
        this.triggerBits = anyTrigger;
    }

    /** The checks, in order (for tests). */
    List<SignatureCheck> checks() {
        return List.of(checks);
    }

    /** The memo bits of the checks in {@code indexes} (as bits). */
    private long memoBitsOf(long indexes) {
        long bits = 0;
        for (long m = indexes; m != 0; m &= m - 1) {
            bits |= checks[Long.numberOfTrailingZeros(m)].memoBit();
        }
        return bits;
    }

    /**
     * Of the checks in {@code todo}, those whose detector may find something in {@code target}:
     * the ones without triggers and those with a trigger among the target's features. Working
     * this out once per target from the few features a value has spares a call per check that
     * would only return at once (most checks, on most values).
     */
    private long triggered(Target target, long todo) {
        if ((todo & ~untriggered) == 0) {
            return todo; // nothing to narrow down; the features may not even be needed
        }
        long runnable = untriggered;
        for (int f = target.features() & triggerBits; f != 0; f &= f - 1) {
            runnable |= triggeredBy[Integer.numberOfTrailingZeros(f)];
        }
        return todo & runnable;
    }

    /**
     * Each check's first finding in {@code request}, or {@code null} where it found none (or was not
     * run to the end because an earlier check's finding ends evaluation).
     *
     * @param excluded per check: the targets an exception excludes, or {@code null} for a check
     *                 not to run at all (an exception covers its whole rule here)
     * @param ends     indexes (as bits) of the checks whose finding ends evaluation
     */
    public Finding[] find(RequestView request, Predicate<Target>[] excluded, long ends) {
        int n = checks.length;
        Finding[] found = new Finding[n];
        long open = n == 64 ? -1L : (1L << n) - 1; // checks still looking
        long excluding = 0; // checks with exceptions that exclude targets here
        for (int i = 0; i < n; i++) {
            if (excluded[i] == null) {
                open &= ~(1L << i);
            } else if (excluded[i] != ConfiguredRule.NOTHING) {
                excluding |= 1L << i;
            }
        }
        VerdictMemo memo = VerdictMemo.SHARED;
        List<Target> targets = request.targets();
        for (int t = 0, size = targets.size(); t < size && open != 0; t++) {
            Target target = targets.get(t);
            int location = target.location().ordinal();
            long todo = open & checksAt[location];
            boolean memoized = memoBits != 0 && VerdictMemo.applies(target);
            long passed = 0;
            if (memoized) {
                passed = memo.passed(target);
                // never these checks' business (the location is part of the memo's key), so as good as passed
                long notMine = memoBitsNotAt[location] & ~passed;
                if (notMine != 0) {
                    memo.recordPass(target, notMine);
                    passed |= notMine;
                }
                if ((passed & memoBits) == memoBits) {
                    continue;
                }
            }
            long runnable = triggered(target, todo);
            if (memoized && runnable != todo) {
                // a detector without its triggers finds nothing: remembered as a pass, as if it had run
                long untouched = memoBitsOf(todo & ~runnable) & ~passed;
                if (untouched != 0) {
                    memo.recordPass(target, untouched);
                    passed |= untouched;
                }
            }
            for (long m = runnable; m != 0; m &= m - 1) {
                int i = Long.numberOfTrailingZeros(m);
                SignatureCheck check = checks[i];
                long bit = check.memoBit();
                if ((passed & bit) != 0 || (excluding & 1L << i) != 0 && excluded[i].test(target)) {
                    continue;
                }
                Detection d = check.detector().detect(target); // its triggers are present (runnable)
                if (d == null) {
                    if (memoized && bit != 0) {
                        memo.recordPass(target, bit);
                    }
                    continue;
                }
                String name = target.derivedFrom().isEmpty() ? target.name() : target.name() + " (" + target.derivedFrom() + ")";
                found[i] = new Finding(target.location(), name, d.reason(), d.excerpt());
                open &= ~(1L << i);
                if ((ends & (1L << i)) != 0) {
                    open &= (1L << i) - 1; // the checks after this one are never reached
                }
                m &= open | 1L << i; // (the loop's own step clears bit i)
            }
        }
        return found;
    }
}
