package io.tandem.waf.transform;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Normalizes a path the way a file system or a lenient server resolves it: backslashes become
 * slashes, empty and {@code .} segments vanish, {@code ..} removes the previous segment. A
 * {@code ..} that would climb above the start is kept as a leading {@code ../}, so callers can see
 * the traversal. Output never longer than the input plus one slash.
 */
public final class PathNormalize implements Transform {

    public static final PathNormalize INSTANCE = new PathNormalize();

    private PathNormalize() {
    }

    @Override
    public String apply(String s) {
        String p = s.replace('\\', '/');
        if (p.indexOf("//") < 0 && p.indexOf("/.") < 0 && !p.startsWith("./") && !p.startsWith("../")
                && !p.equals(".") && !p.equals("..")) {
            return p;
        }
        boolean absolute = p.startsWith("/");
        boolean trailing = p.endsWith("/") || p.endsWith("/.") || p.endsWith("/..");
        Deque<String> segments = new ArrayDeque<>();
        int escapes = 0;
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    escapes++;
                } else {
                    segments.removeLast();
                }
                continue;
            }
            segments.addLast(segment);
        }
        StringBuilder out = new StringBuilder(p.length() + 1);
        if (absolute) {
            out.append('/');
        }
        for (int k = 0; k < escapes; k++) {
            out.append("../");
        }
        out.append(String.join("/", segments));
        if (trailing && !segments.isEmpty()) {
            out.append('/');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "normalize-path";
    }
}
