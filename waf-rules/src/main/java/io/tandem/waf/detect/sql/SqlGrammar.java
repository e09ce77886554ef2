package io.tandem.waf.detect.sql;

import java.util.List;

/**
 * Decides whether a folded token sequence is an injection, by asking what an attacker needs: the
 * value must leave its context (close the string literal, or continue the expression it was put
 * in) and then the rest must be SQL that does something: a union select, a stacked statement, a
 * boolean or arithmetic condition with real SQL substance (a comparison with a literal, a known
 * function, a sub-query, a system variable), or a clause such as {@code order by}. Prose fails
 * this test because it does not parse: {@code 7 AND A HALF} has a bareword where an operator must
 * follow, {@code "foo" AND "bar"} compares nothing.
 *
 * <p>The shapes accepted, as fingerprints (after the context-closing {@code s} in a quoted
 * context, or an optional leading operand list in the unquoted one, and any closing
 * parentheses): {@code U E} (union), {@code ; E} or {@code E} (stacked statement),
 * {@code & expr} (boolean), {@code o expr} (arithmetic or comparison), {@code k ...} (clauses),
 * {@code c} right after a closed literal (truncation), and a value that is itself a statement, a
 * sub-query, a dangerous call, or a parenthesized expression cut off by a comment. When the rest
 * stops parsing part-way (attack strings are often cut or mistyped), what was read so far must
 * already be strong: a known function, a sub-query, a system variable or a literal tautology.
 */
final class SqlGrammar {

    /**
     * Shapes that are SQL wherever they occur, whatever precedes them: {@code union [all] select}
     * (the folder confirmed the select by what follows it) and {@code ; <statement>} with a
     * confirmed statement.
     */
    private static String anywhere(List<SqlToken> t) {
        int n = t.size();
        for (int i = 0; i < n; i++) {
            SqlToken x = t.get(i);
            if (x.is('U')) {
                int j = i + 1;
                while (j < n && j < i + 5 && (t.get(j).is('(') || t.get(j).text().equals("all")
                        || t.get(j).text().equals("distinct") || t.get(j).is('o'))) {
                    j++;
                }
                if (j < n && (t.get(j).is('E') && t.get(j).text().equals("select") || t.get(j).is('Q'))) {
                    return "union";
                }
            } else if (x.is('F') && x.has(SqlToken.DANGER) && GLUED_DANGER.contains(x.text()) && glued(t, i)) {
                return "dangerous function " + x.text();
            } else if (x.is('k') && x.text().equals("procedure") && i + 1 < n && t.get(i + 1).text().equals("analyse")) {
                return "procedure analyse";
            } else if (x.is(';')) {
                for (int k = i + 1; k < n && k <= i + 6 && !t.get(k).is(';'); k++) {
                    SqlToken y = t.get(k);
                    if (y.is('E') && !y.text().equals("set") || y.has(SqlToken.STATEMENT | SqlToken.DANGER)) {
                        return "stacked statement";
                    }
                }
            } else if ((x.is('b') || x.is('F') || x.is('f')) && (x.text().startsWith("xp_cmdshell") || x.text().startsWith("sp_oacreate")
                    || x.text().startsWith("sp_executesql") || x.text().startsWith("xp_regwrite"))) {
                return "stored procedure " + x.text();
            } else if (x.is('E') && (x.text().equals("exec") || x.text().equals("execute")) && i + 1 < n
                    && (t.get(i + 1).text().startsWith("xp_") || t.get(i + 1).text().startsWith("sp_")
                    || t.get(i + 1).text().startsWith("master."))) {
                return "stored procedure execution";
            }
        }
        return null;
    }

    /** Delay, file and error-extraction functions: called, they are an attack wherever they appear. */
    private static final java.util.Set<String> GLUED_DANGER = java.util.Set.of("sleep", "benchmark", "pg_sleep",
            "load_file", "extractvalue", "updatexml", "xp_cmdshell", "xp_dirtree", "pg_read_file", "pg_ls_dir",
            "randomblob", "dbms_pipe", "utl_http", "utl_inaddr", "dbms_lock", "name_const", "gtid_subset",
            "lo_import", "openrowset", "opendatasource", "sp_oacreate", "sp_executesql");

    /** Whether the call at {@code i} has its '(' right after the name (no space), as code does. */
    private static boolean glued(List<SqlToken> t, int i) {
        return t.get(i).has(SqlToken.GLUED);
    }

    /** Statement words that count after a ';' even when what follows is not valid (DROP members). */
    private static final java.util.Set<String> UNCONFIRMED_STATEMENTS = java.util.Set.of("drop", "delete", "insert",
            "update", "truncate", "alter", "create", "shutdown");

    private SqlGrammar() {
    }

    /** What the parse saw. */
    private static final class Scan {
        boolean cmp;
        boolean cmpLiteral;
        boolean symbolic;
        boolean tautology;
        boolean strong;
        boolean danger;
        boolean subquery;
        boolean from;
        boolean asFrom;
        boolean bool;
        boolean lastOpen;
        int operands;
    }

    /** Whether the tokens are {@code expr (, expr)*}, for deciding whether a group is a value. */
    static boolean isExpressionList(List<SqlToken> t) {
        int i = 0;
        while (true) {
            i = expression(t, i, new Scan());
            if (i < 0) {
                return false;
            }
            if (i == t.size()) {
                return true;
            }
            if (!t.get(i).is(',')) {
                return false;
            }
            i++;
        }
    }

    /**
     * Returns why the sequence is an injection ({@code union}, {@code boolean}, ...) or
     * {@code null}. {@code quoted}: the first token closes the application's string literal.
     */
    static String match(List<SqlToken> t, boolean quoted) {
        int n = t.size();
        if (n == 0) {
            return null;
        }
        String anywhere = anywhere(t);
        if (anywhere != null) {
            return anywhere;
        }
        int i = 0;
        int listStart = -1;
        char prefix = 0;
        Scan all = new Scan();
        if (quoted) {
            if (!t.get(0).is('s') || t.get(0).has(SqlToken.OPEN)) {
                return null;
            }
            prefix = 's';
            i = 1;
        } else {
            if (t.get(0).is('o') && t.get(0).text().equals("=") && n > 1) {
                i = 1; // "=1 union select": the value continues an assignment
            }
            SqlToken first = t.get(i);
            if (first.is('k') && first.text().equals("case") && caseEnd(t, i) > 0 && hasWord(t, "when") && hasWord(t, "then")) {
                return "case expression";
            }
            if (first.is('E')) {
                return statementHasSubstance(t, i) ? "statement" : null;
            }
            if ((first.is('Q') || first.text().equals("()") && first.has(SqlToken.CALL | SqlToken.SUBQUERY)) && n == i + 1) {
                return "subquery";
            }
            if ((first.is('Q') || first.is('F') || (first.text().equals("()") && first.has(SqlToken.LITERAL)))
                    && n == i + 2 && t.get(i + 1).is('c') && t.get(i + 1).has(SqlToken.CLEAN)) {
                return "truncated expression";
            }
            if ((first.is('F') || first.is('f')) && first.has(SqlToken.DANGER | SqlToken.SYSVAR | SqlToken.SUBQUERY)
                    && isWholeExpression(t, i)) {
                return "function";
            }
            if (first.is('(')) {
                int k = i;
                while (k < n && t.get(k).is('(')) {
                    k++;
                }
                if (k < n && t.get(k).is('E') && t.get(k).text().equals("select")) {
                    return "unclosed subquery";
                }
            }
            if (first.isOperand() && !first.has(SqlToken.GARBAGE)) {
                prefix = first.type();
                listStart = i;
                strength(all, first);
                i++;
                while (i + 1 < n && t.get(i).is(',') && t.get(i + 1).isOperand() && !t.get(i + 1).has(SqlToken.GARBAGE)) {
                    SqlToken item = t.get(i + 1);
                    if (item.is('Q') || item.has(SqlToken.SUBQUERY | SqlToken.DANGER)
                            || item.is('F') && item.has(SqlToken.CMP)) {
                        return "sub-query or call in a list";
                    }
                    strength(all, item);
                    i += 2;
                }
            }
        }
        if (prefix != 0 && i < n && t.get(i).is('Q')) {
            return "subquery after a value";
        }
        int closers = 0;
        while (i < n && t.get(i).is(')')) {
            closers++;
            i++;
        }
        if (i < n && t.get(i).is('E') && (prefix != 0 || closers > 0) && (prefix != 'b' || t.get(i).has(SqlToken.DANGER))) {
            return "stacked statement";
        }
        if (quoted && shortStringProbe(t, i)) {
            return "quote-operator-quote probe";
        }
        if (!quoted && prefix != 0 && prefix != 'b' && prefix != 's' && closers == 0 && i == listStart + 1
                && operandsThenComment(t, i)) {
            return "truncated expression";
        }
        return body(t, i, quoted, prefix, closers, all);
    }

    /**
     * {@code A' OR 'B}, {@code 1' OR '1' XOR '0}: after the closed literal only operators and short
     * literals, ending in the literal the application's own quote closes. Strings of prose are
     * longer; this is what probing for an injectable quote looks like.
     */
    private static boolean shortStringProbe(List<SqlToken> t, int from) {
        if (t.get(0).text().trim().length() > 4 || from >= t.size()) {
            return false;
        }
        int i = from;
        int ops = 0;
        boolean expectOperand = true;
        int n = t.size();
        while (i < n) {
            SqlToken x = t.get(i);
            boolean op = x.is('&') || x.is('o') || x.is('!');
            boolean operand = x.is('n') || x.is('v') || x.is('b') && x.text().length() <= 20
                    || x.is('s') && (x.text().trim().length() <= 4 || i == n - 1);
            if (op) {
                ops++;
                expectOperand = true;
            } else if (operand && (expectOperand || ops == 0 && i == from)) {
                if (ops == 0) {
                    return false; // the literal must be followed by an operator
                }
                expectOperand = false;
            } else if (x.is('c') && i == n - 1 && !expectOperand) {
                return ops > 0;
            } else {
                return false;
            }
            i++;
        }
        SqlToken last = t.get(n - 1);
        if (last.is('n') && n == from + 2 && t.get(from).is('&') && t.get(0).text().trim().isEmpty()
                && !t.get(0).has(SqlToken.DOUBLE_QUOTED)) {
            return true; // ' or 1
        }
        boolean singleQuotes = !t.get(0).has(SqlToken.DOUBLE_QUOTED) && !last.has(SqlToken.DOUBLE_QUOTED);
        // double quotes are prose punctuation far more often: ask for two operators there
        return last.is('s') && last.has(SqlToken.OPEN) && (singleQuotes ? ops >= 1 : ops >= 2);
    }

    /** {@code 1--}, {@code 1*1/*}, {@code @@version--}: arithmetic on the prefix, then a clean comment and nothing else. */
    private static boolean operandsThenComment(List<SqlToken> t, int from) {
        int i = from;
        while (i + 1 < t.size() && t.get(i).is('o') && !t.get(i).has(SqlToken.CMP) && t.get(i + 1).isOperand()
                && !t.get(i + 1).is('b')) {
            i += 2;
        }
        return i == t.size() - 1 && t.get(i).is('c') && t.get(i).has(SqlToken.CLEAN);
    }

    private static boolean hasWord(List<SqlToken> t, String word) {
        for (SqlToken x : t) {
            if (x.text().equals(word)) {
                return true;
            }
        }
        return false;
    }

    private static void strength(Scan sc, SqlToken operand) {
        if (operand.has(SqlToken.CALL | SqlToken.SUBQUERY | SqlToken.SYSVAR) || operand.is('Q')) {
            sc.strong = true;
        }
        if (operand.has(SqlToken.DANGER)) {
            sc.danger = true;
        }
        if (operand.has(SqlToken.SUBQUERY) || operand.is('Q')) {
            sc.subquery = true;
        }
    }

    private static boolean isWholeExpression(List<SqlToken> t, int from) {
        int end = expression(t, from, new Scan());
        return end == t.size() || (end == t.size() - 1 && t.get(end).is('c'));
    }

    /** A bare statement must do something: a call, a system variable, a sub-query, {@code *}, a comparison, a comment. */
    private static boolean statementHasSubstance(List<SqlToken> t, int from) {
        SqlToken e = t.get(from);
        if (!e.text().equals("select")) {
            return true; // drop table, insert into, exec xp_, declare @, waitfor delay, ... are validated by the folder
        }
        boolean literal = false;
        for (int k = from + 1; k < t.size(); k++) {
            SqlToken x = t.get(k);
            if (x.has(SqlToken.CALL | SqlToken.SUBQUERY | SqlToken.SYSVAR | SqlToken.DANGER) || x.is('Q') || x.is('F')
                    || x.text().equals("*") || x.has(SqlToken.SYMBOLIC) || x.is('c') || x.is(';') || x.is('U')) {
                return true;
            }
            if (x.is('v') && k == from + 1) {
                return true;
            }
            if (x.is('k') && x.text().equals("from")) {
                return literal; // select 1 from t (a probe), not select x from y (prose about SQL)
            }
            literal |= x.is('n') || x.is('s') || x.is('v') || x.has(SqlToken.LITERAL);
        }
        return false;
    }

    private static String body(List<SqlToken> t, int start, boolean quoted, char prefix, int closers, Scan all) {
        int n = t.size();
        int i = start;
        boolean sawBool = false;
        boolean sawOp = false;
        boolean sawClause = false;
        boolean numericOrder = false;
        boolean trailingComment = false;
        boolean cleanComment = false;
        boolean partial = false;
        loop:
        while (i < n) {
            SqlToken tok = t.get(i);
            switch (tok.type()) {
                case 'U' -> {
                    int j = i + 1;
                    while (j < n && t.get(j).is('(')) {
                        j++;
                    }
                    if (j < n && (t.get(j).is('E') || t.get(j).is('Q') || t.get(j).text().equals("select"))) {
                        return "union";
                    }
                    if ((j == n || j == n - 1 && t.get(j).is('c') || j < n && t.get(j).is('n'))
                            && (quoted || prefix == 'n')) {
                        return "truncated union";
                    }
                    partial = true;
                    break loop;
                }
                case ';' -> {
                    for (int k = i + 1; k < n && k <= i + 3; k++) {
                        SqlToken x = t.get(k);
                        if (x.is('E') || x.has(SqlToken.DANGER | SqlToken.SUBQUERY) || x.is('Q')) {
                            return "stacked statement";
                        }
                    }
                    if (i + 1 < n && t.get(i + 1).has(SqlToken.STATEMENT_WORD) && (quoted || prefix == 'n')
                            && UNCONFIRMED_STATEMENTS.contains(t.get(i + 1).text())) {
                        return "stacked statement";
                    }
                    if (quoted && i == start && i + 1 < n && t.get(i + 1).is('c') && t.get(i + 1).has(SqlToken.CLEAN)) {
                        return "terminated";
                    }
                    partial = i + 1 < n;
                    break loop;
                }
                case 'c' -> {
                    if (quoted && i == 1 && closers == 0 && cleanTruncation(t.get(0), tok)) {
                        return "truncation";
                    }
                    trailingComment = true;
                    cleanComment = tok.has(SqlToken.CLEAN);
                    break loop;
                }
                case '&', 'o', ',' -> {
                    if ((tok.is('o') || tok.is(',')) && i == 0) {
                        return null; // a value that starts with a binary operator continues nothing
                    }
                    if (i + 1 < n && t.get(i + 1).is('E') && !tok.is(',')) {
                        return "condition with a statement";
                    }
                    if (i + 1 < n && t.get(i + 1).is('U')) {
                        i++;
                        continue;
                    }
                    if (tok.is('o') && tok.has(SqlToken.CMP)) {
                        all.cmp = true;
                        all.symbolic |= tok.has(SqlToken.SYMBOLIC);
                        SqlToken left = i > 0 ? t.get(i - 1) : null;
                        if (left != null && !left.is('b')) {
                            all.cmpLiteral = true;
                        }
                    }
                    Scan sc = new Scan();
                    int j = expression(t, i + 1, sc);
                    merge(all, sc);
                    if (tok.is('&') && j == i + 2 && j == n && isTruthyOpenString(t.get(i + 1))) {
                        all.tautology = true; // x' OR '1: the application's closing quote makes it '1', always true
                    }
                    if (j < 0) {
                        partial = true;
                        sawBool |= tok.is('&') || sc.bool;
                        sawOp |= !tok.is('&');
                        break loop;
                    }
                    if (tok.is('&') || sc.bool) {
                        sawBool = true;
                    }
                    if (!tok.is('&')) {
                        sawOp = true;
                    }
                    i = j;
                }
                case 'k' -> {
                    int j = clause(t, i, all);
                    if (j < 0) {
                        partial = true;
                        break loop;
                    }
                    if ((tok.text().equals("order by") || tok.text().equals("group by")) && (prefix == 'n' || quoted)
                            && onlyNumbers(t, i + 1, j)) {
                        numericOrder = true;
                    }
                    sawClause = true;
                    i = j;
                }
                case ')' -> i++;
                default -> {
                    partial = true;
                    break loop;
                }
            }
        }
        boolean strong = all.strong || all.danger;
        if (all.asFrom && (quoted || closers > 0 || prefix == 'n')) {
            return "select-list fragment";
        }
        if (partial) {
            // the rest does not parse: accept only what is already unmistakable
            if ((sawBool || sawOp) && (strong || all.tautology) && (prefix != 'b' || closers > 0 || all.danger)) {
                return "partial";
            }
            boolean brokeOut = quoted || prefix == 'n' || closers > 0;
            return brokeOut && (all.danger || strongAhead(t, i)) ? "partial with sub-query or dangerous call" : null;
        }
        if (sawBool) {
            if (quoted) {
                return all.cmp || strong || trailingComment || all.tautology ? "boolean" : null;
            }
            if (prefix == 'b' || prefix == 's') {
                return strong || all.cmpLiteral ? "boolean" : null;
            }
            return strong || all.cmpLiteral || (trailingComment && prefix == 'n') ? "boolean" : null;
        }
        if (sawOp) {
            if (!quoted && all.cmp && cleanComment && (prefix == 'n' || prefix == 'v')) {
                return "comparison cut off by a comment";
            }
            if (quoted) {
                return strong || (all.cmp && all.symbolic && all.lastOpen) || cleanComment ? "expression" : null;
            }
            return strong && prefix != 'b' && prefix != 's' || all.danger || all.subquery ? "expression" : null;
        }
        if (sawClause && all.asFrom && (quoted || closers > 0 || prefix == 'n')) {
            return "select-list fragment";
        }
        if (sawClause) {
            return trailingComment || strong || numericOrder || closers > 0 && all.from ? "clause" : null;
        }
        return null;
    }

    /** Whether a sub-query, statement, dangerous call or system variable follows in the unparsed rest. */
    private static boolean strongAhead(List<SqlToken> t, int from) {
        for (int k = from; k < t.size(); k++) {
            SqlToken x = t.get(k);
            if (x.is('Q') || x.has(SqlToken.SUBQUERY | SqlToken.DANGER | SqlToken.STATEMENT | SqlToken.SYSVAR)
                    || x.is('E') && x.text().equals("select") && k > 0 && t.get(k - 1).is('(')) {
                return true;
            }
        }
        return false;
    }

    /** {@code admin'--}: a clean comment right after the closed literal, and a literal that looks like one value. */
    private static boolean cleanTruncation(SqlToken literal, SqlToken comment) {
        if (!comment.has(SqlToken.CLEAN)) {
            return comment.text().equals("--") && literal.text().indexOf(' ') < 0;
        }
        return !comment.has(SqlToken.HASH) || literal.text().indexOf(' ') < 0;
    }

    private static boolean onlyNumbers(List<SqlToken> t, int from, int to) {
        for (int k = from; k < to; k++) {
            SqlToken x = t.get(k);
            if (!(x.is('n') && x.text().chars().allMatch(Character::isDigit)) && !x.is(',')) {
                return false;
            }
        }
        return to > from;
    }

    private static void merge(Scan into, Scan from) {
        into.cmp |= from.cmp;
        into.cmpLiteral |= from.cmpLiteral;
        into.symbolic |= from.symbolic;
        into.tautology |= from.tautology;
        into.strong |= from.strong;
        into.danger |= from.danger;
        into.subquery |= from.subquery;
        into.bool |= from.bool;
        into.lastOpen = from.lastOpen;
        into.operands += from.operands;
    }

    /** Parses one expression from {@code start}; returns the index after it, or -1 when it is not one. */
    private static int expression(List<SqlToken> t, int start, Scan sc) {
        int n = t.size();
        int i = start;
        SqlToken previous = null;
        SqlToken pendingCmp = null;
        while (true) {
            while (i < n && (t.get(i).is('(') || t.get(i).is('!') || isUnary(t.get(i)))) {
                i++;
            }
            if (i >= n) {
                return -1;
            }
            SqlToken operand = t.get(i);
            if (operand.is('E') && operand.text().equals("select") && i > start && t.get(i - 1).is('(')) {
                // an unclosed sub-query runs to the end of the value (its ')' was commented out or cut)
                sc.strong = true;
                sc.subquery = true;
                return n;
            }
            if (operand.is('k') && operand.text().equals("case")) {
                int end = caseEnd(t, i);
                if (end < 0) {
                    return -1;
                }
                operand = new SqlToken('n', "case", SqlToken.CALL, operand.start(), t.get(end).end());
                i = end;
            } else if (operand.is('o') && operand.text().equals("match")) {
                // MySQL full-text search: MATCH (col, ...) AGAINST (expr [modifier]), one operand
                int end = matchAgainstEnd(t, i);
                if (end < 0) {
                    return -1;
                }
                operand = new SqlToken('n', "match", SqlToken.CALL | SqlToken.CMP, operand.start(), t.get(end).end());
                i = end;
            } else if (!operand.isOperand() || operand.has(SqlToken.GARBAGE)) {
                return -1;
            }
            sc.operands++;
            strength(sc, operand);
            if (operand.has(SqlToken.CMP)) {
                sc.cmp = true;
                sc.cmpLiteral = true;
            }
            if (operand.has(SqlToken.SYMBOLIC)) {
                sc.symbolic = true;
            }
            if (pendingCmp != null) {
                boolean literalRight = !operand.is('b');
                boolean literalLeft = previous != null && !previous.is('b');
                if (literalRight || literalLeft) {
                    sc.cmpLiteral = true;
                }
                if (literalRight && literalLeft && pendingCmp.has(SqlToken.SYMBOLIC)) {
                    sc.tautology = true;
                }
            }
            pendingCmp = null;
            sc.lastOpen = operand.has(SqlToken.OPEN);
            previous = operand;
            i++;
            while (i < n && t.get(i).is(')') && hasOpenParen(t, start, i)) {
                i++;
            }
            if (i < n && (t.get(i).is('o') || t.get(i).is('&'))) {
                if (t.get(i).has(SqlToken.CMP)) {
                    sc.cmp = true;
                    sc.symbolic |= t.get(i).has(SqlToken.SYMBOLIC);
                    pendingCmp = t.get(i);
                }
                if (t.get(i).is('&')) {
                    sc.bool = true;
                }
                i++;
                continue;
            }
            return i;
        }
    }

    /** Whether an unclosed '(' in [from, to) could be closed by a ')' at {@code to}. */
    private static boolean hasOpenParen(List<SqlToken> t, int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            if (t.get(k).is('(')) {
                depth++;
            } else if (t.get(k).is(')')) {
                depth--;
            }
        }
        return depth > 0;
    }

    /** The index of the group after {@code against}: {@code match} names... {@code against} (...), or -1. */
    private static int matchAgainstEnd(List<SqlToken> t, int from) {
        int k = from + 1;
        while (k < t.size() && k < from + 16 && (t.get(k).is('b') || t.get(k).is(',') || t.get(k).text().equals("()"))) {
            k++;
        }
        if (k == from + 1 || k + 1 >= t.size() || !t.get(k).text().equals("against") || !t.get(k + 1).text().equals("()")) {
            return -1;
        }
        return k + 1;
    }

    /** An unterminated string literal holding a non-zero number ({@code '1}). */
    private static boolean isTruthyOpenString(SqlToken operand) {
        if (!operand.is('s') || !operand.has(SqlToken.OPEN)) {
            return false;
        }
        String v = operand.text().trim();
        if (v.isEmpty() || v.length() > 8) {
            return false;
        }
        boolean nonZero = false;
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c < '0' || c > '9') {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static int caseEnd(List<SqlToken> t, int from) {
        for (int k = from + 1; k < t.size() && k < from + 64; k++) {
            if (t.get(k).is('k') && t.get(k).text().equals("end")) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isUnary(SqlToken t) {
        return t.is('o') && (t.text().equals("-") || t.text().equals("+") || t.text().equals("~") || t.text().equals("binary"));
    }

    /** Parses clause keywords that can follow an injected value; returns the index after, or -1. */
    private static int clause(List<SqlToken> t, int i, Scan all) {
        int n = t.size();
        String word = t.get(i).text();
        switch (word) {
            case "order by", "group by" -> {
                int j = i + 1;
                while (true) {
                    j = expression(t, j, all);
                    if (j < 0) {
                        return -1;
                    }
                    if (j < n && (t.get(j).text().equals("asc") || t.get(j).text().equals("desc"))) {
                        j++;
                    }
                    if (j < n && t.get(j).is(',')) {
                        j++;
                        continue;
                    }
                    return j;
                }
            }
            case "having", "where" -> {
                Scan sc = new Scan();
                int j = expression(t, i + 1, sc);
                if (j >= 0) {
                    merge(all, sc);
                    all.strong |= sc.cmp && sc.cmpLiteral;
                }
                return j;
            }
            case "limit", "offset" -> {
                int j = i + 1;
                if (j < n && t.get(j).is('n')) {
                    j++;
                    if (j + 1 < n && (t.get(j).is(',') || t.get(j).text().equals("offset")) && t.get(j + 1).is('n')) {
                        j += 2;
                    }
                    return j;
                }
                return -1;
            }
            case "into outfile" -> {
                if (i + 1 < n) {
                    all.danger = true;
                    return i + 2;
                }
                return -1;
            }
            case "procedure" -> {
                if (i + 1 < n && (t.get(i + 1).is('F') || t.get(i + 1).is('f'))) {
                    all.strong = true;
                    return i + 2;
                }
                return -1;
            }
            case "as" -> {
                if (i + 1 < n && (t.get(i + 1).is('b') || t.get(i + 1).is('s'))) {
                    if (i + 2 < n && t.get(i + 2).text().equals("from")) {
                        all.asFrom = true;
                    }
                    return i + 2;
                }
                return -1;
            }
            case "from" -> {
                if (i + 1 < n && t.get(i + 1).is('b')) {
                    all.from = true;
                    return i + 2;
                }
                return all.asFrom ? n : -1;
            }
            default -> {
                return -1;
            }
        }
    }
}
