package io.tandem.session;

import java.util.List;

/**
 * A key ring could not be read or is invalid. The message lists every problem found, one per
 * line, each naming the source and line; it never contains key material.
 */
public final class KeyRingException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    KeyRingException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    KeyRingException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Every problem found, in source order, each as {@code <source> line <n>: <problem>}. */
    public List<String> problems() {
        return problems;
    }
}
