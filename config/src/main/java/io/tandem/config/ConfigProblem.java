package io.tandem.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file, located well enough to fix it without reading
 * the code: {@code tandem.yaml:12: pool.retries: -5 (expected: an integer 0..5)}.
 *
 * <p>{@code value} is what the file says, as written, or one of the markers {@code (missing)},
 * {@code (empty)}, {@code (unknown key)}, {@code (a mapping)}, {@code (a list)}. It never holds a
 * secret: keys whose names suggest one have their values shown as {@code (hidden)}, and key
 * material itself never sits in the YAML, only the file or variable that holds it.
 *
 * @param source   the file name or other label the text came from
 * @param line     1-based line of the offending key or list item (for a missing key, the line of
 *                 the mapping that should contain it); 0 when the file could not be read at all
 * @param path     dotted key path with {@code [i]} for list items, e.g. {@code backends[1].url};
 *                 {@code (yaml)}, {@code (root)} or {@code (file)} for problems with the whole file
 * @param value    the offending value as written, or a marker in parentheses
 * @param expected what would have been accepted
 */
public record ConfigProblem(String source, int line, String path, String value, String expected) {

    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
    }

    /** Exactly {@code <source>:<line>: <path>: <value> (expected: <expected>)}. */
    @Override
    public String toString() {
        return source + ":" + line + ": " + path + ": " + value + " (expected: " + expected + ")";
    }
}
