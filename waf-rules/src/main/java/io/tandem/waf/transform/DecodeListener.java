package io.tandem.waf.transform;

/**
 * Receives the problems a decoder notices (malformed escapes, invalid or overlong UTF-8, NUL
 * bytes). Decoders report and carry on; they never throw. Parsers use it to turn malformed
 * encodings into evidence on the request.
 */
@FunctionalInterface
public interface DecodeListener {

    /** The kinds of problem a decoder reports. */
    enum Problem {
        INVALID_PERCENT_ENCODING,
        UNICODE_PERCENT_ENCODING,
        INVALID_UTF8,
        OVERLONG_UTF8,
        NUL_BYTE
    }

    void report(Problem problem);

    /** A listener that ignores everything, for transforms applied as normalization only. */
    DecodeListener IGNORE = problem -> { };
}
