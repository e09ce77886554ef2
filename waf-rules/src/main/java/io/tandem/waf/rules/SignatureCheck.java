package io.tandem.waf.rules;

import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import io.tandem.waf.detect.Detector;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs one {@link Detector} over the request's {@link RequestView#targets() targets} in the chosen
 * locations. The engine runs consecutive signature rules together ({@link SignatureSweep}); on its
 * own, a check is a sweep of one.
 */
public final class SignatureCheck implements Check {

    /**
     * Bits handed out to checks for {@link VerdictMemo}; a check past the 64th gets none. The
     * built-in checks are created once per JVM ({@code RuleSet}), so reloads do not use up bits.
     */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_BIT = new java.util.concurrent.atomic.AtomicInteger();

    private final Detector detector;
    private final Set<Location> locations;
    private final long memoBit;
    /** {@link Detector#triggers()}, read once. */
    private final int triggers;

    public SignatureCheck(Detector detector, Set<Location> locations) {
        this.detector = Objects.requireNonNull(detector, "detector");
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("locations: [] (expected: at least one location)");
        }
        this.locations = EnumSet.copyOf(locations);
        int bit = NEXT_BIT.getAndIncrement();
        this.memoBit = bit < 64 ? 1L << bit : 0;
        this.triggers = detector.triggers();
    }

    @Override
    public Finding find(RequestView request, Predicate<Target> excluded) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Predicate<Target>[] only = new Predicate[] {excluded};
        return new SignatureSweep(List.of(this)).find(request, only, 0)[0];
    }

    /** {@link Detector#triggers()}: 0, or the features a target needs one of for the detector to look. */
    int triggers() {
        return triggers;
    }

    boolean inspects(Location location) {
        return locations.contains(location);
    }

    /** This check's bit in {@link VerdictMemo}, or 0 when it has none. */
    long memoBit() {
        return memoBit;
    }

    public Detector detector() {
        return detector;
    }

    @Override
    public String toString() {
        return detector.name() + locations;
    }
}
