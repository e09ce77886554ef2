package io.tandem.waf.rules;

import io.tandem.waf.Location;
import java.util.Objects;

/**
 * What a {@link Check} found: where (location and name; {@code null} location for request-level
 * checks) and why, with an escaped excerpt.
 */
public record Finding(Location location, String name, String detail, String excerpt) {

    public Finding {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(excerpt, "excerpt");
    }

    public static Finding request(String detail, String excerpt) {
        return new Finding(null, "", detail, excerpt);
    }
}
