package io.tandem.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed getters over a {@link YamlNode} tree that report instead of throwing: a bad value adds a
 * {@link ConfigProblem} and the getter returns the default (or the given fallback), so binding
 * continues and every problem in the file is found in one pass. The result of a binding that
 * reported anything is meaningless and must be discarded.
 *
 * <p>Value parsers are plain functions that throw {@link IllegalArgumentException} whose message
 * is the expectation ({@code "an integer 0..5"}); the binder adds the location and the value.
 *
 * <p>Values appear in problems as {@link ShownValue} renders them, which never reveals secrets.
 */
final class Binder {

    private static final String MISSING = "(missing)";
    private static final String UNKNOWN_KEY = "(unknown key)";

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final Problems problems;
    private final Set<String> failed = new HashSet<>();

    Binder(Problems problems) {
        this.problems = problems;
    }

    // ---- structure

    /** The document's root mapping, or empty after one problem if the document is something else. */
    Optional<Section> root(YamlNode root, List<String> keys, String expected) {
        if (root instanceof YamlNode.Mapping mapping) {
            return Optional.of(open("", mapping.line(), mapping, keys));
        }
        fail("(root)", root.line(), ShownValue.of("", root), expected);
        return Optional.empty();
    }

    /** An optional nested mapping; absent, empty or wrong, it comes back empty so defaults apply. */
    Section section(Section parent, String key, List<String> keys) {
        return section(parent, key, keys, UNKNOWN_KEY, String.join(", ", keys));
    }

    /**
     * Like {@link #section(Section, String, List)}, for a mapping whose keys are names from a long
     * list (rule ids): an unknown key shows {@code unknownValue} and is expected to be one of
     * {@code known}, a description of the names, plus a suggestion, instead of a list of every name.
     */
    Section section(Section parent, String key, List<String> keys, String unknownValue, String known) {
        YamlNode.Entry entry = parent.entry(key);
        String path = parent.pathOf(key);
        if (entry == null) {
            return new Section(path, parent.line(), Map.of(), parent.reported());
        }
        if (entry.value() instanceof YamlNode.Mapping mapping) {
            return open(path, entry.line(), mapping, keys, unknownValue, known);
        }
        if (entry.value() instanceof YamlNode.Empty) {
            return new Section(path, entry.line(), Map.of(), false);
        }
        fail(path, entry.line(), ShownValue.of(key, entry.value()), "a mapping of " + known);
        return new Section(path, entry.line(), Map.of(), true);
    }

    /**
     * A required, non-empty list of mappings, each bound by {@code item} with its 0-based index.
     * Items that are not mappings are reported and skipped.
     */
    <T> List<T> mappings(Section parent, String key, List<String> keys, String listExpected, String itemExpected,
                         BiFunction<Integer, Section, T> item) {
        YamlNode.Entry entry = parent.entry(key);
        String path = parent.pathOf(key);
        if (entry == null) {
            if (!parent.reported()) {
                fail(path, parent.line(), MISSING, listExpected);
            }
            return List.of();
        }
        if (!(entry.value() instanceof YamlNode.Sequence sequence) || sequence.items().isEmpty()) {
            fail(path, entry.line(), ShownValue.of(key, entry.value()), listExpected);
            return List.of();
        }
        List<T> bound = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode node = sequence.items().get(i);
            String itemPath = path + "[" + i + "]";
            if (node instanceof YamlNode.Mapping mapping) {
                bound.add(item.apply(i, open(itemPath, node.line(), mapping, keys)));
            } else {
                fail(itemPath, node.line(), ShownValue.of(key, node), itemExpected);
            }
        }
        return bound;
    }

    /** An optional list of scalars, empty by default; each bad item is its own problem. */
    <T> List<T> scalars(Section s, String key, String listExpected, String itemExpected, Function<String, T> parse) {
        YamlNode.Entry entry = s.entry(key);
        if (entry == null || entry.value() instanceof YamlNode.Empty) {
            return List.of();
        }
        String path = s.pathOf(key);
        if (!(entry.value() instanceof YamlNode.Sequence sequence)) {
            fail(path, entry.line(), ShownValue.of(key, entry.value()), listExpected);
            return List.of();
        }
        List<T> bound = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode node = sequence.items().get(i);
            T value = convert(path + "[" + i + "]", key, node.line(), node, null, itemExpected, parse);
            if (value != null) {
                bound.add(value);
            }
        }
        return bound;
    }

    /**
     * A required list of 1..{@code maxItems} scalars. Each bad item is its own problem, and so is
     * an item equal (after parsing) to an earlier one: {@code a unique <what>; <path>[i] has it too}.
     */
    <T> List<T> requiredDistinctScalars(Section s, String key, int maxItems, String listExpected,
                                        String itemExpected, String what, Function<String, T> parse) {
        YamlNode.Entry entry = s.entry(key);
        String path = s.pathOf(key);
        if (entry == null) {
            if (!s.reported()) {
                fail(path, s.line(), MISSING, listExpected);
            }
            return List.of();
        }
        if (!(entry.value() instanceof YamlNode.Sequence sequence)
                || sequence.items().isEmpty() || sequence.items().size() > maxItems) {
            fail(path, entry.line(), ShownValue.of(key, entry.value()), listExpected);
            return List.of();
        }
        Map<T, String> owners = new LinkedHashMap<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            YamlNode node = sequence.items().get(i);
            String itemPath = path + "[" + i + "]";
            T value = convert(itemPath, key, node.line(), node, null, itemExpected, parse);
            if (value == null) {
                continue;
            }
            String owner = owners.putIfAbsent(value, itemPath);
            if (owner != null) {
                fail(itemPath, node.line(), ShownValue.of(key, node), "a unique " + what + "; " + owner + " has it too");
            }
        }
        return List.copyOf(owners.keySet());
    }

    /**
     * Binds one list item: reports its own problems and returns {@code null} to leave the item out.
     *
     * @param <T> what the item becomes
     */
    @FunctionalInterface
    interface Item<T> {
        T bind(int index, String path, YamlNode node);
    }

    /**
     * A list of {@code min..max} items, each bound by {@code item} with its path ({@code key[i]}).
     * Absent, it is {@code dflt}, or a problem when {@code dflt} is {@code null} (required). With
     * nothing after the colon it is {@code dflt} when that is empty (like an empty section), and a
     * problem otherwise: {@code []} is how to write an empty list where the default is not.
     */
    <T> List<T> list(Section s, String key, List<T> dflt, int min, int max, String listExpected, Item<T> item) {
        YamlNode.Entry entry = s.entry(key);
        String path = s.pathOf(key);
        if (entry == null) {
            if (dflt == null && !s.reported()) {
                fail(path, s.line(), MISSING, listExpected);
            }
            return dflt == null ? List.of() : dflt;
        }
        if (entry.value() instanceof YamlNode.Empty && dflt != null && dflt.isEmpty()) {
            return dflt;
        }
        if (!(entry.value() instanceof YamlNode.Sequence sequence)
                || sequence.items().size() < min || sequence.items().size() > max) {
            fail(path, entry.line(), ShownValue.of(key, entry.value()), listExpected);
            return dflt == null ? List.of() : dflt;
        }
        List<T> bound = new ArrayList<>();
        for (int i = 0; i < sequence.items().size(); i++) {
            T value = item.bind(i, path + "[" + i + "]", sequence.items().get(i));
            if (value != null) {
                bound.add(value);
            }
        }
        return List.copyOf(bound);
    }

    /** A scalar list item or value at {@code path}; {@code null} after a reported problem. */
    <T> T scalar(String path, String key, int line, YamlNode node, String expected, Function<String, T> parse) {
        return convert(path, key, line, node, null, expected, parse);
    }

    /**
     * A list item or value that must be a mapping of {@code keys}: opened (unknown and repeated keys
     * reported), or {@code null} after a reported problem.
     */
    Section mapping(String path, String key, int line, YamlNode node, List<String> keys, String expected) {
        if (node instanceof YamlNode.Mapping mapping) {
            return open(path, line, mapping, keys);
        }
        fail(path, line, ShownValue.of(key, node), expected);
        return null;
    }

    // ---- scalars

    /** An optional scalar; {@code dflt} (may be null) when absent or bad. */
    <T> T optional(Section s, String key, T dflt, String expected, Function<String, T> parse) {
        YamlNode.Entry entry = s.entry(key);
        return entry == null ? dflt : convert(s.pathOf(key), key, entry.line(), entry.value(), dflt, expected, parse);
    }

    /** A required scalar; {@code fallback} when missing or bad, so binding can go on. */
    <T> T required(Section s, String key, T fallback, String expected, Function<String, T> parse) {
        YamlNode.Entry entry = s.entry(key);
        if (entry == null) {
            if (!s.reported()) {
                fail(s.pathOf(key), s.line(), MISSING, expected);
            }
            return fallback;
        }
        return convert(s.pathOf(key), key, entry.line(), entry.value(), fallback, expected, parse);
    }

    int integer(Section s, String key, int dflt, int min, int max) {
        String expected = "an integer " + min + ".." + max;
        return optional(s, key, dflt, expected, text -> (int) parseInteger(text, min, max, expected));
    }

    int requiredInteger(Section s, String key, int min, int max) {
        String expected = "an integer " + min + ".." + max;
        return required(s, key, min, expected, text -> (int) parseInteger(text, min, max, expected));
    }

    long longInteger(Section s, String key, long dflt, long min, long max) {
        String expected = "an integer " + min + ".." + max;
        return optional(s, key, dflt, expected, text -> parseInteger(text, min, max, expected));
    }

    /** Only {@code true} and {@code false}: YAML 1.1's yes/no/on/off are too easy to write by accident. */
    boolean bool(Section s, String key, boolean dflt) {
        String expected = "true or false";
        return optional(s, key, dflt, expected, text -> switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(expected);
        });
    }

    /** @param max inclusive upper bound, or {@code null} for none */
    Duration duration(Section s, String key, Duration dflt, Duration min, Duration max) {
        String expected = durationExpected(min, max);
        return optional(s, key, dflt, expected, text -> parseDuration(text, min, max, expected));
    }

    /** A required duration; {@code min} when missing or bad, so binding can go on. */
    Duration requiredDuration(Section s, String key, Duration min, Duration max) {
        String expected = durationExpected(min, max);
        return required(s, key, min, expected, text -> parseDuration(text, min, max, expected));
    }

    private static String durationExpected(Duration min, Duration max) {
        return "a duration " + (max == null
                ? ">= " + Durations.format(min)
                : Durations.format(min) + ".." + Durations.format(max));
    }

    private static Duration parseDuration(String text, Duration min, Duration max, String expected) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(expected + "; " + Durations.SYNTAX, e);
        }
        if (d.compareTo(min) < 0 || (max != null && d.compareTo(max) > 0)) {
            throw new IllegalArgumentException(expected);
        }
        return d;
    }

    /** A size or length ({@link Sizes}): {@code 64KiB}, {@code 1MiB}, {@code 8192}; {@code min..max} inclusive. */
    long size(Section s, String key, long dflt, long min, long max) {
        String expected = "a size " + Sizes.format(min) + ".." + Sizes.format(max);
        return optional(s, key, dflt, expected, text -> {
            long size;
            try {
                size = Sizes.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(expected + "; " + Sizes.SYNTAX, e);
            }
            if (size < min || size > max) {
                throw new IllegalArgumentException(expected);
            }
            return size;
        });
    }

    /** An optional string matching {@code pattern}; {@code dflt} may be null. */
    String string(Section s, String key, String dflt, Pattern pattern, String expected) {
        return optional(s, key, dflt, expected, text -> {
            if (!pattern.matcher(text).matches()) {
                throw new IllegalArgumentException(expected);
            }
            return text;
        });
    }

    // ---- relations between keys

    /** Whether none of {@code keys} had a problem; relations are only checked between valid values. */
    boolean valid(Section s, String... keys) {
        for (String key : keys) {
            if (failed.contains(s.pathOf(key))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reports a key whose value is fine alone but not with others; shows the value as written, or
     * {@code (default X)} when the default is in effect.
     */
    void reject(Section s, String key, Object effective, String expected) {
        YamlNode.Entry entry = s.entry(key);
        if (entry != null) {
            fail(s.pathOf(key), entry.line(), ShownValue.of(key, entry.value()), expected);
        } else {
            String value = effective instanceof Duration d ? Durations.format(d) : String.valueOf(effective);
            fail(s.pathOf(key), s.line(), "(default " + value + ")", expected);
        }
    }

    /** Reports a key that is required because of another key's value (e.g. redirect-url with action redirect). */
    void missing(Section s, String key, String expected) {
        fail(s.pathOf(key), s.line(), MISSING, expected);
    }

    /** Reports a list item (or value) that is fine alone but not with others, e.g. a duplicate. */
    void reject(String path, int line, String key, YamlNode node, String expected) {
        fail(path, line, ShownValue.of(key, node), expected);
    }

    /** Reports a problem with a section as a whole, e.g. two keys that exclude each other. */
    void rejectSection(Section s, String value, String expected) {
        fail(s.path(), s.line(), value, expected);
    }

    // ---- internals

    private Section open(String path, int line, YamlNode.Mapping mapping, List<String> keys) {
        return open(path, line, mapping, keys, UNKNOWN_KEY, String.join(", ", keys));
    }

    private Section open(String path, int line, YamlNode.Mapping mapping, List<String> keys, String unknownValue,
                         String known) {
        Map<String, YamlNode.Entry> first = new LinkedHashMap<>();
        for (YamlNode.Entry entry : mapping.entries()) {
            String entryPath = (path.isEmpty() ? "" : path + ".") + ShownValue.oneLine(entry.key());
            if (!keys.contains(entry.key())) {
                fail(entryPath, entry.line(), unknownValue, unknownKeyExpectation(entry.key(), keys, known));
            } else if (first.containsKey(entry.key())) {
                fail(entryPath, entry.line(), ShownValue.of(entry.key(), entry.value()),
                        "each key once; first set at line " + first.get(entry.key()).line());
            } else {
                first.put(entry.key(), entry);
            }
        }
        return new Section(path, line, first, false);
    }

    private static String unknownKeyExpectation(String key, List<String> keys, String known) {
        String expected = "one of " + known;
        return DidYouMean.suggest(key, keys).map(k -> expected + "; did you mean '" + k + "'?").orElse(expected);
    }

    private <T> T convert(String path, String key, int line, YamlNode node, T fallback, String expected,
                          Function<String, T> parse) {
        if (node instanceof YamlNode.Scalar scalar) {
            try {
                return parse.apply(scalar.text());
            } catch (IllegalArgumentException e) {
                fail(path, line, ShownValue.of(key, node), e.getMessage() == null ? expected : e.getMessage());
                return fallback;
            }
        }
        fail(path, line, ShownValue.of(key, node), expected);
        return fallback;
    }

    private static long parseInteger(String text, long min, long max, String expected) {
        if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException(expected);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected, e); // more digits than a long holds: out of range all the same
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }

    private void fail(String path, int line, String value, String expected) {
        failed.add(path);
        problems.add(line, path, value, expected);
    }
}
