package io.tandem.waf.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Matches a host or path: FortiWeb's "simple string" (exact, or prefix when it ends with
 * {@code *}) or "regular expression" (RE2 syntax, linear time, searched anywhere unless
 * anchored). Built and checked when rules load.
 */
public final class TextMatcher {

    private final String text;
    private final Pattern regex;
    private final boolean caseInsensitive;

    private TextMatcher(String text, Pattern regex, boolean caseInsensitive) {
        this.text = text;
        this.regex = regex;
        this.caseInsensitive = caseInsensitive;
    }

    /** Exact match, or prefix match when {@code s} ends with {@code *}. */
    public static TextMatcher simple(String s, boolean caseInsensitive) {
        Objects.requireNonNull(s, "s");
        return new TextMatcher(caseInsensitive ? s.toLowerCase(Locale.ROOT) : s, null, caseInsensitive);
    }

    /**
     * A regular expression in RE2 syntax.
     *
     * @throws IllegalArgumentException naming the expression and the syntax error
     */
    public static TextMatcher regex(String expression, boolean caseInsensitive) {
        try {
            return new TextMatcher(expression, Pattern.compile(expression, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0),
                    caseInsensitive);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex: " + expression + " (expected: RE2 syntax; " + e.getDescription() + ")", e);
        }
    }

    public boolean matches(String value) {
        if (regex != null) {
            return regex.matcher(value).find();
        }
        String v = caseInsensitive ? value.toLowerCase(Locale.ROOT) : value;
        if (text.endsWith("*")) {
            return v.startsWith(text.substring(0, text.length() - 1));
        }
        return v.equals(text);
    }

    @Override
    public String toString() {
        return regex != null ? "regex(" + text + ")" : text;
    }
}
