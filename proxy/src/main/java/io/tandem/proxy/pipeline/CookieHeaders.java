package io.tandem.proxy.pipeline;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes Tandem's own cookie out of the request's {@code Cookie} headers, so the backend never sees
 * it, and leaves the application's cookies byte for byte as they were.
 */
final class CookieHeaders {

    /** Bounds the work on hostile input: more cookie pairs than this are not searched. */
    private static final int MAX_PAIRS = 200;

    private CookieHeaders() {
    }

    /**
     * Removes every {@code name=value} pair called {@code name} from the request's Cookie headers and
     * returns the first one's value, or {@code null} if there was none.
     */
    static String removeCookie(HeaderMap headers, String name) {
        HeaderValues values = headers.get(Headers.COOKIE);
        if (values == null) {
            return null;
        }
        String found = null;
        List<String> kept = new ArrayList<>(values.size());
        boolean changed = false;
        int pairs = 0;
        for (String header : values) {
            StringBuilder rest = new StringBuilder(header.length());
            int start = 0;
            while (start <= header.length()) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = header.length();
                }
                String pair = header.substring(start, end);
                String trimmed = pair.strip();
                if (++pairs <= MAX_PAIRS && isNamed(trimmed, name)) {
                    if (found == null) {
                        found = trimmed.substring(name.length() + 1).strip();
                    }
                    changed = true;
                } else if (!trimmed.isEmpty()) {
                    if (rest.length() > 0) {
                        rest.append("; ");
                    }
                    rest.append(trimmed);
                }
                start = end + 1;
            }
            if (rest.length() > 0) {
                kept.add(rest.toString());
            }
        }
        if (changed) {
            headers.remove(Headers.COOKIE);
            if (!kept.isEmpty()) {
                headers.addAll(Headers.COOKIE, kept);
            }
        }
        return found;
    }

    private static boolean isNamed(String pair, String name) {
        return pair.length() > name.length() && pair.charAt(name.length()) == '=' && pair.startsWith(name);
    }
}
