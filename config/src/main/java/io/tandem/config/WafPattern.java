package io.tandem.config;

import java.util.Objects;

/**
 * A host or path condition of the {@code waf:} section, FortiWeb's "simple string" or "regular
 * expression": written as a plain string (exact, or a prefix when it ends with {@code *}) or as
 * {@code { regex: "..." }} (RE2 syntax, searched anywhere in the value unless anchored).
 *
 * <p>Paths are compared with the decoded, normalized request path, case-sensitively; hosts with
 * the Host header without its port, case-insensitively. A plain path starts with {@code /} and has
 * {@code *} only at its end; a regex is checked to compile with RE2J when the file is read.
 *
 * @param text  the string or the regular expression, as written
 * @param regex whether {@code text} is a regular expression
 */
public record WafPattern(String text, boolean regex) {

    public WafPattern {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty pattern");
        }
    }

    /** Exact, or a prefix when {@code text} ends with {@code *}. */
    public static WafPattern plain(String text) {
        return new WafPattern(text, false);
    }

    /** An RE2 regular expression. */
    public static WafPattern regex(String expression) {
        return new WafPattern(expression, true);
    }

    /** Whether this is a plain prefix ({@code /admin*}). */
    public boolean isPrefix() {
        return !regex && text.endsWith("*");
    }

    /** As written: {@code /admin*} or {@code { regex: "^/admin" }}. */
    @Override
    public String toString() {
        return regex ? "{ regex: \"" + text + "\" }" : text;
    }
}
