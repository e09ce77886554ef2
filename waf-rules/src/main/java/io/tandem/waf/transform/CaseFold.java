package io.tandem.waf.transform;

import java.util.Locale;

/** Lower-cases with the root locale (no Turkish dotless i surprises). Same length as the input. */
public final class CaseFold implements Transform {

    public static final CaseFold INSTANCE = new CaseFold();

    private CaseFold() {
    }

    @Override
    public String apply(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "lowercase";
    }
}
