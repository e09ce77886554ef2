package io.tandem.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Suggests the known key an unknown one was probably meant to be. */
final class DidYouMean {

    private static final int MAX_DISTANCE = 2;
    private static final int MIN_PREFIX = 3;

    private DidYouMean() {
    }

    /**
     * Tried in order, first match wins, ties go to the earlier known key: the same key in another
     * spelling ({@code cookieName}, {@code cookie_name}); within {@value #MAX_DISTANCE} edits
     * (adjacent swaps count as one); one a prefix of the other ({@code cookie}, {@code health}).
     */
    static Optional<String> suggest(String unknown, List<String> known) {
        String plain = normalize(unknown);
        for (String k : known) {
            if (normalize(k).equals(plain)) {
                return Optional.of(k);
            }
        }
        String best = null;
        int bestDistance = MAX_DISTANCE + 1;
        String lower = unknown.toLowerCase(Locale.ROOT);
        for (String k : known) {
            int d = distance(lower, k);
            // "x" is within two edits of "id", but that is coincidence, not a typo
            if (d < bestDistance && d < Math.min(lower.length(), k.length())) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        for (String k : known) {
            if (lower.length() >= MIN_PREFIX && (k.startsWith(lower) || lower.startsWith(k))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    private static String normalize(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transposition). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
