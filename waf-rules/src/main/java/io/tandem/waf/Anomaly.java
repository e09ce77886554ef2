package io.tandem.waf;

import java.util.Objects;

/**
 * Evidence that a request was malformed or exceeded a parse limit. Parsing never throws: it
 * records an anomaly and carries on with what it could read, and rules decide what to do.
 *
 * @param kind   what was wrong
 * @param where  where it was found ({@code query}, {@code body}, {@code header:content-length}, ...)
 * @param detail a short, already bounded description
 */
public record Anomaly(Kind kind, String where, String detail) {

    /** The kinds of malformation the parsers recognize. */
    public enum Kind {
        INVALID_PERCENT_ENCODING,
        UNICODE_PERCENT_ENCODING,
        INVALID_UTF8,
        OVERLONG_UTF8,
        NUL_BYTE,
        CONTROL_CHARACTER,
        TOO_MANY_ARGS,
        ARG_NAME_TOO_LONG,
        ARG_VALUE_TOO_LONG,
        TOO_MANY_COOKIES,
        JSON_MALFORMED,
        JSON_TOO_DEEP,
        JSON_TOO_LARGE,
        XML_MALFORMED,
        XML_TOO_DEEP,
        MULTIPART_NO_BOUNDARY,
        MULTIPART_MALFORMED,
        MULTIPART_TOO_MANY_PARTS,
        MULTIPART_BAD_CHARSET,
        MULTIPART_TRANSFER_ENCODING,
        BODY_TRUNCATED,
        INSPECTION_BUDGET_EXCEEDED,
        MALFORMED_REQUEST_TARGET
    }

    public Anomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "@" + where
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
