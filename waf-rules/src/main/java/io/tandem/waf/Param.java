package io.tandem.waf;

import java.util.Objects;

/**
 * One named value parsed from a request: a query or form argument, a flattened JSON field
 * ({@code user.roles[0]}), an XML text or attribute, a multipart field, a cookie, a header.
 *
 * @param location where it came from
 * @param name     the argument, cookie, header (lower case) or JSON path name
 * @param value    the value after the protocol-level decoding (percent-decoding for query and form)
 */
public record Param(Location location, String name, String value) {

    public Param {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
