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
            // Pairs are cut out of the header by position, trimmed of spaces and controls, with one
            // copy each for name and value. The first '=' at or after a pair's start is kept until
            // a later pair starts past it, so that pairs without '=' do not each scan to a distant one.
            int n = header.length();
            int nextEq = -1;
            int start = 0;
            while (start <= n) {
                int semicolon = header.indexOf(';', start);
                int end = semicolon < 0 ? n : semicolon;
                int from = start;
                int to = end;
                while (from < to && header.charAt(from) <= ' ') {
                    from++;
                }
                while (to > from && header.charAt(to - 1) <= ' ') {
                    to--;
                }
                if (from < to) {
                    if (count >= ctx.limits().maxCookies()) {
                        ctx.anomaly(Anomaly.Kind.TOO_MANY_COOKIES, "cookie", "more than " + ctx.limits().maxCookies());
                        return;
                    }
                    count++;
                    if (nextEq < from) {
                        nextEq = header.indexOf('=', from);
                        if (nextEq < 0) {
                            nextEq = n;
                        }
                    }
                    boolean hasValue = nextEq < to;
                    int nameEnd = hasValue ? nextEq : to;
                    while (nameEnd > from && header.charAt(nameEnd - 1) <= ' ') {
                        nameEnd--;
                    }
                    String name = cap(header.substring(from, nameEnd), ctx.limits().maxArgNameLength());
                    String value = "";
                    if (hasValue) {
                        int valueStart = nextEq + 1;
                        int valueEnd = to;
                        while (valueStart < valueEnd && header.charAt(valueStart) <= ' ') {
                            valueStart++;
                        }
                        if (valueEnd - valueStart >= 2 && header.charAt(valueStart) == '"' && header.charAt(valueEnd - 1) == '"') {
                            valueStart++;
                            valueEnd--;
                        }
                        value = cap(header.substring(valueStart, valueEnd), ctx.limits().maxArgValueLength());
                    }
                    ctx.add(new Param(Location.COOKIE, name, value));
                    if (!name.isEmpty()) {
                        ctx.add(new Param(Location.COOKIE_NAME, name, name));
                    }
                }
                if (semicolon < 0) {
                    break;
                }
                start = semicolon + 1;
            }
        }
    }

    private static String cap(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
