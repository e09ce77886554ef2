package io.tandem.waf.detect.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a value into SQL tokens as if it were inserted into a query in one of three contexts:
 * unquoted (a number or an expression), or inside a single- or double-quoted literal, in which
 * case the first token is the rest of that literal. One pass, at most {@code maxTokens} tokens,
 * linear in the input length. MySQL executable comments ({@code /*!50000select*\/}) are read as
 * code; other comments become {@code c} tokens.
 */
final class SqlTokenizer {

    private static final String[] OPERATORS = {"<=>", "->>", "<<", ">>", "<=", ">=", "<>", "!=", "!<", "!>", "||",
        "&&", "::", ":=", "->", "=", "<", ">", "+", "-", "*", "/", "%", "^", "|", "&", "~", "!"};

    private final String s;
    private final int n;
    private final int maxTokens;
    private final int maxWords;
    private final List<SqlToken> out;
    private int pos;
    private int words;
    private int executableComments;

    private SqlTokenizer(String s, int maxTokens, int maxWords) {
        this.s = s;
        this.n = s.length();
        this.maxTokens = maxTokens;
        this.maxWords = maxWords;
        // about a token or two per word: sized for the usual count, so that it rarely grows and is never oversized
        this.out = new ArrayList<>(Math.min(Math.min(maxTokens, 2 * maxWords + 8), 8 + n / 4));
    }

    /**
     * @param quote {@code 0} for the unquoted context, or the quote character whose literal the
     *              value continues
     */
    static List<SqlToken> tokenize(String s, char quote, int maxTokens) {
        return tokenize(s, quote, maxTokens, maxTokens);
    }

    /**
     * As {@link #tokenize(String, char, int)}, stopping also after {@code maxWords} words
     * (keywords, names and barewords; numbers, operators and punctuation do not count).
     */
    static List<SqlToken> tokenize(String s, char quote, int maxTokens, int maxWords) {
        SqlTokenizer t = new SqlTokenizer(s, maxTokens, maxWords);
        if (quote != 0) {
            t.string(quote, 0);
        }
        t.run();
        return t.out;
    }

    private void run() {
        while (pos < n && out.size() < maxTokens && words < maxWords) {
            char c = s.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '/' && at(pos + 1) == '*') {
                blockComment();
            } else if (c == '*' && at(pos + 1) == '/' && executableComments > 0) {
                executableComments--;
                pos += 2;
            } else if (c == '-' && at(pos + 1) == '-') {
                lineComment(pos + 2, isSpace(at(pos + 2)) || pos + 2 >= n || at(pos + 2) == '-');
                SqlToken dash = out.remove(out.size() - 1);
                out.add(new SqlToken('c', "--", dash.flags(), dash.start(), dash.end()));
            } else if (c == '#') {
                lineComment(pos + 1, restOfLineBlank(pos + 1));
                SqlToken hash = out.remove(out.size() - 1);
                out.add(new SqlToken('c', "#", hash.flags() | SqlToken.HASH, hash.start(), hash.end()));
            } else if (c == '\'' || c == '"') {
                string(c, pos + 1);
            } else if (c == '`') {
                quotedIdentifier('`', pos);
            } else if (c == '[' && bracketIdentifier()) {
                quotedIdentifier(']', pos);
            } else if (isDigit(c) || (c == '.' && isDigit(at(pos + 1)))) {
                number();
            } else if (c == '@') {
                variable();
            } else if (c == '$' && dollarQuote()) {
                continue;
            } else if (isIdentStart(c)) {
                word();
            } else if (c == '\\' && at(pos + 1) == 'N') {
                add('n', "null", 0, pos, pos + 2);
                pos += 2;
            } else if ("(),;.".indexOf(c) >= 0) {
                add(c, String.valueOf(c), 0, pos, pos + 1);
                pos++;
            } else {
                operator();
            }
        }
    }

    private void string(char quote, int from) {
        int i = from;
        StringBuilder text = new StringBuilder();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                text.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < n && s.charAt(i + 1) == quote) {
                    text.append(c);
                    i += 2;
                    continue;
                }
                add('s', cap(text), quote == '"' ? SqlToken.DOUBLE_QUOTED : 0, Math.max(0, from - 1), i + 1);
                pos = i + 1;
                return;
            }
            text.append(c);
            i++;
        }
        add('s', cap(text), SqlToken.OPEN | (quote == '"' ? SqlToken.DOUBLE_QUOTED : 0), Math.max(0, from - 1), n);
        pos = n;
    }

    private static String cap(StringBuilder text) {
        return text.length() > 64 ? text.substring(0, 64) : text.toString();
    }

    private void quotedIdentifier(char close, int from) {
        int end = s.indexOf(close, from + 1);
        int stop = end < 0 ? n : end + 1;
        add('b', s.substring(from + 1, end < 0 ? n : end).toLowerCase(Locale.ROOT), 0, from, stop);
        pos = stop;
    }

    private boolean bracketIdentifier() {
        for (int i = pos + 1; i < n && i < pos + 130; i++) {
            char c = s.charAt(i);
            if (c == ']') {
                return i > pos + 1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == ' ' || c == '$')) {
                return false;
            }
        }
        return false;
    }

    /** PostgreSQL dollar quoting: {@code $$text$$} or {@code $tag$text$tag$}. */
    private boolean dollarQuote() {
        int close = s.indexOf('$', pos + 1);
        if (close < 0 || close - pos > 32) {
            return false;
        }
        for (int k = pos + 1; k < close; k++) {
            if (!isIdentPart(s.charAt(k)) || s.charAt(k) == '$') {
                return false;
            }
        }
        String tag = s.substring(pos, close + 1);
        int end = s.indexOf(tag, close + 1);
        int stop = end < 0 ? n : end + tag.length();
        add('s', s.substring(close + 1, end < 0 ? n : end), end < 0 ? SqlToken.OPEN : 0, pos, stop);
        pos = stop;
        return true;
    }

    private void blockComment() {
        int start = pos;
        if (at(pos + 2) == '!') {
            int i = pos + 3;
            while (i < n && isDigit(s.charAt(i)) && i - pos < 9) {
                i++;
            }
            executableComments++;
            pos = i;
            return;
        }
        int end = s.indexOf("*/", pos + 2);
        pos = end < 0 ? n : end + 2;
        add('c', "", SqlToken.CLEAN, start, pos);
    }

    private void lineComment(int from, boolean clean) {
        int nl = s.indexOf('\n', from);
        int end = nl < 0 ? n : nl;
        add('c', "", clean ? SqlToken.CLEAN : 0, from, end);
        pos = end;
    }

    private boolean restOfLineBlank(int from) {
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (!isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    private void number() {
        int start = pos;
        int i = pos;
        if (at(i) == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X') && isHex(at(i + 2))) {
            i += 2;
            while (i < n && isHex(s.charAt(i))) {
                i++;
            }
        } else if (at(i) == '0' && (at(i + 1) == 'b' || at(i + 1) == 'B') && (at(i + 2) == '0' || at(i + 2) == '1')) {
            i += 2;
            while (i < n && (s.charAt(i) == '0' || s.charAt(i) == '1')) {
                i++;
            }
        } else {
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (at(i) == '.') {
                i++;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
            }
            if ((at(i) == 'e' || at(i) == 'E')
                    && (isDigit(at(i + 1)) || ((at(i + 1) == '+' || at(i + 1) == '-') && isDigit(at(i + 2))))) {
                i += 2;
                while (i < n && isDigit(s.charAt(i))) {
                    i++;
                }
            }
        }
        if (i < n && isIdentPart(s.charAt(i))) {
            int j = i;
            while (j < n && isIdentPart(s.charAt(j))) {
                j++;
            }
            String rest = s.substring(i, j).toLowerCase(Locale.ROOT);
            if (rest.length() > 1 && "xdfeb".indexOf(rest.charAt(0)) >= 0 && startsWithKeyword(rest.substring(1))) {
                // "1fUNION", "0xUNION": a numeric suffix glued to a keyword
                add('n', s.substring(start, i + 1), 0, start, i + 1);
                pos = i + 1;
                return;
            }
            if (!startsWithKeyword(rest)) {
                // MySQL identifiers may start with digits: 0_3, 1st, 25false
                add('b', s.substring(start, j).toLowerCase(Locale.ROOT), 0, start, j);
                pos = j;
                return;
            }
        }
        add('n', s.substring(start, i), 0, start, i);
        pos = i;
    }

    private static final String[] GLUED = {"and", "or", "xor", "union", "div", "like", "limit", "order", "group",
        "having", "from", "into", "not", "is", "in", "between", "regexp", "rlike", "select", "procedure", "where"};

    /** Whether letters glued to a number start with a keyword ({@code 1or}, {@code 1union}). */
    private static boolean startsWithKeyword(String rest) {
        for (String k : GLUED) {
            if (rest.startsWith(k) && (rest.length() == k.length() || !Character.isLetter(rest.charAt(k.length())))) {
                return true;
            }
        }
        return false;
    }

    private void variable() {
        int start = pos;
        int i = pos + 1;
        boolean system = at(i) == '@';
        if (system) {
            i++;
        }
        if (at(i) == '`' || at(i) == '\'' || at(i) == '"') {
            char q = at(i);
            int end = s.indexOf(q, i + 1);
            i = end < 0 ? n : end + 1;
        } else {
            while (i < n && (isIdentPart(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
        }
        add('v', s.substring(start, i).toLowerCase(Locale.ROOT), system ? SqlToken.SYSVAR : 0, start, i);
        pos = i;
    }

    private void word() {
        int start = pos;
        int i = pos;
        int hash = 0;
        boolean ascii = true;
        while (i < n) {
            char c = s.charAt(i);
            if (!isIdentPart(c)) {
                break;
            }
            hash = 31 * hash + (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            ascii &= c < 128;
            i++;
        }
        Word word = ascii && i - start <= Word.LONGEST ? Word.of(s, start, i, hash) : Word.make(s, start, i, hash);
        String w = word.text();
        pos = i;
        words++;
        if (nextNonSpace(i) == '(' && SqlVocabulary.isFunction(w)) {
            int flags = SqlToken.CALL | (SqlVocabulary.DANGEROUS_FUNCTIONS.contains(w) ? SqlToken.DANGER : 0)
                    | (at(i) == '(' ? SqlToken.GLUED : 0);
            add('F', w, flags, start, i);
            return;
        }
        char kind = word.kind();
        switch (kind) {
            case 'o' -> add('o', w, SqlVocabulary.COMPARING_WORDS.contains(w) ? SqlToken.CMP : 0, start, i);
            case 'v' -> add('n', w, SqlToken.SYSVAR, start, i);
            case '\0' -> add(nextNonSpace(i) == '(' ? 'f' : 'b', w, 0, start, i);
            default -> add(kind, w, 0, start, i);
        }
    }

    /**
     * The token type of every vocabulary word, so that a word costs one lookup (prose is mostly
     * barewords, which would otherwise miss every set in turn). Earlier sets win, as they would in
     * a chain of tests: {@code U & ! o n v(niladic: n with SYSVAR) E k}.
     */
    private static final java.util.Map<String, Character> KINDS = kinds();

    private static java.util.Map<String, Character> kinds() {
        java.util.Map<String, Character> k = new java.util.HashMap<>();
        SqlVocabulary.UNION.forEach(w -> k.putIfAbsent(w, 'U'));
        SqlVocabulary.LOGIC.forEach(w -> k.putIfAbsent(w, '&'));
        k.putIfAbsent("not", '!');
        SqlVocabulary.WORD_OPERATORS.forEach(w -> k.putIfAbsent(w, 'o'));
        SqlVocabulary.LITERALS.forEach(w -> k.putIfAbsent(w, 'n'));
        SqlVocabulary.NILADIC.forEach(w -> k.putIfAbsent(w, 'v'));
        SqlVocabulary.STATEMENTS.forEach(w -> k.putIfAbsent(w, 'E'));
        SqlVocabulary.CLAUSES.forEach(w -> k.putIfAbsent(w, 'k'));
        return java.util.Map.copyOf(k);
    }

    /**
     * A word as the tokenizer reads it: lower-cased, with its {@link #KINDS} entry. Prose and forms
     * repeat their words, so the ASCII ones are kept in a small direct-mapped table: a repeated
     * word costs a comparison instead of a substring, a lower-cased copy and a map lookup (most of
     * what tokenizing prose cost). Entries are immutable and replaced whole, so sharing the table
     * between threads without locks is safe: a reader sees a complete entry, which it checks
     * against the text, or misses.
     */
    private record Word(String text, int hash, char kind) {

        static final int LONGEST = 32;
        private static final Word[] RECENT = new Word[1024];

        /** The word {@code s[start, end)}, all ASCII, whose case-folded hash is {@code hash}. */
        static Word of(String s, int start, int end, int hash) {
            int slot = (hash ^ (hash >>> 16)) & (RECENT.length - 1);
            Word w = RECENT[slot];
            if (w != null && w.hash == hash && w.spells(s, start, end)) {
                return w;
            }
            w = make(s, start, end, hash);
            RECENT[slot] = w;
            return w;
        }

        static Word make(String s, int start, int end, int hash) {
            String text = s.substring(start, end).toLowerCase(Locale.ROOT);
            return new Word(text, hash, KINDS.getOrDefault(text, '\0'));
        }

        /** Whether {@code s[start, end)} is this word but for the case of ASCII letters. */
        private boolean spells(String s, int start, int end) {
            if (end - start != text.length()) {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = s.charAt(i);
                if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != text.charAt(i - start)) {
                    return false;
                }
            }
            return true;
        }
    }

    private void operator() {
        for (String op : OPERATORS) {
            if (s.startsWith(op, pos)) {
                char type = op.equals("||") || op.equals("&&") ? '&' : op.equals("!") ? '!' : 'o';
                int flags = isComparison(op) ? SqlToken.CMP | SqlToken.SYMBOLIC : 0;
                add(type, op, flags, pos, pos + op.length());
                pos += op.length();
                return;
            }
        }
        add('x', String.valueOf(s.charAt(pos)), 0, pos, pos + 1);
        pos++;
    }

    static boolean isComparison(String op) {
        return switch (op) {
            case "=", "<", ">", "<=", ">=", "<>", "!=", "<=>", "!<", "!>" -> true;
            default -> false;
        };
    }

    private void add(char type, String text, int flags, int start, int end) {
        out.add(new SqlToken(type, text, flags, start, end));
    }

    private char at(int i) {
        return i >= 0 && i < n ? s.charAt(i) : '\0';
    }

    private char nextNonSpace(int from) {
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '/' && at(i + 1) == '*' && at(i + 2) != '!') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    return '\0';
                }
                i = end + 2;
            } else {
                return c;
            }
        }
        return '\0';
    }

    static boolean isSpace(char c) {
        return c <= ' ' || c == 0x7f || c == 0xa0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || (c >= 0x80 && Character.isLetter(c));
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
