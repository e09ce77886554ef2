package io.tandem.waf.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tandem.waf.Location;
import io.tandem.waf.Features;
import io.tandem.waf.Target;

/**
 * NoSQL (MongoDB) injection: query operators smuggled into argument names ({@code id[$ne]=1})
 * or JSON keys ({@code {"$gt": ""}}) or written into values ({@code , $where: '...'}), shell
 * calls on collections ({@code db.users.find(}), and server-side JavaScript delay loops.
 */
public final class NoSqlInjectionDetector implements Detector {

    private static final String OPERATORS = "where|ne|gt|gte|lt|lte|in|nin|or|and|not|nor|regex|exists|expr|elemmatch"
            + "|eq|all|size|type|mod|text|function|accumulator|lookup|jsonschema|options|slice|comment";
    private static final Pattern IN_NAME = Pattern.compile("(?:^|\\[|\\.)\\$(?:" + OPERATORS + ")(?:\\]|$)");
    private static final Pattern IN_VALUE = Pattern.compile("(?:^|[\\s,{\\[('\"])\\$(?:" + OPERATORS + ")\\s*(?:[:\\]=]|['\"]\\s*:)");
    private static final Pattern SHELL = Pattern.compile(
            "\\bdb\\.(?:[a-z_][a-z0-9_]*\\.)?(?:find|findone|insert|insertone|insertmany|update|updateone|updatemany|remove"
            + "|deleteone|deletemany|drop|dropdatabase|aggregate|getcollection|getcollectionnames|eval|mapreduce)\\s*\\(");
    private static final Pattern DELAY = Pattern.compile("new\\s+date\\s*\\(.{0,200}while\\s*\\(|while\\s*\\(.{0,200}new\\s+date");

    @Override
    public String name() {
        return "nosqli";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.DOLLAR | Features.PAREN;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String v = target.decoded();
        if (v.indexOf('$') < 0 && v.indexOf('(') < 0) {
            return null;
        }
        String lower = target.lower();
        if ((target.location().isArgName() || target.location() == Location.JSON_KEY) && lower.indexOf('$') >= 0) {
            Matcher m = IN_NAME.matcher(lower);
            if (m.find()) {
                return Detection.at(v, m.start(), m.end(), "nosqli operator in name");
            }
        }
        Windows.Found f = lower.indexOf('$') >= 0 ? Windows.find(IN_VALUE, lower, "$", 1, 24) : null;
        if (f != null) {
            return Detection.at(v, f.start(), f.end(), "nosqli operator in value");
        }
        f = lower.contains("db.") ? Windows.find(SHELL, lower, "db.", 1, 100) : null;
        if (f != null) {
            return Detection.at(v, f.start(), f.end(), "nosqli mongo shell call");
        }
        f = lower.contains("date") && lower.contains("while") ? Windows.find(DELAY, lower, "new", 0, 230) : null;
        if (f == null && lower.contains("date") && lower.contains("while")) {
            f = Windows.find(DELAY, lower, "while", 0, 230);
        }
        if (f != null) {
            return Detection.at(v, f.start(), f.end(), "nosqli javascript delay loop");
        }
        return null;
    }
}
