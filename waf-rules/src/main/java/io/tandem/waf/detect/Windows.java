package io.tandem.waf.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Runs a pattern only on short windows around the occurrences of a literal the pattern cannot
 * match without, instead of over the whole value: the cost then depends on how often the literal
 * occurs (at most {@value #MAX_ANCHORS} times), not on the length of hostile filler around it.
 */
final class Windows {

    static final int MAX_ANCHORS = 32;

    /** Where a match was found in the whole value. */
    record Found(int start, int end) {
    }

    private Windows() {
    }

    /**
     * The first match of {@code pattern} in a window of {@code before} characters before and
     * {@code after} characters after each occurrence of {@code anchor}, or {@code null}.
     */
    static Found find(Pattern pattern, String value, String anchor, int before, int after) {
        int at = value.indexOf(anchor);
        int anchors = 0;
        int coveredTo = -1;
        while (at >= 0 && anchors++ < MAX_ANCHORS) {
            int from = Math.max(0, at - before);
            int to = Math.min(value.length(), at + anchor.length() + after);
            if (to > coveredTo) {
                Matcher m = pattern.matcher(value.substring(from, to));
                if (m.find()) {
                    return new Found(from + m.start(), from + m.end());
                }
                coveredTo = to;
            }
            at = value.indexOf(anchor, at + 1);
        }
        return null;
    }
}
