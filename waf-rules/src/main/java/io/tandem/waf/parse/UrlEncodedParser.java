package io.tandem.waf.parse;

import io.tandem.waf.Location;
import io.tandem.waf.Target;
import io.tandem.waf.transform.DecodeListener;
import io.tandem.waf.transform.UrlDecode;

/**
 * Parses {@code a=1&b=2} (query strings and urlencoded bodies): pairs split on {@code &}, names
 * and values percent-decoded once with {@code +} as a space. A pair without {@code =} is a name
 * with an empty value. Malformed escapes are recorded, never fatal.
 */
public final class UrlEncodedParser {

    private UrlEncodedParser() {
    }

    public static void parse(String raw, Location valueLocation, Location nameLocation, String where, ParseContext ctx) {
        parse(raw, false, valueLocation, nameLocation, where, ctx);
    }

    /**
     * As {@link #parse(String, Location, Location, String, ParseContext)}; {@code asciiWithoutNul}:
     * whether every character of {@code raw} is in {@code 1..0x7f}, which lets long values be
     * decoded only where they are inspected ({@link #abbreviated}).
     */
    public static void parse(String raw, boolean asciiWithoutNul, Location valueLocation, Location nameLocation, String where,
                             ParseContext ctx) {
        int n = raw.length();
        // Names and values are cut straight out of raw, one copy each (not the pair, then its
        // parts). The pair's '=' is the first '=' at or after its start if that lies before its
        // end; that position is kept until a later pair starts past it, so that a run of pairs
        // without '=' does not scan ahead to the same distant '=' once per pair.
        int nextEq = -1;
        int start = 0;
        DecodeListener listener = ctx.listener(where); // one for all pairs: they report to the same place
        while (start <= n) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                if (nextEq < start) {
                    nextEq = raw.indexOf('=', start);
                    if (nextEq < 0) {
                        nextEq = n;
                    }
                }
                boolean added;
                if (nextEq < end) {
                    String name = UrlDecode.decode(raw.substring(start, nextEq), true, listener);
                    Abbreviated longValue = asciiWithoutNul && end - nextEq - 1 > Target.MAX_INSPECT
                            ? abbreviated(raw, nextEq + 1, end, listener) : null;
                    added = longValue != null
                            ? ctx.addArg(valueLocation, nameLocation, name, longValue.value(), longValue.length(), where)
                            : ctx.addArg(valueLocation, nameLocation, name,
                                    UrlDecode.decode(raw.substring(nextEq + 1, end), true, listener), where);
                } else {
                    added = ctx.addArg(valueLocation, nameLocation, UrlDecode.decode(raw.substring(start, end), true, listener),
                            "", where);
                }
                if (!added) {
                    return;
                }
            }
            if (amp < 0) {
                return;
            }
            start = amp + 1;
        }
    }

    /** A long value's inspected part ({@link Target#abbreviate}) and its whole decoded length. */
    private record Abbreviated(String value, int length) {
    }

    /**
     * The value {@code raw[from, to)} (ASCII without NUL) as {@link Target#abbreviate} would make
     * of its decoding, decoding only its head and tail; or null when it does not qualify. The
     * middle of a long value is never inspected, and decoding it was most of the cost of parsing a
     * large form. It qualifies when every escape in it is a {@code %XX} of an ASCII character other
     * than NUL: then each escape decodes to one character and nothing in the middle could be
     * reported (no malformed escape, no NUL, no UTF-8 to validate), so the decoded length and the
     * cut points follow from the escapes' positions. Anything else takes the full decoding.
     */
    private static Abbreviated abbreviated(String raw, int from, int to, DecodeListener listener) {
        int escapes = 0;
        for (int p = raw.indexOf('%', from); p >= 0 && p < to; p = raw.indexOf('%', p + 3)) {
            if (p + 2 >= to) {
                return null;
            }
            int hi = UrlDecode.hex(raw.charAt(p + 1));
            int lo = UrlDecode.hex(raw.charAt(p + 2));
            if (hi < 0 || lo < 0 || hi > 7 || hi == 0 && lo == 0) {
                return null;
            }
            escapes++;
        }
        int length = to - from - 2 * escapes;
        if (length <= Target.MAX_INSPECT) {
            return null;
        }
        String head = UrlDecode.decode(raw.substring(from, headEnd(raw, from, to, Target.HALF)), true, listener);
        String tail = UrlDecode.decode(raw.substring(tailStart(raw, from, to, Target.HALF), to), true, listener);
        return new Abbreviated(Target.join(head, tail), length);
    }

    /** Where in {@code raw} the first {@code chars} decoded characters of {@code raw[from, to)} end. */
    private static int headEnd(String raw, int from, int to, int chars) {
        int p = from;
        int count = 0;
        while (true) {
            int e = raw.indexOf('%', p);
            if (e < 0 || e >= to) {
                e = to;
            }
            if (count + (e - p) >= chars) {
                return p + (chars - count);
            }
            count += e - p + 1; // the run before the escape, and the escape's one character
            p = e + 3;
        }
    }

    /** Where in {@code raw} the last {@code chars} decoded characters of {@code raw[from, to)} start. */
    private static int tailStart(String raw, int from, int to, int chars) {
        int q = to;
        int count = 0;
        while (true) {
            int e = raw.lastIndexOf('%', q - 1);
            int runStart = e < from ? from : e + 3;
            if (count + (q - runStart) >= chars) {
                return q - (chars - count);
            }
            count += q - runStart + 1;
            q = e;
        }
    }
}
