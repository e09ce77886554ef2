package io.tandem.waf.detect;

import java.util.Locale;

/**
 * Resolves the Log4j lookup syntax attackers use to hide {@code ${jndi:}}: {@code ${lower:J}},
 * {@code ${upper:n}}, {@code ${::-d}}, {@code ${env:NOPE:-i}}, {@code ${date:'j'}} and nesting.
 * Innermost lookups are replaced by the text they would produce, at most {@value #MAX_ROUNDS}
 * times, so the work is bounded. Lookups whose result is unknown stay as written.
 */
final class Log4jLookups {

    private static final int MAX_ROUNDS = 32;

    private Log4jLookups() {
    }

    static String resolve(String s) {
        String current = s;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int open = innermost(current);
            if (open < 0) {
                break;
            }
            int close = current.indexOf('}', open);
            String body = current.substring(open + 2, close);
            String replacement = evaluate(body);
            // An unknown lookup is kept, with its "${" masked so that the enclosing one becomes innermost.
            current = current.substring(0, open) + (replacement == null ? "\u0001{" + body + "}" : replacement)
                    + current.substring(close + 1);
        }
        return current.replace("\u0001{", "${");
    }

    /** Index of a "${" whose body contains no further "${" before its "}", or -1. */
    private static int innermost(String s) {
        int best = -1;
        int i = s.indexOf("${");
        while (i >= 0) {
            int close = s.indexOf('}', i + 2);
            if (close < 0) {
                return best;
            }
            int nested = s.indexOf("${", i + 2);
            if (nested < 0 || nested > close) {
                return i;
            }
            i = nested;
        }
        return best;
    }

    /** The text a lookup produces, or {@code null} when it is not one that yields a constant. */
    private static String evaluate(String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        int def = body.indexOf(":-");
        if (lower.startsWith("lower:")) {
            return body.substring(6).toLowerCase(Locale.ROOT);
        }
        if (lower.startsWith("upper:")) {
            return body.substring(6).toUpperCase(Locale.ROOT);
        }
        if (def >= 0) {
            return body.substring(def + 2);
        }
        if (lower.startsWith("date:")) {
            String fmt = body.substring(5);
            return fmt.replace("'", "");
        }
        return null;
    }
}
