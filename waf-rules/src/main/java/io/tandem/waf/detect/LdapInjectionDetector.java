package io.tandem.waf.detect;

import com.google.re2j.Pattern;
import io.tandem.waf.Features;
import io.tandem.waf.Target;

/**
 * LDAP filter injection: closing the application's filter and opening another
 * ({@code *)(uid=*)}, {@code )(|(}), composite filters ({@code (&(}, {@code (|(}),
 * {@code (objectClass=*)} probes and extensible-match syntax ({@code userPassword:2.5.13.18:=}).
 */
public final class LdapInjectionDetector implements Detector {

    private static final Pattern BREAKOUT = Pattern.compile(
            "\\)\\s*[!&|]?\\s*\\(\\s*(?:[!&|(]|[a-z][a-z0-9_.;-]{0,63}\\s*[~<>]?=)|\\)\\s*\\(\\s*[!&|]\\s*\\)");
    private static final Pattern COMPOSITE = Pattern.compile("\\(\\s*[!&|]\\s*\\(");
    private static final Pattern PROBE = Pattern.compile("\\(\\s*objectclass\\s*=\\s*\\*\\s*\\)");
    private static final Pattern EXTENSIBLE = Pattern.compile("[a-z][a-z0-9-]*(?::dn)?:\\d+(?:\\.\\d+)+:=");

    @Override
    public String name() {
        return "ldapi";
    }

    /** Cheap pre-check: a '(' after ')' or after a filter operator, or ':='. */
    private static boolean filterSyntax(String v) {
        if (v.contains(":=")) {
            return true;
        }
        char prev = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ') {
                continue;
            }
            if (c == '(' && (prev == ')' || prev == '&' || prev == '|' || prev == '!')) {
                return true;
            }
            prev = c;
        }
        return v.regionMatches(true, 0, "(", 0, 1) && v.toLowerCase(java.util.Locale.ROOT).contains("objectclass");
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.PAREN | Features.COLON;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String v = target.urlDecoded();
        if (!filterSyntax(v)) {
            return null;
        }
        String lower = target.urlLower();
        Windows.Found f = Windows.find(BREAKOUT, lower, ")", 0, 72);
        if (f == null) {
            f = Windows.find(COMPOSITE, lower, "(", 0, 8);
        }
        if (f == null && lower.contains("objectclass")) {
            f = Windows.find(PROBE, lower, "objectclass", 8, 8);
        }
        if (f == null) {
            f = Windows.find(EXTENSIBLE, lower, ":=", 80, 0);
        }
        return f == null ? null : Detection.at(v, f.start(), f.end(), "ldapi filter injection");
    }
}
