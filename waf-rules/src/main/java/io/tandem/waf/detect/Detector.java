package io.tandem.waf.detect;

import io.tandem.waf.Target;

/**
 * One attack class recognized in one inspected value. Implementations are immutable, pure and
 * thread-safe; they never throw on hostile input and run in time linear in the (bounded) value.
 */
public interface Detector {

    /** A stable short name: {@code sqli}, {@code xss}, ... */
    String name();

    /** What was found in the value, or {@code null}. */
    Detection detect(Target target);

    /**
     * {@link io.tandem.waf.Features} bits of which a value needs at least one for {@link #detect}
     * to find anything in it, or 0 when any value may do. Lets a caller pass a value on its
     * character summary alone, without the call.
     */
    default int triggers() {
        return 0;
    }
}
