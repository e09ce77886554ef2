package io.tandem.waf;

import java.util.Locale;

/** How bad a match is; shown in the attack log and usable for filtering alerts. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** {@code low}, {@code medium}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code low|medium|high|critical}, any case. */
    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity: " + text + " (expected: low, medium, high or critical)");
    }
}
