package io.tandem.waf.transform;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * Folds Unicode look-alikes to ASCII where browsers and backends do: NFKC compatibility
 * normalization ({@code ＜} to {@code <}, circled {@code Ⓖ} to {@code G}), and removes invisible
 * format characters (zero-width spaces, BOM, soft hyphen) that split keywords. ASCII input is
 * returned unchanged at the cost of one check ({@link #isAscii}).
 */
public final class UnicodeFold implements Transform {

    public static final UnicodeFold INSTANCE = new UnicodeFold();

    private UnicodeFold() {
    }

    @Override
    public String apply(String s) {
        if (isAscii(s)) {
            return s;
        }
        String normalized = Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(normalized.length());
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (Character.getType(c) == Character.FORMAT) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Whether {@code s} folds to itself because every character is ASCII (or a lone surrogate,
     * which the UTF-8 encoder writes as one {@code ?} and normalization leaves alone). Encoding
     * to UTF-8 keeps the length exactly then; the JDK checks a Latin-1 string for other
     * characters with a vectorized intrinsic and copies it whole, several times faster than a
     * loop over {@code charAt} on long values.
     */
    private static boolean isAscii(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length == s.length();
    }

    @Override
    public String toString() {
        return "unicode-fold";
    }
}
