package io.tandem.waf.parse;

import io.tandem.waf.Location;
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
        int start = 0;
        while (start <= n) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                String pair = raw.substring(start, end);
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                String name = UrlDecode.decode(rawName, true, ctx.listener(where));
                String value = UrlDecode.decode(rawValue, true, ctx.listener(where));
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
