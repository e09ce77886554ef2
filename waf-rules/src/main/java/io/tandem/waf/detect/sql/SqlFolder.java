package io.tandem.waf.detect.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Folds raw tokens into a short sequence that the grammar can judge: multi-word keywords become
 * one token ({@code order by}, {@code union all}, {@code not like}), comments inside a value
 * vanish (only a trailing comment stays), statement words that are not followed by a statement
 * become barewords, unary signs join their operand, qualified names ({@code a.b.c}) become one
 * name, and every balanced parenthesis group becomes one token: a call ({@code F}/{@code f}), a
 * sub-query ({@code Q}) or a value ({@code n}), carrying the flags of what was inside. Unbalanced
 * parentheses stay as they are: a leading {@code )} is how injections close the application's
 * own parentheses. Linear in the number of tokens.
 */
final class SqlFolder {

    private static final Set<String> DDL_OBJECTS = Set.of("table", "database", "procedure", "function", "user",
            "view", "index", "trigger", "schema", "column", "login");

    private SqlFolder() {
    }

    static List<SqlToken> fold(List<SqlToken> raw) {
        return foldGroups(mergeWords(raw));
    }

    private static List<SqlToken> mergeWords(List<SqlToken> raw) {
        List<SqlToken> in = raw;
        for (int i = 0; i < raw.size() - 1; i++) {
            if (raw.get(i).is('c')) {
                in = withoutInlineComments(raw);
                break;
            }
        }
        List<SqlToken> out = new ArrayList<>(in.size());
        for (int i = 0; i < in.size(); i++) {
            SqlToken t = in.get(i);
            SqlToken next = i + 1 < in.size() ? in.get(i + 1) : null;
            String nt = next == null ? "" : next.text();
            if (t.is('k') && (t.text().equals("order") || t.text().equals("group")) && nt.equals("by")) {
                out.add(new SqlToken('k', t.text() + " by", 0, t.start(), next.end()));
                i++;
            } else if (t.is('U') && next != null && (nt.equals("all") || nt.equals("distinct"))) {
                out.add(new SqlToken('U', t.text(), 0, t.start(), next.end()));
                i++;
            } else if (t.is('!') && next != null && next.is('o')) {
                out.add(new SqlToken('o', "not " + nt, next.flags(), t.start(), next.end()));
                i++;
            } else if (t.is('o') && t.text().equals("is") && next != null && next.is('!')) {
                out.add(new SqlToken('o', "is not", SqlToken.CMP, t.start(), next.end()));
                i++;
            } else if (t.is('o') && t.text().equals("sounds") && nt.equals("like")) {
                out.add(new SqlToken('o', "sounds like", SqlToken.CMP, t.start(), next.end()));
                i++;
            } else if (t.is('k') && t.text().equals("into") && (nt.equals("outfile") || nt.equals("dumpfile"))) {
                out.add(new SqlToken('k', "into outfile", SqlToken.DANGER, t.start(), next.end()));
                i++;
            } else if (t.is('E')) {
                boolean afterParenOrUnion = !out.isEmpty() && (out.get(out.size() - 1).is('(') || out.get(out.size() - 1).is('U'));
                boolean statement = t.text().equals("select") && afterParenOrUnion || isStatement(in, i);
                out.add(statement ? t.with('E', SqlToken.STATEMENT | (t.text().equals("waitfor") || t.text().equals("shutdown")
                        ? SqlToken.DANGER : 0), t.end()) : new SqlToken('b', t.text(), SqlToken.STATEMENT_WORD, t.start(), t.end()));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code raw} without its comments but a trailing one: an inline comment is whitespace to the database. */
    private static List<SqlToken> withoutInlineComments(List<SqlToken> raw) {
        List<SqlToken> in = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            SqlToken t = raw.get(i);
            if (!t.is('c') || i == raw.size() - 1) {
                in.add(t);
            }
        }
        return in;
    }

    /** Whether the statement word at {@code i} is followed by what that statement needs. */
    private static boolean isStatement(List<SqlToken> in, int i) {
        String w = in.get(i).text();
        SqlToken n1 = i + 1 < in.size() ? in.get(i + 1) : null;
        SqlToken n2 = i + 2 < in.size() ? in.get(i + 2) : null;
        String t1 = n1 == null ? "" : n1.text();
        String t2 = n2 == null ? "" : n2.text();
        return switch (w) {
            case "select" -> n1 != null && (n1.is('n') || n1.is('s') || n1.is('v') || n1.is('F') || n1.is('(')
                    || t1.equals("*") || t1.equals("distinct") || t1.equals("all") || t1.equals("top") || t1.equals("-")
                    || t1.equals("case") || (n1.is('b') && n2 != null && (n2.is(',') || n2.is('.') || t2.equals("from")
                    || t2.equals("as")))
                    || (n1.is('f') && !t1.isEmpty()));
            case "insert", "replace" -> t1.equals("into") && n2 != null && (n2.is('b') || n2.is('f'));
            case "update" -> n1 != null && n1.is('b') && t2.equals("set");
            case "delete" -> t1.equals("from") && n2 != null && n2.is('b');
            case "drop", "create", "alter", "truncate" -> DDL_OBJECTS.contains(t1);
            case "exec", "execute" -> n1 != null && (n1.is('v') || n1.is('(') || n1.is('s') || t1.equals("immediate")
                    || t1.startsWith("xp_") || t1.startsWith("sp_") || t1.startsWith("master") || t1.startsWith("dbms_"));
            case "declare" -> n1 != null && n1.is('v');
            case "set" -> n1 != null && n1.is('v') && n2 != null && (t2.equals("=") || t2.equals(":="));
            case "waitfor" -> t1.equals("delay") || t1.equals("time");
            case "shutdown" -> n1 == null || !n1.is('b') || t1.equals("with");
            case "grant", "revoke" -> t1.equals("all") || t1.equals("select") || t1.equals("insert") || t1.equals("update")
                    || t1.equals("delete") || t1.equals("execute") || t1.equals("usage") || t1.equals("file");
            case "load" -> t1.equals("data") || t1.equals("xml");
            case "call" -> n1 != null && (n1.is('f') || n1.is('F'));
            default -> false;
        };
    }

    private static List<SqlToken> foldGroups(List<SqlToken> in) {
        List<List<SqlToken>> stack = new ArrayList<>();
        List<SqlToken> openers = new ArrayList<>();
        stack.add(new ArrayList<>());
        for (SqlToken t : in) {
            List<SqlToken> current = stack.get(stack.size() - 1);
            if (t.is('(')) {
                openers.add(t);
                stack.add(new ArrayList<>());
            } else if (t.is(')')) {
                if (stack.size() == 1) {
                    current.add(t);
                    continue;
                }
                List<SqlToken> inner = stack.remove(stack.size() - 1);
                SqlToken open = openers.remove(openers.size() - 1);
                List<SqlToken> parent = stack.get(stack.size() - 1);
                SqlToken last = parent.isEmpty() ? null : parent.get(parent.size() - 1);
                int flags = innerFlags(inner);
                boolean subquery = !inner.isEmpty() && (inner.get(0).is('E') || hasUnion(inner)
                        || inner.size() == 1 && inner.get(0).is('Q'));
                if (last != null && (last.is('F') || last.is('f')) && last.end() <= open.start()) {
                    int carried = flags & ~(SqlToken.OPEN | SqlToken.GARBAGE | SqlToken.LITERAL | SqlToken.GLUED);
                    parent.set(parent.size() - 1, last.with(subquery ? 'F' : last.type(),
                            carried | (subquery ? SqlToken.SUBQUERY | SqlToken.CALL : 0), t.end()));
                } else if (subquery) {
                    append(parent, new SqlToken('Q', "", (flags & ~SqlToken.OPEN) | SqlToken.SUBQUERY, open.start(), t.end()));
                } else {
                    int garbage = inner.isEmpty() || SqlGrammar.isExpressionList(inner) ? 0 : SqlToken.GARBAGE;
                    int literal = hasLiteral(inner) ? SqlToken.LITERAL : 0;
                    append(parent, new SqlToken('n', "()", (flags & ~SqlToken.OPEN) | garbage | literal, open.start(), t.end()));
                }
            } else {
                append(current, t);
            }
        }
        while (stack.size() > 1) {
            List<SqlToken> inner = stack.remove(stack.size() - 1);
            SqlToken open = openers.remove(openers.size() - 1);
            List<SqlToken> parent = stack.get(stack.size() - 1);
            parent.add(open);
            for (SqlToken t : inner) {
                append(parent, t);
            }
        }
        return stack.get(0);
    }

    /** Appends with unary-sign folding, qualified-name joining and adjacent-string joining. */
    private static void append(List<SqlToken> list, SqlToken t) {
        if (t.isOperand()) {
            int size = list.size();
            if (size >= 2 && list.get(size - 1).is('.') && isNamePart(list.get(size - 2)) && !t.is('s') && !t.is('Q')) {
                SqlToken first = list.get(size - 2);
                list.remove(size - 1);
                list.remove(size - 2);
                char type = t.is('n') ? 'b' : t.type();
                append(list, new SqlToken(type, first.text() + "." + t.text(), first.flags() | t.flags(), first.start(), t.end()));
                return;
            }
            while (!list.isEmpty() && isUnarySign(list) && !t.is('Q')) {
                SqlToken sign = list.remove(list.size() - 1);
                t = new SqlToken(t.type(), t.text(), t.flags(), sign.start(), t.end());
            }
            if (t.is('s') && !list.isEmpty() && list.get(list.size() - 1).is('s')) {
                SqlToken prev = list.remove(list.size() - 1);
                t = new SqlToken('s', prev.text(), t.flags(), prev.start(), t.end());
            }
        }
        list.add(t);
    }

    private static boolean isNamePart(SqlToken t) {
        return t.is('b') || t.is('v') || t.is('k');
    }

    /** Whether the last token is a sign in unary position (start, or after an operator or separator). */
    private static boolean isUnarySign(List<SqlToken> list) {
        SqlToken last = list.get(list.size() - 1);
        boolean sign = last.is('o') && (last.text().equals("-") || last.text().equals("+") || last.text().equals("~")
                || last.text().equals("binary"));
        if (!sign) {
            return false;
        }
        if (list.size() == 1) {
            return true;
        }
        char before = list.get(list.size() - 2).type();
        return "o&!(,kEU;".indexOf(before) >= 0;
    }

    private static int innerFlags(List<SqlToken> inner) {
        int flags = 0;
        for (SqlToken t : inner) {
            flags |= t.flags() & ~(SqlToken.STATEMENT_WORD | SqlToken.DOUBLE_QUOTED | SqlToken.HASH | SqlToken.GARBAGE);
            if (t.is('U')) {
                flags |= SqlToken.UNION;
            }
            if (t.is('k') && t.text().equals("when")) {
                flags |= SqlToken.CALL; // a CASE expression
            }
        }
        return flags;
    }

    private static boolean hasLiteral(List<SqlToken> inner) {
        for (SqlToken t : inner) {
            if (t.is('n') || t.is('s') || t.is('v') || t.is('F') || t.is('Q') || t.is('o') || t.is('&') || t.has(SqlToken.LITERAL)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasUnion(List<SqlToken> inner) {
        for (int i = 0; i + 1 < inner.size(); i++) {
            if (inner.get(i).is('U') && (inner.get(i + 1).is('E') || inner.get(i + 1).is('Q'))) {
                return true;
            }
        }
        return false;
    }

    /** The one-character-per-token fingerprint of a folded sequence, at most {@code max} long. */
    static String fingerprint(List<SqlToken> tokens, int max) {
        StringBuilder sb = new StringBuilder();
        for (SqlToken t : tokens) {
            if (sb.length() >= max) {
                break;
            }
            sb.append(t.type());
        }
        return sb.toString();
    }
}
