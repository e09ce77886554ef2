package io.tandem.waf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated test tables in {@code src/test/resources/io/tandem/waf}: one row per
 * line, {@code #} starts a comment line, cells may use the escapes {@code \\t \\n \\r \\\\ \\xHH \\uHHHH}.
 */
final class Tables {

    /** One row with its line number, for failure messages. */
    record Row(String file, int line, List<String> cells) {
        String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }

        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    private Tables() {
    }

    static List<Row> read(String name, int columns) {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = Tables.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test table " + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] raw = line.split("\t", -1);
                if (raw.length < columns) {
                    throw new IllegalStateException(name + ":" + number + ": " + raw.length + " cells (expected: " + columns + ")");
                }
                List<String> cells = new ArrayList<>();
                for (String c : raw) {
                    cells.add(unescape(c));
                }
                rows.add(new Row(name, number, cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                case 'x' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append('\\').append(e);
            }
        }
        return out.toString();
    }
}
