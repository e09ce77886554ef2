package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Target;
import java.util.List;

/**
 * Node.js injection: node-serialize function markers ({@code _$$ND_FUNC$$_}), function
 * definitions and constructors in a value, the objects that reach the OS ({@code child_process},
 * {@code process.mainModule}, {@code require(}) and prototype pollution ({@code __proto__},
 * {@code constructor.prototype}). Whitespace is ignored.
 */
public final class NodeInjectionDetector implements Detector {

    private static final List<String> SIGN_LIST = List.of("_$$nd_func$$_", "_$$nd_cc$$_", "__js_function",
            "eval(string.fromcharcode", "function(){", "newfunction(", "this.constructor",
            "process.mainmodule", "child_process", "process.binding(", "global.process", "module.constructor",
            ".constructor.constructor(", "__proto__", "constructor.prototype", "constructor[prototype]",
            "[constructor][prototype]", "require('fs')", "require(\"fs\")", "require('child", "require(\"child",
            "spawnsync(", "execsync(", "process.kill(", "process.exit(", "()=>{", "module.exports=",
            "process.env", "fs.readfilesync(", "fs.writefilesync(");
    private static final KeywordSet SIGNS = KeywordSet.of(SIGN_LIST);

    /** The words of the {@link #SIGNS} without '(', '_', '[', '$', '{' or '='. */
    static final List<String> SIGN_WORD_LIST = List.of("constructor", "process", "module");

    static {
        for (String sign : SIGN_LIST) {
            boolean underscoreOrBracket = sign.indexOf('_') >= 0 || sign.indexOf('[') >= 0;
            if (underscoreOrBracket && sign.indexOf('(') < 0 && sign.indexOf('$') < 0 && !sign.contains("__")
                    && SIGN_WORD_LIST.stream().noneMatch(sign::contains)) {
                throw new IllegalStateException("sign " + sign + " has a '_' or '[' but no '(', '$', \"__\" or sign word"
                        + " (detect() relies on one)");
            }
        }
    }

    @Override
    public String name() {
        return "node";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.PAREN | Features.UNDERSCORE | Features.DOT | Features.BRACKET | Features.DOLLAR;

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
        // Every sign has a '(', '_' or '['; or a '.' and one of '$', '{', '=' or the sign words.
        // Those with a '_' or '[' and no '(' also have a '$', a "__" or a sign word, which a name
        // such as product[attribute_12] has not. Identifiers are not split by whitespace in code
        // that runs, so the words are whole in the lower-cased value.
        // (A character whose Features bit is absent is in no form of the value: no search for it.)
        boolean structural = has(target, Features.PAREN, v, '(')
                || (has(target, Features.UNDERSCORE, v, '_') || has(target, Features.BRACKET, v, '['))
                && (has(target, Features.DOLLAR, v, '$') || target.hasAny(Features.UNDERSCORE) && v.contains("__")
                        || KeywordGate.mayHave(target, KeywordGate.NODE_WORDS));
        if (!structural && (!has(target, Features.DOT, v, '.') || !has(target, Features.DOLLAR, v, '$')
                && !has(target, Features.BRACE, v, '{') && !has(target, Features.EQUALS, v, '=')
                && !KeywordGate.mayHave(target, KeywordGate.NODE_WORDS))) {
            return null;
        }
        String lower = target.lower();
        String code = target.hasAny(Features.SPACE | Features.NON_ASCII) ? compact(v) : lower;
        if (target.location().isArgName() && code.contains("__proto__")) {
            return Detection.at(v, 0, v.length(), "node prototype pollution in a name");
        }
        KeywordSet.Hit hit = SIGNS.find(code);
        if (hit != null) {
            return Detection.at(code, hit.start(), hit.end(), "node " + hit.keyword());
        }
        int req = lower.indexOf("require(");
        if (req >= 0 && (req == 0 || !Character.isLetterOrDigit(lower.charAt(req - 1)))) {
            return Detection.at(v, req, req + 8, "node require(");
        }
        return null;
    }

    /**
     * The value lower-cased without its whitespace. Without whitespace or non-ASCII characters
     * (the caller's summary says) that is the target's lower-cased form, and no copy is made.
     */
    private static String compact(String v) {
        StringBuilder compact = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!Character.isWhitespace(c)) {
                compact.append(Character.toLowerCase(c));
            }
        }
        return compact.toString();
    }

    private static boolean has(Target target, int feature, String v, char c) {
        return target.hasAny(feature) && v.indexOf(c) >= 0;
    }
}
