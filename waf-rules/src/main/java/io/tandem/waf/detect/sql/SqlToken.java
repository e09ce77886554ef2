package io.tandem.waf.detect.sql;

/**
 * One SQL token, before or after folding. The type is one character so that a token sequence
 * reads as a short fingerprint ({@code s&sos} for {@code ' or 'a'='a}):
 *
 * <pre>
 *  s string     n number/literal   v variable (@x, @@x)   b bareword/identifier
 *  F call of a known SQL function  f call of another name  Q parenthesized sub-query
 *  k clause keyword (from, order by, limit ...)   E statement start (select, drop table ...)
 *  U union      &amp; and/or/xor/&amp;&amp;/||   ! not   o operator   c comment
 *  ( ) , ; .    x anything else (breaks every pattern)
 * </pre>
 *
 * @param type  the token type
 * @param text  the lower-cased word or operator ({@code ""} for strings and comments)
 * @param flags {@code FLAG_*} bits, aggregated over folded sub-expressions
 * @param start index of the first character in the inspected value
 * @param end   index after the last character
 */
record SqlToken(char type, String text, int flags, int start, int end) {

    /** An unterminated string (runs to the end of the value). */
    static final int OPEN = 1;
    /** A comparison (=, <, like, in, is, between ...) inside. */
    static final int CMP = 1 << 1;
    /** A call of a known SQL function inside. */
    static final int CALL = 1 << 2;
    /** A dangerous function (time delay, file access, error-based extraction, command execution). */
    static final int DANGER = 1 << 3;
    /** A sub-query inside. */
    static final int SUBQUERY = 1 << 4;
    /** A system variable (@@version) or niladic SQL function (current_user). */
    static final int SYSVAR = 1 << 5;
    /** A comment that cleanly ends a statement ("-- ", "#" at the end, block comment). */
    static final int CLEAN = 1 << 6;
    /** A union inside a group. */
    static final int UNION = 1 << 7;
    /** A group whose content is not a valid expression. */
    static final int GARBAGE = 1 << 8;
    /** A comparison written with a symbol (=, <, >, <>, ...), not a word (like, is). */
    static final int SYMBOLIC = 1 << 9;
    /** A group with a literal, variable, call or operator inside (not just barewords). */
    static final int LITERAL = 1 << 10;
    /** A '#' comment (MySQL), which prose uses too. */
    static final int HASH = 1 << 11;
    /** A string delimited by double quotes. */
    static final int DOUBLE_QUOTED = 1 << 12;
    /** A bareword that is a statement word the folder did not confirm ({@code drop members}). */
    static final int STATEMENT_WORD = 1 << 13;
    /** A statement the folder confirmed (inside a group: the group runs a statement). */
    static final int STATEMENT = 1 << 14;
    /** A call written with its '(' right after the name ({@code sleep(5)}, not {@code sleep (5)}). */
    static final int GLUED = 1 << 15;

    SqlToken with(char newType, int extraFlags, int newEnd) {
        return new SqlToken(newType, text, flags | extraFlags, start, newEnd);
    }

    boolean is(char t) {
        return type == t;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    boolean isOperand() {
        return type == 's' || type == 'n' || type == 'v' || type == 'b' || type == 'F' || type == 'f' || type == 'Q';
    }

    @Override
    public String toString() {
        return type + (text.isEmpty() ? "" : "'" + text + "'");
    }
}
