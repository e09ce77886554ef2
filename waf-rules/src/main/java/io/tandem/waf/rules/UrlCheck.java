package io.tandem.waf.rules;

import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import io.tandem.waf.parse.Excerpts;
import java.util.function.Predicate;

/** Whether the request's host and normalized path match (FortiWeb URL access rule condition). */
public final class UrlCheck implements Check {

    private final TextMatcher host;
    private final TextMatcher path;

    /** Either may be {@code null} (any host / any path), not both. */
    public UrlCheck(TextMatcher host, TextMatcher path) {
        if (host == null && path == null) {
            throw new IllegalArgumentException("host and path: both missing (expected: at least one)");
        }
        this.host = host;
        this.path = path;
    }

    public boolean matches(RequestView request) {
        return (host == null || host.matches(RuleException.hostOf(request)))
                && (path == null || path.matches(request.normalizedPath()));
    }

    @Override
    public Finding find(RequestView request, Predicate<Target> excluded) {
        return matches(request)
                ? new Finding(Location.PATH, "", "URL access rule " + this, Excerpts.escape(request.normalizedPath(), 96))
                : null;
    }

    @Override
    public String toString() {
        return (host == null ? "" : "host " + host + " ") + (path == null ? "" : "path " + path);
    }
}
