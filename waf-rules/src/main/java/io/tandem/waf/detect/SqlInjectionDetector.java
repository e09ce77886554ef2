package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Target;
import io.tandem.waf.detect.sql.SqlInjection;

/**
 * SQL injection by tokenizing, folding to a fingerprint and judging it against SQL grammar
 * ({@link SqlInjection}), in the three contexts a value can land in: unquoted, inside
 * {@code '...'} and inside {@code "..."}.
 */
public final class SqlInjectionDetector implements Detector {

    @Override
    public String name() {
        return "sqli";
    }

    @Override
    public Detection detect(Target target) {
        String v = target.decoded();
        SqlInjection.Result r = null;
        if (target.hasAny(Features.QUOTE | Features.PAREN | Features.SPACE | Features.SEMICOLON | Features.DASH
                | Features.HASH | Features.SLASH | Features.EQUALS | Features.AT | Features.PIPE | Features.AMP | Features.STAR
                | Features.LT | Features.GT | Features.TILDE_CARET)) {
            r = SqlInjection.check(v, KeywordGate.mayHave(target, KeywordGate.SQL_ANYWHERE), target.features());
        }
        if (r == null && !v.equals(target.value()) && target.value().indexOf('%') < 0) {
            // entity or escape decoding can also hide an injection that the raw value shows
            v = target.value();
            r = SqlInjection.check(v, true, target.features());
        }
        if (r == null) {
            v = target.decoded();
            r = SqlInjection.systemObject(v, KeywordGate.mayHave(target, KeywordGate.SQL_SYSTEM), target.features());
        }
        return r == null ? null : Detection.at(v, r.start(), r.end(), "sqli " + r.reason() + " [" + r.fingerprint() + "]");
    }
}
