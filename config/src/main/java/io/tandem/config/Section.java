package io.tandem.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A mapping being bound: its entries (first occurrence of each key), the path that prefixes
 * its keys in problems, and the line a missing key is reported at. An absent or empty section
 * has no entries and the line of its parent, so defaults apply without special cases.
 */
final class Section {

    private final String path;
    private final int line;
    private final Map<String, YamlNode.Entry> entries;
    private final boolean reported;

    /** @param reported whether a problem was already reported for the section itself (e.g. it is a list) */
    Section(String path, int line, Map<String, YamlNode.Entry> entries, boolean reported) {
        this.path = path;
        this.line = line;
        this.entries = Collections.unmodifiableMap(entries);
        this.reported = reported;
    }

    /**
     * Whether the section itself was already reported as wrong; its required keys are then not
     * reported missing as well, since they were never given a chance.
     */
    boolean reported() {
        return reported;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** @return the entry, or {@code null} when the key is absent */
    YamlNode.Entry entry(String key) {
        return entries.get(key);
    }

    /** Whether the mapping has no (known) key at all: absent, empty, or only unknown keys. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The known keys present, in file order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
    }
}
