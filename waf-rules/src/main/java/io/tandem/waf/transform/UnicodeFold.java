package io.tandem.waf.transform;

import java.text.Normalizer;

/**
 * Folds Unicode look-alikes to ASCII where browsers and backends do: NFKC compatibility
 * normalization ({@code ＜} to {@code <}, circled {@code Ⓖ} to {@code G}), and removes invisible
 * format characters (zero-width spaces, BOM, soft hyphen) that split keywords. ASCII input is
 * returned unchanged at the cost of one scan.
 */
public final class UnicodeFold implements Transform {

    public static final UnicodeFold INSTANCE = new UnicodeFold();

    private UnicodeFold() {
    }

    @Override
    public String apply(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
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

    @Override
    public String toString() {
        return "unicode-fold";
    }
}
