package io.tandem.proxy.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tiny parser of the Prometheus text exposition format (0.0.4), enough for tests: sample lines
 * {@code name{label="value",...} value [timestamp]}; {@code # HELP} and {@code # TYPE} lines are
 * read for types. Label values may contain escaped quotes, backslashes and newlines.
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = List.copyOf(samples);
        this.types = Map.copyOf(types);
    }

    /**
     * Parses strictly: every line is a sample, a {@code # HELP} or {@code # TYPE} comment with a
     * known type, or empty.
     *
     * @throws IllegalArgumentException naming the line that is not in the text format
     */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length < 3 || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": not a HELP or TYPE comment: " + line);
                }
                if (parts[1].equals("TYPE")) {
                    String type = parts.length == 4 ? parts[3].strip() : "";
                    if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(type)) {
                        throw new IllegalArgumentException("line " + (n + 1) + ": unknown type: " + line);
                    }
                    types.put(parts[2], type);
                }
                continue;
            }
            samples.add(sample(line, n + 1));
        }
        return new PrometheusText(samples, types);
    }

    private static Sample sample(String line, int number) {
        int i = 0;
        while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("line " + number + ": no metric name: " + line);
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new TreeMap<>();
        try {
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String label = line.substring(i, eq);
                    if (line.charAt(eq + 1) != '"') {
                        throw new IllegalArgumentException("line " + number + ": label value not quoted: " + line);
                    }
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2;
                    for (; line.charAt(j) != '"'; j++) {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char next = line.charAt(++j);
                            value.append(next == 'n' ? '\n' : next);
                        } else {
                            value.append(c);
                        }
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
        } catch (StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("line " + number + ": unterminated labels: " + line);
        }
        String[] rest = line.substring(i).strip().split(" ");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("line " + number + ": expected a value after the name: " + line);
        }
        double value = switch (rest[0]) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name, labels, value);
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The type from {@code # TYPE}, if declared. */
    public Optional<String> type(String family) {
        return Optional.ofNullable(types.get(family));
    }

    /** Whether some sample has this name. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /**
     * The value of the sample with this name whose labels include all of {@code labels}
     * ({@code "k1", "v1", "k2", "v2", ...}); empty if none. Fails if several match.
     */
    public Optional<Double> value(String name, String... labels) {
        List<Sample> matching = samples.stream()
                .filter(s -> s.name().equals(name) && includes(s.labels(), labels))
                .toList();
        if (matching.size() > 1) {
            throw new IllegalStateException(matching.size() + " samples match " + name + " " + List.of(labels));
        }
        return matching.stream().findFirst().map(Sample::value);
    }

    /** Names of every sample starting with {@code prefix}. */
    public List<String> namesStartingWith(String prefix) {
        return samples.stream().map(Sample::name).filter(n -> n.startsWith(prefix)).distinct().sorted().toList();
    }

    /** The sum of every sample of this name whose labels include {@code labels} ({@code k1, v1, ...}). */
    public double sum(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name) && includes(s.labels(), labels))
                .mapToDouble(Sample::value).sum();
    }

    /** Distinct values of {@code label} among samples of {@code name}. */
    public List<String> labelValues(String name, String label) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().containsKey(label))
                .map(s -> s.labels().get(label)).distinct().sorted().toList();
    }

    /** The value, or 0 when the sample is absent (a counter not created yet). */
    public double valueOrZero(String name, String... labels) {
        return value(name, labels).orElse(0.0);
    }

    private static boolean includes(Map<String, String> actual, String[] wanted) {
        for (int k = 0; k + 1 < wanted.length; k += 2) {
            if (!wanted[k + 1].equals(actual.get(wanted[k]))) {
                return false;
            }
        }
        return true;
    }
}
