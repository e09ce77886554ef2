package io.tandem.waf.detect;

import io.tandem.waf.Location;
import io.tandem.waf.Target;
import java.util.Locale;
import java.util.Set;

/**
 * Session fixation: a session identifier of a common framework passed as a URL parameter
 * ({@code ?PHPSESSID=...}, {@code ?jsessionid=...}), which is how a victim is handed an
 * attacker-chosen session; and markup that sets a cookie.
 */
public final class SessionFixationDetector implements Detector {

    private static final Set<String> NAMES = Set.of("jsessionid", "phpsessid", "aspsessionid", "asp.net_sessionid",
            "cfid", "cftoken", "cookiesession1");

    @Override
    public String name() {
        return "session-fixation";
    }

    @Override
    public Detection detect(Target target) {
        if (target.location() == Location.QUERY_ARG_NAME) {
            String name = target.value().toLowerCase(Locale.ROOT);
            if (NAMES.contains(name) || name.startsWith("aspsessionid")) {
                return new Detection("session id in URL parameter " + name, io.tandem.waf.parse.Excerpts.escape(name, 64));
            }
        }
        if (target.location().isArgValue()) {
            String lower = target.lower();
            int meta = lower.indexOf("http-equiv");
            if (meta >= 0 && lower.indexOf("set-cookie", meta) > 0) {
                return Detection.at(lower, meta, meta + 10, "session cookie set by markup");
            }
        }
        return null;
    }
}
