package io.tandem.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file so that binding can go on after each of them. */
final class Problems {

    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    void add(int line, String path, String value, String expected) {
        problems.add(new ConfigProblem(source, line, path, value, expected));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Problems are found section by section; people read files top to bottom, so sort by line. */
    ConfigException toException() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line)); // stable: same-line problems keep their order
        return new ConfigException(source, sorted);
    }

    void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            throw toException();
        }
    }
}
