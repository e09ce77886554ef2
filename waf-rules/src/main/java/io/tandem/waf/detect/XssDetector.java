package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Target;
import io.tandem.waf.transform.CommentRemoval;
import io.tandem.waf.transform.JsEscapeDecode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site scripting, in the HTML and the JavaScript context. HTML: tags that run or load
 * code, event-handler attributes, script URLs in attributes ({@link HtmlScanner}); a value that
 * breaks out of an attribute ({@code " onmouseover=...}); a value that is itself a script URL
 * with code after the scheme. JavaScript: calls of the functions every proof of concept uses
 * ({@code alert(}, {@code prompt`1`}, {@code alert.call(}, {@code (confirm)(1)}), access to
 * {@code document.cookie}/{@code domain}/{@code write} and friends, string-indexed globals
 * ({@code window["alert"]}), JSFuck runs, CSS expressions and UTF-7 markup.
 * Inspects the percent-decoded and the fully decoded forms.
 */
public final class XssDetector implements Detector {

    private static final Set<String> EVENTS = Set.of("onabort", "onafterprint", "onanimationend",
            "onanimationiteration", "onanimationstart", "onauxclick", "onbeforecopy", "onbeforecut", "onbeforeinput",
            "onbeforeprint", "onbeforeunload", "onbegin", "onblur", "oncanplay", "oncanplaythrough", "onchange",
            "onclick", "onclose", "oncontextmenu", "oncopy", "oncuechange", "oncut", "ondblclick", "ondrag",
            "ondragend", "ondragenter", "ondragleave", "ondragover", "ondragstart", "ondrop", "ondurationchange",
            "onend", "onended", "onerror", "onfocus", "onfocusin", "onfocusout", "onformdata", "onfullscreenchange",
            "onhashchange", "oninput", "oninvalid", "onkeydown", "onkeypress", "onkeyup", "onload", "onloadeddata",
            "onloadedmetadata", "onloadstart", "onmessage", "onmousedown", "onmouseenter", "onmouseleave",
            "onmousemove", "onmouseout", "onmouseover", "onmouseup", "onmousewheel", "onoffline", "ononline",
            "onpagehide", "onpageshow", "onpaste", "onpause", "onplay", "onplaying", "onpointercancel",
            "onpointerdown", "onpointerenter", "onpointerleave", "onpointermove", "onpointerout", "onpointerover",
            "onpointerrawupdate", "onpointerup", "onpopstate", "onprogress", "onratechange", "onreadystatechange",
            "onrepeat", "onreset", "onresize", "onscroll", "onscrollend", "onsearch", "onseeked", "onseeking",
            "onselect", "onselectionchange", "onselectstart", "onshow", "onstart", "onstorage", "onsubmit",
            "onsuspend", "ontimeupdate", "ontoggle", "ontouchend", "ontouchmove", "ontouchstart", "ontransitionend",
            "onunload", "onvolumechange", "onwaiting", "onwheel", "onzoom", "onactivate", "onbeforeactivate",
            "onbeforedeactivate", "ondeactivate", "onfilterchange", "onfinish", "onbounce", "onpropertychange",
            "onhelp", "onmove", "onmoveend", "onmovestart", "onresizeend", "onresizestart", "onerrorupdate",
            "onlosecapture", "onbeforeeditfocus", "oncontrolselect", "onstop", "onafterupdate", "onbeforeupdate",
            "oncellchange", "ondataavailable", "ondatasetchanged", "ondatasetcomplete", "onrowenter", "onrowexit",
            "onrowsdelete", "onrowsinserted", "onlayoutcomplete");

    private static final List<String> SINKS = List.of("alert", "prompt", "confirm", "eval", "settimeout",
            "setinterval", "execscript", "msgbox", "fromcharcode", "atob", "document.write", "document.writeln",
            "showmodaldialog", "setimmediate", "import");

    private static final KeywordSet PROPERTIES = KeywordSet.of(List.of("document.cookie", "document.domain",
            "document.write", "document.location", "window.location", "location.href", "location.hash",
            "document.body", ".innerhtml", ".outerhtml", ".parentnode", "document[", "window[", "self[", "top[",
            "parent[", "frames[", "globalthis[", "this[\"", "this['", "constructor.constructor", ".constructor(\"",
            ".constructor('", "string.fromcharcode", "document.documentelement", "localstorage.", "xmlhttprequest"));

    /** Each has {@code []} in it (checked before searching for them). */
    private static final KeywordSet JSFUCK = KeywordSet.of(List.of("!![]", "+[]", "[]+", "![]+", "(![]", "[+[]]",
            "[][", "+!+[]"));

    @Override
    public String name() {
        return "xss";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.LT | Features.QUOTE | Features.PAREN | Features.COLON | Features.BRACKET | Features.EQUALS | Features.PLUS | Features.DOT | Features.NON_ASCII;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        Detection d = check(target.urlDecoded(), target.urlLower(),
                KeywordGate.groupsUrlDecoded(target), target.features());
        if (d == null && !target.decoded().equals(target.urlDecoded())) {
            d = check(target.decoded(), target.lower(), KeywordGate.groups(target),
                    target.features());
        }
        if (d == null && target.hasAny(Features.NON_ASCII | Features.BACKSLASH)) {
            String stripped = stripHighBit(JsEscapeDecode.INSTANCE.apply(target.value()));
            if (stripped != null) {
                d = check(stripped);
            }
        }
        return d;
    }

    /**
     * The value as a 7-bit system sees it when it drops the high bit ({@code \xbc} becomes
     * {@code <}), or {@code null} when no Latin-1 character would turn into markup.
     */
    static String stripHighBit(String v) {
        boolean changed = false;
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0xa0 && c <= 0xff) {
                char low = (char) (c & 0x7f);
                changed |= low == '<' || low == '>' || low == '"' || low == '\'';
                out.append(low);
            } else {
                out.append(c);
            }
        }
        return changed ? out.toString() : null;
    }

    static Detection check(String v) {
        return check(v, v.toLowerCase(Locale.ROOT), -1L, -1);
    }

    /**
     * {@code lower}: {@code v} lower-cased (a target's shared copy); {@code groups}: the
     * {@link KeywordGate} groups of which a word may occur in {@code v} (-1: any); {@code features}: the
     * {@link Features} of every character {@code v} may contain (-1: any), so that a search for a
     * character whose bit is absent is skipped.
     */
    static Detection check(String v, String lower, long groups, int features) {
        if (v.isEmpty()) {
            return null;
        }
        if ((features & Features.LT) != 0 && v.indexOf('<') >= 0) {
            HtmlScanner.Finding f = HtmlScanner.scan(v);
            if (f != null) {
                return Detection.at(v, f.start(), f.end(), "xss " + f.what());
            }
        }
        // Each check below needs a character that prose seldom has: the breakouts an '=', script
        // URLs a ':' (compacting only drops whitespace and lower-cases, it never makes one).
        boolean equals = (features & Features.EQUALS) != 0 && v.indexOf('=') >= 0;
        Detection d = equals ? attributeBreakout(v, lower) : null;
        if (d == null && equals) {
            d = dangerousAttributeBreakout(v, lower);
        }
        if (d == null && (features & Features.COLON) != 0 && v.indexOf(':') >= 0 && HtmlScanner.mayHaveScriptScheme(v)) {
            d = scriptUrl(v, lower);
        }
        if (d == null) {
            d = javascript(lower, groups, features);
        }
        return d;
    }

    /** {@code " onmouseover=...}: an event handler after a quote that closes the application's attribute value. */
    private static Detection attributeBreakout(String v, String lower) {
        int from = 0;
        int quote = firstQuote(lower);
        for (int k = 0; k < 32; k++) {
            int on = lower.indexOf("on", from);
            if (on < 0) {
                return null;
            }
            from = on + 2;
            int end = on + 2;
            while (end < lower.length() && lower.charAt(end) >= 'a' && lower.charAt(end) <= 'z') {
                end++;
            }
            int eq = end;
            while (eq < lower.length() && HtmlScanner.isSpace(lower.charAt(eq))) {
                eq++;
            }
            if (eq >= lower.length() || lower.charAt(eq) != '=') {
                continue;
            }
            String name = lower.substring(on, end);
            int before = on - 1;
            while (before >= 0 && (HtmlScanner.isSpace(lower.charAt(before)) || lower.charAt(before) == '/')) {
                before--;
            }
            boolean wordStart = on == 0 || !Character.isLetterOrDigit(lower.charAt(on - 1));
            if (!wordStart) {
                continue;
            }
            char prev = before < 0 ? '\0' : lower.charAt(before);
            boolean afterQuote = prev == '"' || prev == '\'' || prev == '`';
            boolean valueFollows = eq < lower.length() - 1;
            if ((afterQuote && HtmlScanner.isEventName(name)) || valueFollows && EVENTS.contains(name) && (before < 0 || (quote >= 0 && quote < on))) {
                return Detection.at(v, on, eq + 1, "xss attribute breakout " + name);
            }
        }
        return null;
    }

    /** {@code 'formaction=}, {@code "srcdoc=}: attributes that load or run code, right after a quote. */
    private static Detection dangerousAttributeBreakout(String v, String lower) {
        for (String attr : new String[] {"formaction", "srcdoc", "xlink:href", "dynsrc", "lowsrc"}) {
            int at = lower.indexOf(attr);
            if (at > 0) {
                int eq = at + attr.length();
                while (eq < lower.length() && HtmlScanner.isSpace(lower.charAt(eq))) {
                    eq++;
                }
                char before = lower.charAt(at - 1);
                if (eq < lower.length() && lower.charAt(eq) == '=' && (before == '"' || before == '\'' || before == '`'
                        || HtmlScanner.isSpace(before) && firstQuote(lower) >= 0 && firstQuote(lower) < at)) {
                    return Detection.at(v, at, eq + 1, "xss attribute breakout " + attr);
                }
            }
        }
        return null;
    }

    private static int firstQuote(String s) {
        int q = -1;
        for (char c : new char[] {'"', '\'', '`', '>'}) {
            int i = s.indexOf(c);
            if (i >= 0 && (q < 0 || i < q)) {
                q = i;
            }
        }
        return q;
    }

    /** A value that is (or, after a quote/equals/paren, contains) a script URL with code after the scheme. */
    private static Detection scriptUrl(String v, String lower) {
        String compact = HtmlScanner.compactUrl(v);
        int idx = -1;
        for (String scheme : new String[] {"javascript:", "vbscript:", "livescript:", "data:text/html", "data:image/svg",
            "data:application/xhtml"}) {
            int at = compact.indexOf(scheme);
            while (at >= 0) {
                char before = at == 0 ? '\0' : compact.charAt(at - 1);
                if (at == 0 || "\"'`=(:,;>".indexOf(before) >= 0) {
                    String rest = compact.substring(at + scheme.length());
                    boolean obfuscated = !lower.contains(scheme);
                    if (scheme.startsWith("data:") || obfuscated || looksLikeCode(rest)) {
                        idx = at;
                        break;
                    }
                }
                at = compact.indexOf(scheme, at + 1);
            }
            if (idx >= 0) {
                return new Detection("xss script URL " + scheme, io.tandem.waf.parse.Excerpts.escape(
                        compact.substring(idx, Math.min(compact.length(), idx + Detection.EXCERPT_CHARS)), 2 * Detection.EXCERPT_CHARS));
            }
        }
        return null;
    }

    private static boolean looksLikeCode(String rest) {
        for (int i = 0; i < rest.length() && i < 256; i++) {
            char c = rest.charAt(i);
            if (c == '(' || c == '`' || c == '=' || c == '[' || c == '{' || c == ';') {
                return true;
            }
            if (c == '.' && i + 1 < rest.length() && Character.isLetter(rest.charAt(i + 1)) && i > 0
                    && Character.isLetter(rest.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Words every {@link #PROPERTIES} keyword without a '[' contains. Comment removal and
     * compaction only drop whitespace and comments between tokens, so such a word is already
     * whole in the lower-cased value: without one (and without '[') the compacted code is not needed.
     */
    static final List<String> PROPERTY_WORD_LIST = List.of("document", "window", "location",
            "innerhtml", "outerhtml", "parentnode", "constructor", "fromcharcode", "localstorage", "xmlhttprequest");
    private static final KeywordSet PROPERTY_WORDS = KeywordSet.of(PROPERTY_WORD_LIST);

    /**
     * The objects besides {@link #PROPERTY_WORD_LIST}'s that {@link #PROPERTIES} indexes with '['
     * (in the same {@link KeywordGate} group).
     */
    static final List<String> BRACKET_OWNER_LIST = List.of("self", "top", "parent", "frames", "globalthis", "this");
    private static final KeywordSet BRACKET_OWNERS = KeywordSet.of(BRACKET_OWNER_LIST);

    /**
     * Whether a '[' may be closed at once once comments and spaces are gone ({@code []}, {@code [ ]},
     * {@code [/**}{@code /]}): whether one is followed by ']', a space or a '/'.
     */
    private static boolean emptyBrackets(String lower) {
        for (int at = lower.indexOf('['); at >= 0 && at + 1 < lower.length(); at = lower.indexOf('[', at + 1)) {
            char next = lower.charAt(at + 1);
            if (next == ']' || next == '/' || HtmlScanner.isSpace(next)) {
                return true;
            }
        }
        return false;
    }

    /** Calls of the functions proofs of concept use, sensitive properties, JSFuck, CSS expressions, UTF-7. */
    private static Detection javascript(String lower, long groups, int f) {
        // a call needs '(' or '`' after the name (isCall); JSFuck needs '['; CSS expressions '('
        boolean call = (f & Features.PAREN) != 0 && lower.indexOf('(') >= 0 || (f & Features.QUOTE) != 0 && lower.indexOf('`') >= 0;
        boolean dot = (f & Features.DOT) != 0 && lower.indexOf('.') >= 0;
        boolean open = (f & Features.BRACKET) != 0 && lower.indexOf('[') >= 0;
        boolean words = (dot || open) && (groups & KeywordGate.XSS_PROPERTIES) != 0 && PROPERTY_WORDS.find(lower) != null;
        // A '[' alone is everywhere in form names (product[attribute_12]); it is code only after a
        // global object (window[...], self[...]) or as JSFuck's empty pair of brackets.
        boolean bracket = open && (words || (groups & KeywordGate.XSS_BRACKET_OWNERS) != 0 && BRACKET_OWNERS.find(lower) != null
                || emptyBrackets(lower));
        boolean property = bracket || words && dot;
        if (call || property) {
            Detection d = code(compactCode(CommentRemoval.INSTANCE.apply(lower)), call);
            if (d != null) {
                return d;
            }
        }
        int utf7 = (f & Features.PLUS) != 0 ? lower.indexOf("+adw-") : -1;
        if (utf7 >= 0 && utf7 + 5 < lower.length() && Character.isLetter(lower.charAt(utf7 + 5))) {
            return new Detection("xss UTF-7 markup", excerpt(lower, utf7));
        }
        return null;
    }

    /** Sink calls (when {@code call}), sensitive properties, JSFuck and CSS expressions in compacted code. */
    private static Detection code(String code, boolean call) {
        for (int s = 0; call && s < SINKS.size(); s++) {
            String sink = SINKS.get(s);
            int at = code.indexOf(sink);
            while (at >= 0) {
                if (isCall(code, at, sink)) {
                    return new Detection("xss call of " + sink, excerpt(code, at));
                }
                at = code.indexOf(sink, at + 1);
            }
        }
        KeywordSet.Hit hit = code.indexOf('.') >= 0 || code.indexOf('[') >= 0 ? PROPERTIES.find(code) : null;
        if (hit != null && (hit.start() == 0 || !Character.isLetterOrDigit(code.charAt(hit.start() - 1)) || hit.keyword().startsWith("."))) {
            return new Detection("xss access to " + hit.keyword(), excerpt(code, hit.start()));
        }
        // every JSFuck fragment has an empty pair of brackets
        hit = code.contains("[]") ? JSFUCK.find(code) : null;
        if (hit != null) {
            return new Detection("xss JSFuck", excerpt(code, hit.start()));
        }
        int expr = code.indexOf("expression(");
        if (expr > 0 && code.charAt(expr - 1) == ':') {
            return new Detection("xss CSS expression", excerpt(code, expr));
        }
        return null;
    }

    /**
     * Whether {@code name} at {@code at} in compacted code is called: {@code name(}, {@code name`},
     * {@code name.call(}, {@code name?.(}, {@code (name)(}.
     */
    private static boolean isCall(String code, int at, String name) {
        if (at > 0) {
            char before = code.charAt(at - 1);
            if (Character.isLetterOrDigit(before) || before == '_' || before == '$') {
                return false;
            }
            if (before == '.' && !name.equals("fromcharcode") && !name.startsWith("document")) {
                // window.alert( still calls it, but a.eval( is usually a method of something else
                boolean global = code.startsWith("window", Math.max(0, at - 7)) || code.startsWith("self", Math.max(0, at - 5))
                        || code.startsWith("top", Math.max(0, at - 4)) || code.startsWith("this", Math.max(0, at - 5));
                if (!global) {
                    return false;
                }
            }
        }
        int after = at + name.length();
        if (after >= code.length()) {
            return false;
        }
        String rest = code.substring(after, Math.min(code.length(), after + 8));
        return rest.startsWith("(") || rest.startsWith("`") || rest.startsWith(".call(") || rest.startsWith(".apply(")
                || rest.startsWith(".bind(") || rest.startsWith("?.(") || rest.startsWith(")(") || rest.startsWith(")`")
                || rest.startsWith("&&(");
    }

    /** Removes whitespace next to the punctuation that joins JavaScript expressions. */
    private static String compactCode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (HtmlScanner.isSpace(c)) {
                char prev = out.length() == 0 ? ' ' : out.charAt(out.length() - 1);
                int j = i;
                while (j < s.length() && HtmlScanner.isSpace(s.charAt(j))) {
                    j++;
                }
                char next = j < s.length() ? s.charAt(j) : ' ';
                // a space before '(' is kept: "alert (daily)" is prose, "alert(1)" is code
                if (".[`?)]".indexOf(next) >= 0 || ".([".indexOf(prev) >= 0) {
                    i = j - 1;
                    continue;
                }
                out.append(' ');
                i = j - 1;
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String excerpt(String s, int at) {
        return io.tandem.waf.parse.Excerpts.around(s, at, at + 1, Detection.EXCERPT_CHARS);
    }
}
