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
        parse(raw, null, valueLocation, nameLocation, where, ctx);
    }

    /**
     * As {@link #parse(String, Location, Location, String, ParseContext)}; {@code asciiWithoutNul}:
     * {@code raw}'s bytes when every character of it is in {@code 1..0x7f} (one byte per
     * character), else null. They let long values be decoded only where they are inspected, straight
     * from the bytes ({@link #abbreviated}).
     */
    public static void parse(String raw, byte[] asciiWithoutNul, Location valueLocation, Location nameLocation, String where,
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
                    String name = decodePart(raw, asciiWithoutNul, start, nextEq, listener);
                    Abbreviated longValue = asciiWithoutNul != null && end - nextEq - 1 > Target.MAX_INSPECT
                            ? abbreviated(raw, asciiWithoutNul, nextEq + 1, end) : null;
                    added = longValue != null
                            ? ctx.addArg(valueLocation, nameLocation, name, longValue.value(), longValue.length(), where)
                            : ctx.addArg(valueLocation, nameLocation, name,
                                    decodePart(raw, asciiWithoutNul, nextEq + 1, end, listener), where);
                } else {
                    added = ctx.addArg(valueLocation, nameLocation, decodePart(raw, asciiWithoutNul, start, end, listener),
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

    /**
     * {@code raw[from, to)} form-decoded. With the body's bytes at hand ({@code ascii}, else null),
     * a part without escapes or {@code +} is cut out as it is, and one whose escapes are all plain
     * ASCII is decoded straight from the bytes: nothing in either could be reported. Anything else
     * takes the general decoder, which reports what it finds.
     */
    private static String decodePart(String raw, byte[] ascii, int from, int to, DecodeListener listener) {
        if (ascii != null) {
            int kind = UrlDecode.formPartKind(ascii, from, to);
            if (kind == UrlDecode.PLAIN) {
                return raw.substring(from, to);
            }
            if (kind == UrlDecode.CHECKED_ASCII) {
                byte[] out = new byte[to - from + 8];
                int w = UrlDecode.decodeCheckedAscii(ascii, from, to, out, 0);
                return new String(out, 0, w, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return UrlDecode.decode(raw.substring(from, to), true, listener);
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
    private static Abbreviated abbreviated(String raw, byte[] bytes, int from, int to) {
        // One pass over the escapes checks them, counts them, finds where the head's decoded
        // characters end, and keeps those that may lie in the tail: its raw text is at most three
        // times its decoded length, so it starts at or after to - 3 * HALF, and an escape from two
        // characters before that on may reach into it.
        int escapes = 0;
        int headEnd = -1;
        int headCount = 0; // decoded characters before headRun
        int headRun = from; // where the run of plain characters after the last escape seen starts
        int tailWindow = to - 3 * Target.HALF - 2;
        int[] tailEscapes = new int[16];
        int tailEscapeCount = 0;
        for (int p = raw.indexOf('%', from); p >= 0 && p < to; p = raw.indexOf('%', p + 3)) {
            if (p + 2 >= to) {
                return null;
            }
            if (!UrlDecode.isPlainAsciiEscape(raw.charAt(p + 1), raw.charAt(p + 2))) {
                return null;
            }
            escapes++;
            if (headEnd < 0) {
                if (headCount + (p - headRun) >= Target.HALF) {
                    headEnd = headRun + (Target.HALF - headCount);
                } else {
                    headCount += p - headRun + 1; // the run before the escape, and the escape's one character
                    headRun = p + 3;
                }
            }
            if (p >= tailWindow) {
                if (tailEscapeCount == tailEscapes.length) {
                    tailEscapes = java.util.Arrays.copyOf(tailEscapes, 2 * tailEscapeCount);
                }
                tailEscapes[tailEscapeCount++] = p;
            }
        }
        int length = to - from - 2 * escapes;
        if (length <= Target.MAX_INSPECT) {
            return null;
        }
        if (headEnd < 0) {
            headEnd = headRun + (Target.HALF - headCount); // within the last run: the value is long enough
        }
        int tailStart = tailStart(to, tailEscapes, tailEscapeCount);
        // head, the joining space unless a half already has one there (Target.join), tail
        byte[] out = new byte[(headEnd - from) + 1 + (to - tailStart) + 8];
        int w = UrlDecode.decodeCheckedAscii(bytes, from, headEnd, out, 0);
        if (out[w - 1] != ' ' && firstDecoded(raw, tailStart) != ' ') {
            out[w++] = ' ';
        }
        w = UrlDecode.decodeCheckedAscii(bytes, tailStart, to, out, w);
        return new Abbreviated(new String(out, 0, w, java.nio.charset.StandardCharsets.ISO_8859_1), length);
    }

    /** The first decoded character of a checked range starting at {@code at}. */
    private static char firstDecoded(String raw, int at) {
        char c = raw.charAt(at);
        return c == '%' ? (char) (UrlDecode.hex(raw.charAt(at + 1)) << 4 | UrlDecode.hex(raw.charAt(at + 2)))
                : c == '+' ? ' ' : c;
    }

    /**
     * Where in {@code raw} the last {@link Target#HALF} decoded characters of {@code raw[from, to)}
     * start, from the escapes the pass kept ({@code escapes[0, count)}, in order: all those at or
     * after the tail window). Runs of plain characters count one each, escapes one each.
     */
    private static int tailStart(int to, int[] escapes, int count) {
        int q = to;
        int decoded = 0;
        for (int k = count - 1; k >= 0; k--) {
            int e = escapes[k];
            if (decoded + (q - (e + 3)) >= Target.HALF) {
                break;
            }
            decoded += q - (e + 3) + 1;
            q = e;
        }
        // Before q there is a run of plain characters back to an escape not kept (or to from),
        // and the tail starts inside it: the window holds enough characters.
        return q - (Target.HALF - decoded);
    }
}
