package io.tandem.waf.transform;

/**
 * One pure, bounded string transformation applied to a value before matching. Implementations
 * are stateless and thread-safe, never throw on hostile input, and run in time linear in the
 * input length (each documents its bound on the output length).
 */
@FunctionalInterface
public interface Transform {

    /** Returns the transformed value; the input itself when nothing changes. */
    String apply(String input);
}
