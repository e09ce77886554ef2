package io.tandem.waf.parse;

import io.tandem.waf.Location;
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
                String name;
                String value;
                if (nextEq < end) {
                    name = UrlDecode.decode(raw.substring(start, nextEq), true, listener);
                    value = UrlDecode.decode(raw.substring(nextEq + 1, end), true, listener);
                } else {
                    name = UrlDecode.decode(raw.substring(start, end), true, listener);
                    value = "";
                }
                if (!ctx.addArg(valueLocation, nameLocation, name, value, where)) {
                    return;
                }
            }
            if (amp < 0) {
                return;
            }
            start = amp + 1;
        }
    }
}
