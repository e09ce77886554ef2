package io.tandem.waf.detect.sql;

import java.util.List;

/** Prints tokens, folded tokens and the verdict per context for each argument (tuning aid, not a test). */
public final class SqlDebug {

    private SqlDebug() {
    }

    public static void main(String[] args) {
        for (String v : args) {
            System.out.println("== " + v + "  ->  " + SqlInjection.check(v));
            for (char q : new char[] {0, '\'', '"'}) {
                List<SqlToken> raw = SqlTokenizer.tokenize(v, q, 256);
                List<SqlToken> folded = SqlFolder.fold(raw);
                System.out.println("  ctx " + (q == 0 ? "none" : String.valueOf(q)) + " raw " + raw);
                System.out.println("       folded " + folded + " -> " + SqlGrammar.match(folded, q != 0));
            }
        }
    }
}
