package io.tandem.waf;

import java.util.Objects;

/**
 * Where and why a rule matched, for the attack log: the category ({@code sqli}, {@code protocol},
 * ...), severity, location and argument name, and a bounded, escaped excerpt of the offending
 * value. Every string here is already safe to log.
 *
 * @param category rule category
 * @param severity how bad
 * @param location where the value was ({@code null} for request-level checks such as IP lists)
 * @param name     argument, cookie or header name; empty when not applicable
 * @param detail   what was recognized ({@code sqli union after ' [sUEn]})
 * @param excerpt  escaped excerpt of the value, at most a few hundred characters
 */
public record Match(String category, Severity severity, Location location, String name, String detail, String excerpt) {

    /** No details (verdicts built by code that predates matches). */
    public static final Match NONE = new Match("", Severity.LOW, null, "", "", "");

    public Match {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(excerpt, "excerpt");
    }

    /** {@code query:id}, {@code header:user-agent}, {@code request}. */
    public String where() {
        if (location == null) {
            return "request";
        }
        return name.isEmpty() ? location.label() : location.label() + ":" + name;
    }
}
