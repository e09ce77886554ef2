package io.tandem.waf.rules;

import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import io.tandem.waf.detect.Detection;
import io.tandem.waf.detect.Detector;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** Runs one {@link Detector} over the request's {@link RequestView#targets() targets} in the chosen locations. */
public final class SignatureCheck implements Check {

    /**
     * Bits handed out to checks for {@link VerdictMemo}; a check past the 64th gets none. The
     * built-in checks are created once per JVM ({@code RuleSet}), so reloads do not use up bits.
     */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_BIT = new java.util.concurrent.atomic.AtomicInteger();

    private final Detector detector;
    private final Set<Location> locations;
    private final long memoBit;

    public SignatureCheck(Detector detector, Set<Location> locations) {
        this.detector = Objects.requireNonNull(detector, "detector");
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("locations: [] (expected: at least one location)");
        }
        this.locations = EnumSet.copyOf(locations);
        int bit = NEXT_BIT.getAndIncrement();
        this.memoBit = bit < 64 ? 1L << bit : 0;
    }

    @Override
    public Finding find(RequestView request, Predicate<Target> excluded) {
        List<Target> targets = memoBit != 0 ? VerdictMemo.SHARED.targetsFor(request, memoBit) : request.targets();
        for (Target target : targets) {
            boolean memoized = memoBit != 0 && VerdictMemo.applies(target);
            if (!locations.contains(target.location())) {
                if (memoized) {
                    // never this check's business (the location is part of the memo's key), so as good as passed
                    VerdictMemo.SHARED.recordPass(target, memoBit);
                }
                continue;
            }
            if (excluded.test(target) || memoized && (VerdictMemo.SHARED.passed(target) & memoBit) != 0) {
                continue;
            }
            Detection d = detector.detect(target);
            if (d != null) {
                String name = target.derivedFrom().isEmpty() ? target.name() : target.name() + " (" + target.derivedFrom() + ")";
                return new Finding(target.location(), name, d.reason(), d.excerpt());
            }
            if (memoized) {
                VerdictMemo.SHARED.recordPass(target, memoBit);
            }
        }
        return null;
    }

    /** The memo bits of every check created so far. */
    static long assignedBits() {
        int n = Math.min(NEXT_BIT.get(), 64);
        return n == 64 ? -1L : (1L << n) - 1;
    }

    public Detector detector() {
        return detector;
    }

    @Override
    public String toString() {
        return detector.name() + locations;
    }
}
