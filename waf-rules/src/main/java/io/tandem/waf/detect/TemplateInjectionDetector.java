package io.tandem.waf.detect;

import com.google.re2j.Pattern;
import io.tandem.waf.Features;
import io.tandem.waf.Target;
import java.util.List;

/**
 * Server-side template injection: an expression delimiter ({@code {{ }}}, {@code ${ }},
 * {@code #{ }}, {@code <%= %>}) around arithmetic or object-graph navigation
 * ({@code constructor}, {@code __class__}, {@code getClass}), FreeMarker and Velocity directives,
 * and the Magento template-filter gadget. Magento's own CMS directives ({@code {{block id=..}}},
 * {@code {{media url=..}}}) are plain words and do not match.
 */
public final class TemplateInjectionDetector implements Detector {

    private static final String[] OPENERS = {"{{", "${", "#{", "*{", "<%"};
    private static final Pattern ARITHMETIC = Pattern.compile("\\d+\\s*[*+/^-]\\s*\\d+");
    private static final KeywordSet NAVIGATION = KeywordSet.of(List.of("constructor", "__class__", "__mro__",
            "__subclasses__", "__globals__", "__builtins__", "__import__", "__init__", "__getattribute__", "self.",
            "request.", "lipsum", "cycler", "joiner", "getclass", "forname(", "popen(", "system(", ".exec(", "eval(",
            "runtime", "t(java", "new(", "_self.env", "registerundefinedfilter", "getfilter(", "attr(", "|attr",
            "this.gettemplatefilter", "gettemplatefilter", "addafterfiltercallback", "class.", "getruntime",
            "processbuilder", "invoke(", "freemarker", "ognl", "#context"));
    private static final KeywordSet DIRECTIVES = KeywordSet.of(List.of("<#assign", "<#import", "<#include",
            "?new()", "freemarker.template.utility", "#set($", "#foreach(", "$class.inspect", "#evaluate(",
            "#include(", "#parse(", "{php}", "{/php}", "{system(", "{{_self", "{% import", "{%import"));

    @Override
    public String name() {
        return "ssti";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.BRACE | Features.LT | Features.HASH | Features.DOLLAR;

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
        if (v.indexOf('{') < 0 && v.indexOf('<') < 0 && v.indexOf('#') < 0 && v.indexOf('$') < 0) {
            return null;
        }
        String lower = target.lower();
        KeywordSet.Hit directive = DIRECTIVES.find(lower);
        if (directive != null) {
            return Detection.at(v, directive.start(), directive.end(), "ssti directive " + directive.keyword());
        }
        if (!lower.contains("{{") && !lower.contains("${") && !lower.contains("#{") && !lower.contains("*{")
                && !lower.contains("<%")) {
            return null;
        }
        int checked = 0;
        for (String open : OPENERS) {
            int at = lower.indexOf(open);
            while (at >= 0 && checked++ < 32) {
                int from = at + open.length();
                int end = open.equals("<%") ? lower.indexOf("%>", from) : lower.indexOf('}', from);
                if (end < 0) {
                    break;
                }
                if (end - from <= 200 && end > from) {
                    String inner = lower.substring(from, end);
                    if (ARITHMETIC.matcher(inner).find()) {
                        return Detection.at(v, at, end + 1, "ssti arithmetic expression");
                    }
                    KeywordSet.Hit hit = NAVIGATION.find(inner);
                    if (hit != null) {
                        return Detection.at(v, at, end + 1, "ssti expression with " + hit.keyword());
                    }
                }
                at = lower.indexOf(open, end);
            }
        }
        return null;
    }
}
