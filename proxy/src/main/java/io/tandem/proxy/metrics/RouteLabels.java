package io.tandem.proxy.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a request path into a {@code route} label from a small, fixed set: {@code root} for
 * {@code /}, the first path segment when it is in the allowlist, {@code other} for everything
 * else. The raw path never becomes a label, so a client cannot create time series at will.
 *
 * <p>Lookup does not allocate: it compares regions of the path with the allowlist. Immutable and
 * thread-safe.
 */
final class RouteLabels {

    static final String ROOT = "root";
    static final String OTHER = "other";
    static final int MAX_ROUTES = 32;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.~-]{1,64}");

    private final String[] segments;
    private final List<String> labels;

    /**
     * @throws IllegalArgumentException if there are more than {@value #MAX_ROUTES} entries or one is
     *                                  not a plain path segment
     */
    RouteLabels(Collection<String> allowlist) {
        LinkedHashSet<String> unique = new LinkedHashSet<>(allowlist);
        if (unique.size() > MAX_ROUTES) {
            throw new IllegalArgumentException("metrics routes: " + unique.size() + " entries (expected: at most "
                    + MAX_ROUTES + ")");
        }
        for (String s : unique) {
            if (s == null || !SEGMENT.matcher(s).matches() || s.equals(ROOT) || s.equals(OTHER)) {
                throw new IllegalArgumentException("metrics routes: " + (s == null ? "(null)" : "'" + s + "'")
                        + " (expected: one path segment of [A-Za-z0-9_.~-], not 'root' or 'other')");
            }
        }
        this.segments = unique.toArray(new String[0]);
        List<String> all = new ArrayList<>(segments.length + 2);
        all.add(ROOT);
        all.addAll(unique);
        all.add(OTHER);
        this.labels = List.copyOf(all);
    }

    /** Number of distinct labels: root, the allowlist, other. */
    int size() {
        return labels.size();
    }

    String label(int index) {
        return labels.get(index);
    }

    /** The label index of a request path (as Undertow gives it: starting with {@code /}). */
    int indexOf(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        int from = path.charAt(0) == '/' ? 1 : 0;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            int end = from + s.length();
            if (path.regionMatches(from, s, 0, s.length()) && (end == path.length() || path.charAt(end) == '/')) {
                return i + 1;
            }
        }
        return labels.size() - 1;
    }
}
