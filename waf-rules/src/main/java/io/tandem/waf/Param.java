package io.tandem.waf;

import java.util.Objects;

/**
 * One named value parsed from a request: a query or form argument, a flattened JSON field
 * ({@code user.roles[0]}), an XML text or attribute, a multipart field, a cookie, a header.
 *
 * @param location where it came from
 * @param name     the argument, cookie, header (lower case) or JSON path name
 * @param value    the value after the protocol-level decoding (percent-decoding for query and form);
 *                 an argument longer than {@link Target#MAX_INSPECT} characters keeps only what the
 *                 signatures inspect of it, its head and its tail ({@link Target#abbreviate})
 * @param length   the length of the whole value, in characters (what the length limits compare)
 */
public record Param(Location location, String name, String value, int length) {

    public Param {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (length < value.length()) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= the value's " + value.length() + ")");
        }
    }

    /** A value kept whole. */
    public Param(Location location, String name, String value) {
        this(location, name, value, value.length());
    }

    /** Whether {@link #value} holds only the head and tail of a longer value, already {@link Target#abbreviate abbreviated}. */
    public boolean abbreviated() {
        return length > value.length();
    }
}
