package io.tandem.waf.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tandem.waf.Features;
import io.tandem.waf.Location;
import io.tandem.waf.Target;
import java.util.Locale;

/**
 * Response splitting, header injection and request smuggling through values, and the same trick
 * against mail servers: a line break (CR, LF, or a Unicode character whose low byte is CR/LF,
 * which some stacks truncate to it) followed by a response-relevant header, a request or status
 * line, markup, or an SMTP/IMAP/POP command. A line break in an argument name or in the path is
 * enough on its own: neither has a legitimate one. A request line inside a value is smuggling
 * even without a line break.
 */
public final class HttpSplittingDetector implements Detector {

    private static final Pattern AFTER_BREAK = Pattern.compile(
            "^[\\s]*(?:(?:set-cookie|set-cookie2|location|content-length|content-type|content-disposition|transfer-encoding"
            + "|refresh|x-xss-protection|access-control-[a-z-]+|content-security-policy|x-frame-options|host|cookie"
            + "|x-forwarded-[a-z-]+|remote-addr|connection|cache-control|link|www-authenticate|authorization|referer"
            + "|user-agent|x-real-ip|http_[a-z_]+|last-modified|expires|etag|status)\\s*:"
            + "|(?:get|post|head|put|delete|options|trace|connect|patch|propfind|move|copy)\\s+\\S+"
            + "|http/\\d|<\\s*(?:html|meta|script|body|head)"
            + "|(?:rcpt\\s+to|mail\\s+from|helo|ehlo|data|quit|vrfy|expn|rset|auth\\s+\\w+|starttls)(?:\\s|:|$)"
            + "|[a-z0-9]{1,10}\\s+(?:capability|login|fetch|select|examine|list|logout|uid|store|copy|append|authenticate)\\b"
            + "|(?:user|pass|retr|dele|stat|top)\\s+\\S)");
    private static final Pattern REQUEST_LINE = Pattern.compile(
            "(?:^|\\s)(?:get|post|head|put|delete|options|trace|connect|patch)\\s+(?:/|https?://)\\S*\\s+http/\\d");

    @Override
    public String name() {
        return "http-splitting";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.NEWLINE | Features.NON_ASCII | Features.SPACE;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String v = target.urlDecoded();
        int n = v.length();
        boolean nameOrPath = target.location().isArgName() || target.location() == Location.PATH
                || target.location() == Location.COOKIE_NAME;
        // a line break is \r, \n or a wide character ending in 0a or 0d: none without these features
        boolean breaks = target.hasAny(Features.NEWLINE | Features.NON_ASCII);
        for (int i = 0; breaks && i < n; i++) {
            char c = v.charAt(i);
            boolean lineBreak = c == '\r' || c == '\n' || (c > 0xff && ((c & 0xff) == 0x0a || (c & 0xff) == 0x0d));
            if (!lineBreak) {
                continue;
            }
            if (nameOrPath) {
                return Detection.at(v, i, i + 1, "http-splitting line break in " + target.location().label());
            }
            int j = i + 1;
            while (j < n && (v.charAt(j) == '\r' || v.charAt(j) == '\n' || v.charAt(j) == '%')) {
                j++;
            }
            String rest = v.substring(j, Math.min(n, j + 200)).toLowerCase(Locale.ROOT);
            Matcher m = AFTER_BREAK.matcher(rest);
            if (m.find()) {
                return Detection.at(v, i, j + m.end(), "http-splitting line break followed by " + kind(rest));
            }
            i = j - 1;
        }
        String lower = n > 12 ? target.urlLower() : ""; // the shared lower-case copy of v
        if (target.hasAny(Features.SLASH) && lower.contains(" http/")) {
            Matcher m = REQUEST_LINE.matcher(lower);
            if (m.find()) {
                return Detection.at(v, m.start(), m.end(), "http-splitting request line in a value");
            }
        }
        return null;
    }

    private static String kind(String rest) {
        String r = rest.trim();
        if (r.startsWith("http/")) {
            return "a status line";
        }
        if (r.startsWith("<")) {
            return "markup";
        }
        return r.contains(":") && r.indexOf(':') < 40 && r.indexOf(' ') > r.indexOf(':') ? "a header" : "a command or request line";
    }
}
