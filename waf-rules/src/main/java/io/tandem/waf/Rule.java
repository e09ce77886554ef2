package io.tandem.waf;

/**
 * One check applied to every request. Implementations are immutable and thread-safe; their
 * arguments are validated when the rule is built, so {@link #evaluate} never fails on a well-formed
 * {@link RequestView} and must not throw on hostile content.
 */
public interface Rule {

    /** A stable id from the configuration; it appears in logs and verdicts. */
    String id();

    /** Returns {@link Verdict#PASS} when the rule does not apply. */
    Verdict evaluate(RequestView request);
}
