package io.tandem.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the configuration: a non-negative integer and a unit, {@code 500ms},
 * {@code 30s}, {@code 20m}, {@code 8h}, {@code 1d}; a bare integer is seconds. No fractions, signs,
 * spaces or compound forms ({@code 1h30m}): one obvious spelling per value keeps files greppable.
 */
final class Durations {

    /** Expectation used when the text is not a duration at all. */
    static final String SYNTAX = "units ms, s, m, h, d";

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with {@link #SYNTAX} as message if {@code text} is not a
     *                                  duration or does not fit in a {@link Duration} of millis
     */
    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(SYNTAX);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millisPerUnit = switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> throw new IllegalStateException(unit);
        };
        try {
            return Duration.ofMillis(Math.multiplyExact(amount, millisPerUnit));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(SYNTAX, e);
        }
    }

    /** The shortest spelling {@link #parse} reads back to the same value (sub-millisecond parts dropped). */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
