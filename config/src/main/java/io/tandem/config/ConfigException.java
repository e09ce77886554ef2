package io.tandem.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file was rejected. Carries every problem found, not just the first, so that
 * one edit-and-retry round fixes them all; they are ordered by line.
 *
 * <p>{@link #getMessage()} is a header {@code <source>: <n> problem(s)} followed by one
 * {@link ConfigProblem} per line, ready to print as is.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<ConfigProblem> problems;

    /**
     * @param source   the file name or label the problems refer to
     * @param problems at least one problem
     */
    public ConfigException(String source, List<ConfigProblem> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** The file name or label given to the loader. */
    public String source() {
        return source;
    }

    /** Every problem found, ordered by line; never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(String source, List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        String header = source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
        return problems.stream()
                .map(ConfigProblem::toString)
                .collect(Collectors.joining("\n", header + "\n", ""));
    }
}
