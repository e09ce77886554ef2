package io.tandem.proxy.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with left-aligned columns two spaces apart, as {@code ps} or {@code kubectl get} print. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    TextTable row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("cells: " + cells.length + " (expected: " + columns + ")");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toArray(String[]::new));
        return this;
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** {@code 3d04h}, {@code 2h05m}, {@code 5m03s}, {@code 42s}. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        if (s >= 86_400) {
            return String.format("%dd%02dh", s / 86_400, s % 86_400 / 3600);
        }
        if (s >= 3600) {
            return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    /** An ISO-8601 instant to the second, {@code 2026-11-21T10:35:46Z}; {@code -} for none. */
    static String instant(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "-";
        }
        int dot = iso.indexOf('.');
        return dot > 0 && iso.endsWith("Z") ? iso.substring(0, dot) + "Z" : iso;
    }

    /** The first 12 characters of a digest or fingerprint: enough to compare two members by eye. */
    static String shortDigest(String digest) {
        return digest == null || digest.isEmpty() ? "-" : digest.length() <= 12 ? digest : digest.substring(0, 12);
    }
}
