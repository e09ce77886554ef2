package io.tandem.waf;

/**
 * Bits for the characters present in a value ({@link Target#features()}), so a detector can skip
 * a value that cannot contain its attack (a SQL injection needs a quote, a parenthesis, a space or
 * an operator; a plain token such as {@code blue-shirt} has none). One scan per value.
 */
public final class Features {

    public static final int QUOTE = 1;          // ' " `
    public static final int PAREN = 1 << 1;     // ( )
    public static final int LT = 1 << 2;        // <
    public static final int GT = 1 << 3;        // >
    public static final int SLASH = 1 << 4;     // /
    public static final int BACKSLASH = 1 << 5; // \
    public static final int SEMICOLON = 1 << 6; // ;
    public static final int PIPE = 1 << 7;      // |
    public static final int AMP = 1 << 8;       // &
    public static final int DOLLAR = 1 << 9;    // $
    public static final int BRACE = 1 << 10;    // { }
    public static final int SPACE = 1 << 11;    // whitespace
    public static final int PERCENT = 1 << 12;  // %
    public static final int COLON = 1 << 13;    // :
    public static final int EQUALS = 1 << 14;   // =
    public static final int HASH = 1 << 15;     // #
    public static final int AT = 1 << 16;       // @
    public static final int BRACKET = 1 << 17;  // [ ]
    public static final int STAR = 1 << 18;     // *
    public static final int NEWLINE = 1 << 19;  // \r \n
    public static final int DOT = 1 << 20;      // .
    public static final int DASH = 1 << 21;     // -
    public static final int NON_ASCII = 1 << 22;
    public static final int PLUS = 1 << 23;     // +
    public static final int QUESTION = 1 << 24; // ?
    public static final int UNDERSCORE = 1 << 25;
    public static final int CONTROL = 1 << 26;  // other control characters
    public static final int COMMA = 1 << 27;    // ,
    public static final int TILDE_CARET = 1 << 28; // ~ ^ !
    /** Whitespace other than the plain space and line breaks: tab, vertical tab, form feed. */
    public static final int TAB = 1 << 29;

    private Features() {
    }

    /** Bits of the ASCII characters, so that {@link #of(String)} costs one table load per character. */
    private static final int[] ASCII = new int[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = of(c);
        }
    }

    public static int of(String s) {
        int f = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            f |= c < 128 ? ASCII[c] : of(c);
        }
        return f;
    }

    private static int of(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return 0;
        }
        return switch (c) {
            case '\'', '"', '`' -> QUOTE;
            case '(', ')' -> PAREN;
            case '<' -> LT;
            case '>' -> GT;
            case '/' -> SLASH;
            case '\\' -> BACKSLASH;
            case ';' -> SEMICOLON;
            case '|' -> PIPE;
            case '&' -> AMP;
            case '$' -> DOLLAR;
            case '{', '}' -> BRACE;
            case ' ' -> SPACE;
            case '\t', '\u000b', '\f' -> SPACE | TAB;
            case '%' -> PERCENT;
            case ':' -> COLON;
            case '=' -> EQUALS;
            case '#' -> HASH;
            case '@' -> AT;
            case '[', ']' -> BRACKET;
            case '*' -> STAR;
            case '\r', '\n' -> NEWLINE | SPACE;
            case '.' -> DOT;
            case '-' -> DASH;
            case '+' -> PLUS;
            case '?' -> QUESTION;
            case '_' -> UNDERSCORE;
            case ',' -> COMMA;
            case '~', '^', '!' -> TILDE_CARET;
            default -> c < 0x20 || c == 0x7f ? CONTROL | SPACE : c >= 0x80 ? NON_ASCII : 0;
        };
    }
}
