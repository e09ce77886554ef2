package io.tandem.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes and lengths as written in the configuration: a non-negative integer, optionally followed
 * by {@code KiB} (1024), {@code MiB} or {@code GiB}; a bare integer counts bytes (or characters,
 * for lengths). Only binary units, spelled exactly: {@code 64KiB}, {@code 1MiB}, {@code 8192}.
 * No fractions, spaces, {@code KB} or {@code k}: one obvious spelling per value, as for durations.
 */
final class Sizes {

    /** Expectation used when the text is not a size at all. */
    static final String SYNTAX = "units KiB, MiB, GiB";

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,18})(KiB|MiB|GiB)?");

    private Sizes() {
    }

    /**
     * @throws IllegalArgumentException with {@link #SYNTAX} as message if {@code text} is not a size
     *                                  or does not fit in a {@code long}
     */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(SYNTAX);
        }
        long amount = Long.parseLong(m.group(1));
        int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> throw new IllegalStateException(m.group(2));
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(SYNTAX);
        }
        return amount << shift;
    }

    /** The shortest spelling {@link #parse} reads back to the same value: {@code 64KiB}, {@code 1MiB}, {@code 1000}. */
    static String format(long size) {
        if (size != 0) {
            if (size % (1L << 30) == 0) {
                return (size >> 30) + "GiB";
            }
            if (size % (1L << 20) == 0) {
                return (size >> 20) + "MiB";
            }
            if (size % (1L << 10) == 0) {
                return (size >> 10) + "KiB";
            }
        }
        return Long.toString(size);
    }
}
