package io.tandem.waf.parse;

/**
 * RFC 9110 tokens (method names, header names, media types and parameter names): visible ASCII
 * but the separators. One table, looked up once per character, for every check that needs it.
 */
public final class HttpToken {

    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = '!'; c < 0x7f; c++) {
            TOKEN_CHARS[c] = "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }

    private HttpToken() {
    }

    /** Whether {@code c} may appear in a token. */
    public static boolean isTokenChar(char c) {
        return c < 0x80 && TOKEN_CHARS[c];
    }

    /** Whether {@code s} is a non-empty token. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
