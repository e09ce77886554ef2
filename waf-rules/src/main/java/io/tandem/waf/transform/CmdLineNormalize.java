package io.tandem.waf.transform;

import java.util.Locale;

/**
 * Undoes the shell's own obfuscation tricks so that {@code c'a't /e\\tc/pa""sswd},
 * {@code cat$IFS/etc/passwd} and {@code ca${x}t} read as {@code cat /etc/passwd}: drops quotes,
 * backslashes and carets (cmd.exe escape), replaces {@code $IFS}/{@code ${IFS}} (with an optional
 * {@code $9}-style positional suffix) by a space, removes empty-looking expansions
 * ({@code $@}, {@code $*}, {@code ${x}} of one short name), compresses whitespace and lower-cases.
 * Output never longer than the input.
 */
public final class CmdLineNormalize implements Transform {

    public static final CmdLineNormalize INSTANCE = new CmdLineNormalize();

    private CmdLineNormalize() {
    }

    @Override
    public String apply(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"' || c == '\\' || c == '^') {
                i++;
                continue;
            }
            if (c == '$') {
                int skip = expansion(s, i);
                if (skip > 0) {
                    boolean ifs = s.regionMatches(true, i + 1, "IFS", 0, 3) || s.regionMatches(true, i + 1, "{IFS}", 0, 5);
                    if (ifs) {
                        out.append(' ');
                    }
                    i += skip;
                    continue;
                }
            }
            out.append(WhitespaceCompress.isSpace(c) ? ' ' : c);
            i++;
        }
        return WhitespaceCompress.INSTANCE.apply(out.toString()).toLowerCase(Locale.ROOT);
    }

    /** Length of a shell expansion that adds no visible characters at {@code s[i] == '$'}, or 0. */
    private static int expansion(String s, int i) {
        int n = s.length();
        if (i + 1 >= n) {
            return 0;
        }
        char next = s.charAt(i + 1);
        if (next == '@' || next == '*') {
            return 2;
        }
        if (s.regionMatches(true, i + 1, "IFS", 0, 3)) {
            int j = i + 4;
            if (j + 1 < n && s.charAt(j) == '$' && Character.isDigit(s.charAt(j + 1))) {
                j += 2;
            }
            return j - i;
        }
        if (next == '{') {
            int close = s.indexOf('}', i + 2);
            if (close > i + 2 && close - i <= 12) {
                for (int k = i + 2; k < close; k++) {
                    char c = s.charAt(k);
                    if (!Character.isLetterOrDigit(c) && c != '_') {
                        return 0;
                    }
                }
                int j = close + 1;
                if (j + 1 < n && s.charAt(j) == '$' && Character.isDigit(s.charAt(j + 1))) {
                    j += 2;
                }
                return j - i;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "cmdline";
    }
}
