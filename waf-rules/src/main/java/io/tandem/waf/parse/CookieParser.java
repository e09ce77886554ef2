package io.tandem.waf.parse;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.Param;
import java.util.List;

/**
 * Parses Cookie header values ({@code a=1; b=2}) into cookies and cookie names. Values are kept
 * as sent (no percent-decoding: applications differ, the transforms decode for matching).
 */
public final class CookieParser {

    private CookieParser() {
    }

    public static void parse(List<String> headerValues, ParseContext ctx) {
        int count = 0;
        for (String header : headerValues) {
            for (String piece : header.split(";", -1)) {
                String pair = piece.trim();
                if (pair.isEmpty()) {
                    continue;
                }
                if (count >= ctx.limits().maxCookies()) {
                    ctx.anomaly(Anomaly.Kind.TOO_MANY_COOKIES, "cookie", "more than " + ctx.limits().maxCookies());
                    return;
                }
                count++;
                int eq = pair.indexOf('=');
                String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
                String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                name = cap(name, ctx.limits().maxArgNameLength());
                value = cap(value, ctx.limits().maxArgValueLength());
                ctx.add(new Param(Location.COOKIE, name, value));
                if (!name.isEmpty()) {
                    ctx.add(new Param(Location.COOKIE_NAME, name, name));
                }
            }
        }
    }

    private static String cap(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
