package io.tandem.config;

import java.util.List;

/**
 * A YAML value and the 1-based line it starts on: the small tree the binder walks. Scalars keep
 * their text exactly as written; the binder gives them meaning, so YAML 1.1 surprises
 * ({@code no} as false, {@code 010} as 8) never reach the configuration.
 */
sealed interface YamlNode {

    int line();

    /** Any scalar, quoted or not, other than a null. */
    record Scalar(String text, int line) implements YamlNode {
    }

    /** Nothing after the colon, {@code ~} or {@code null}. */
    record Empty(int line) implements YamlNode {
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
    }

    /** Entries in file order, duplicates included, so the binder can report them. */
    record Mapping(List<Entry> entries, int line) implements YamlNode {
    }

    /** @param line the line of the key, where a problem with the value is reported */
    record Entry(String key, int line, YamlNode value) {
    }
}
