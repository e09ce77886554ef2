package io.tandem.proxy.admin;

import java.util.Locale;

/**
 * What a bearer token may do on the admin API. {@link #READ_ONLY} may call every {@code GET} route;
 * {@link #ADMIN} may also call the routes that change something ({@code POST}, {@code PUT},
 * {@code DELETE}).
 */
public enum AdminRole {
    READ_ONLY("read-only"),
    ADMIN("admin");

    private final String label;

    AdminRole(String label) {
        this.label = label;
    }

    /** The name used in the configuration and in the API: {@code read-only} or {@code admin}. */
    public String label() {
        return label;
    }

    /** Whether a token of this role may call a route that needs {@code required}. */
    public boolean covers(AdminRole required) {
        return this == ADMIN || required == READ_ONLY;
    }

    /**
     * Parses a configuration value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static AdminRole parse(String value) {
        if (value != null) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            for (AdminRole role : values()) {
                if (role.label.equals(v)) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role: " + (value == null ? "(missing)" : "'" + value + "'")
                + " (expected: read-only or admin)");
    }

    @Override
    public String toString() {
        return label;
    }
}
