package io.tandem.proxy.admin;

/** Making client-supplied text safe to echo in a problem detail or a log line: bounded, one line. */
final class Texts {

    private Texts() {
    }

    /** At most {@code max} characters, control characters replaced by {@code ?}. */
    static String bounded(String value, int max) {
        if (value == null) {
            return "";
        }
        String cut = value.length() <= max ? value : value.substring(0, max) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }

    /** {@code 'value'}, bounded to 64 characters. */
    static String quote(String value) {
        return value == null ? "(missing)" : "'" + bounded(value, 64) + "'";
    }
}
