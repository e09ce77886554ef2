package io.tandem.waf.detect;

import io.tandem.waf.parse.Excerpts;
import java.util.Objects;

/**
 * What a detector found in a value.
 *
 * @param reason  a short description ({@code sqli union [sUEnk]})
 * @param excerpt an escaped, bounded excerpt of the value around the match, safe for logs
 */
public record Detection(String reason, String excerpt) {

    /** Longest excerpt kept, before escaping. */
    public static final int EXCERPT_CHARS = 96;

    public Detection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(excerpt, "excerpt");
    }

    public static Detection at(String value, int start, int end, String reason) {
        return new Detection(reason, Excerpts.around(value, start, end, EXCERPT_CHARS));
    }
}
