package io.tandem.config;

import java.util.regex.Pattern;

/**
 * How a YAML value appears in a {@link ConfigProblem}: as written, on one line, at most
 * {@value #MAX_SHOWN} characters. Problems end up in logs and terminals, so this is the one place
 * that decides what may leak: a value under a key whose name suggests a secret is never shown,
 * and the user info of URLs ({@code http://user:password@host}) is masked wherever it appears.
 */
final class ShownValue {

    private static final String EMPTY = "(empty)";
    private static final String HIDDEN = "(hidden)";

    private static final int MAX_SHOWN = 80;
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|passphrase|token|hash).*");
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/?#@\\s]*@");

    private ShownValue() {
    }

    /** @param key the key the value sits under (for a list item, the list's key) */
    static String of(String key, YamlNode node) {
        if (node instanceof YamlNode.Empty) {
            return EMPTY;
        }
        if (node instanceof YamlNode.Mapping) {
            return "(a mapping)";
        }
        if (node instanceof YamlNode.Sequence sequence) {
            return sequence.items().isEmpty() ? "(empty list)" : "(a list)";
        }
        if (SECRET_KEY.matcher(key).matches()) {
            return HIDDEN;
        }
        String text = ((YamlNode.Scalar) node).text();
        if (text.isEmpty()) {
            return "\"\"";
        }
        String value = oneLine(URL_USER_INFO.matcher(text).replaceAll("//***@"));
        return value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN - 3) + "...";
    }

    /** Keeps one problem on one line whatever the YAML held (block scalars, control characters). */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
