package io.tandem.waf;

import java.util.ArrayList;
import java.util.List;

/**
 * Bounds on how much of a request the parsers read. A request beyond a bound is not rejected
 * here: parsing stops at the bound and records an {@link Anomaly}, and the protocol-constraint
 * rules decide. Keeping these bounds small keeps the per-request cost bounded for hostile input.
 *
 * @param maxArgs            query + form + multipart + JSON + XML values parsed, in total
 * @param maxArgNameLength   longer names are cut (and recorded)
 * @param maxArgValueLength  longer values are cut for inspection (and recorded)
 * @param maxCookies         cookies parsed from the Cookie headers
 * @param maxJsonDepth       nesting of JSON arrays/objects
 * @param maxXmlDepth        nesting of XML elements
 * @param maxMultipartParts  parts of a multipart body
 * @param maxBodyInspect     bytes of the body the parsers look at
 * @param maxInspectTotal    characters the signature rules inspect per request, over all values
 *                           (each value counts at most {@link Target#MAX_INSPECT}); values beyond
 *                           it are not inspected and the request is marked
 */
public record ParseLimits(
        int maxArgs,
        int maxArgNameLength,
        int maxArgValueLength,
        int maxCookies,
        int maxJsonDepth,
        int maxXmlDepth,
        int maxMultipartParts,
        int maxBodyInspect,
        int maxInspectTotal) {

    /** Defaults sized for a shop: generous for real forms, small enough to bound the work. */
    public static final ParseLimits DEFAULTS = new ParseLimits(1024, 1024, 65_536, 128, 32, 64, 256, 1 << 20, 256 << 10);

    public ParseLimits {
        List<String> problems = new ArrayList<>();
        check(problems, "maxArgs", maxArgs, 1, 100_000);
        check(problems, "maxArgNameLength", maxArgNameLength, 16, 1 << 20);
        check(problems, "maxArgValueLength", maxArgValueLength, 64, 16 << 20);
        check(problems, "maxCookies", maxCookies, 1, 10_000);
        check(problems, "maxJsonDepth", maxJsonDepth, 1, 512);
        check(problems, "maxXmlDepth", maxXmlDepth, 1, 512);
        check(problems, "maxMultipartParts", maxMultipartParts, 1, 10_000);
        check(problems, "maxBodyInspect", maxBodyInspect, 0, 64 << 20);
        check(problems, "maxInspectTotal", maxInspectTotal, 1024, 64 << 20);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static void check(List<String> problems, String name, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }
}
