package io.tandem.waf.detect;

import io.tandem.waf.transform.CommentRemoval;
import io.tandem.waf.transform.CssEscapeDecode;
import io.tandem.waf.transform.HtmlEntityDecode;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a value the way an HTML tokenizer would and reports the first script-capable construct:
 * a tag that runs or loads code ({@code script}, {@code iframe}, {@code svg}, {@code object} ...),
 * an event-handler attribute on any tag ({@code <x onpointerrawupdate=...>}), or an attribute
 * value that is a script URL ({@code javascript:}, {@code vbscript:}, {@code data:text/html})
 * or script-capable CSS. Attribute values are entity-decoded and stripped of the whitespace and
 * control characters browsers ignore inside a URL scheme. Linear; at most {@value #MAX_TAGS} tags.
 */
final class HtmlScanner {

    private static final int MAX_TAGS = 256;

    static final Set<String> DANGEROUS_TAGS = Set.of("script", "iframe", "frame", "frameset", "object", "embed",
            "applet", "base", "link", "meta", "style", "svg", "math", "xml", "import", "isindex", "vmlframe",
            "bgsound", "layer", "ilayer", "xss", "portal", "xmp", "plaintext", "noscript", "template", "set",
            "animate", "handler", "listener", "html:script");

    private static final Set<String> PROCESSING_INSTRUCTIONS = Set.of("import", "xml:namespace", "xml-stylesheet");

    /** Namespace prefixes that make any element script-capable or a style sheet. */
    private static final Set<String> DANGEROUS_PREFIXES = Set.of("svg", "xsl", "html", "xhtml", "math");

    /** Attributes that bind data or handlers (IE data binding, XML Events). */
    private static final Set<String> BINDING_ATTRIBUTES = Set.of("datasrc", "datafld", "dataformatas", "ev:handler",
            "ev:event", "xlink:href", "formaction", "srcdoc");

    private static final Set<String> NOT_EVENTS = Set.of("once", "only", "online", "onset", "onward", "onwards", "onion");

    /** What was found and where. */
    record Finding(String what, int start, int end) {
    }

    private HtmlScanner() {
    }

    static Finding scan(String v) {
        int n = v.length();
        int tags = 0;
        int i = v.indexOf('<');
        while (i >= 0 && i < n - 1 && tags < MAX_TAGS) {
            tags++;
            int j = i + 1;
            char c = v.charAt(j);
            if (c == '/' || c == '?') {
                j++;
                if (c == '/') {
                    int k = j;
                    while (k < n && (v.charAt(k) == '/' || isSpace(v.charAt(k)))) {
                        k++;
                    }
                    if (k > j && k < n && Character.isLetter(v.charAt(k))) {
                        // "<//  style=...": a closing tag that carries attributes
                        Finding f = attributes(v, k, "/");
                        if (f != null) {
                            return f;
                        }
                    }
                }
            } else if (c == '!') {
                i = v.indexOf('<', j);
                continue;
            }
            int nameStart = j;
            while (j < n && isNameChar(v.charAt(j))) {
                j++;
            }
            if (j == nameStart || !Character.isLetter(v.charAt(nameStart))) {
                i = v.indexOf('<', i + 1);
                continue;
            }
            String name = v.substring(nameStart, j).toLowerCase(Locale.ROOT);
            boolean closing = v.charAt(i + 1) == '/';
            if (v.charAt(i + 1) == '?') {
                // processing instructions: only the ones IE and XSLT run
                if (PROCESSING_INSTRUCTIONS.contains(name)) {
                    return new Finding("processing instruction <?" + name + ">", i, j);
                }
                Finding f = name.equals("xml-stylesheet") ? attributes(v, j, name) : null;
                if (f != null) {
                    return f;
                }
                i = v.indexOf('<', i + 1);
                continue;
            }
            int colon = name.lastIndexOf(':');
            String local = colon >= 0 && colon < name.length() - 1 ? name.substring(colon + 1) : name;
            if (!closing && (DANGEROUS_TAGS.contains(local) || DANGEROUS_TAGS.contains(name)
                    || colon > 0 && DANGEROUS_PREFIXES.contains(name.substring(0, colon)))) {
                return new Finding("tag <" + name + ">", i, j);
            }
            Finding f = closing ? null : attributes(v, j, name);
            if (f != null) {
                return f;
            }
            i = v.indexOf('<', i + 1);
        }
        return null;
    }

    /** Scans the attributes of a tag whose name ends at {@code from}. */
    private static Finding attributes(String v, int from, String tag) {
        int n = v.length();
        int i = from;
        int count = 0;
        while (i < n && count++ < 64) {
            while (i < n && (isSpace(v.charAt(i)) || v.charAt(i) == '/')) {
                i++;
            }
            if (i >= n || v.charAt(i) == '>') {
                return null;
            }
            int nameStart = i;
            while (i < n && !isSpace(v.charAt(i)) && v.charAt(i) != '/' && v.charAt(i) != '>' && v.charAt(i) != '='
                    && !(i > nameStart && v.charAt(i) == '<')) {
                i++;
            }
            String attr = v.substring(nameStart, i).toLowerCase(Locale.ROOT);
            if (i == nameStart) {
                i++;
                continue;
            }
            while (i < n && isSpace(v.charAt(i))) {
                i++;
            }
            String value = null;
            int valueStart = i;
            if (i < n && v.charAt(i) == '=') {
                i++;
                while (i < n && isSpace(v.charAt(i))) {
                    i++;
                }
                valueStart = i;
                if (i < n && (v.charAt(i) == '"' || v.charAt(i) == '\'' || v.charAt(i) == '`')) {
                    char q = v.charAt(i);
                    int end = v.indexOf(q, i + 1);
                    value = v.substring(i + 1, end < 0 ? n : end);
                    i = end < 0 ? n : end + 1;
                } else {
                    while (i < n && !isSpace(v.charAt(i)) && v.charAt(i) != '>') {
                        i++;
                    }
                    value = v.substring(valueStart, i);
                }
            }
            String bare = stripLeadingPunctuation(attr);
            if (isEventName(bare) && value != null) {
                return new Finding("event handler " + bare + " on <" + tag + ">", nameStart, i);
            }
            if (BINDING_ATTRIBUTES.contains(bare) && value != null) {
                return new Finding("binding attribute " + bare + " on <" + tag + ">", nameStart, i);
            }
            if (value != null) {
                String what = dangerousValue(bare, value);
                if (what != null) {
                    return new Finding(what + " in " + bare + " of <" + tag + ">", valueStart, i);
                }
            }
        }
        return null;
    }

    static boolean isEventName(String attr) {
        if (attr.length() < 5 || !attr.startsWith("on") || NOT_EVENTS.contains(attr)) {
            return false;
        }
        for (int k = 2; k < attr.length(); k++) {
            char c = attr.charAt(k);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /** A script URL or script-capable CSS in an attribute value, or {@code null}. */
    static String dangerousValue(String attr, String raw) {
        String value = compactUrl(HtmlEntityDecode.INSTANCE.apply(raw));
        String scheme = scriptScheme(value);
        if (scheme != null) {
            return scheme;
        }
        if (attr.equals("style") || value.contains("expression(") || value.contains("-moz-binding")) {
            String css = CssEscapeDecode.INSTANCE.apply(HtmlEntityDecode.INSTANCE.apply(raw)).toLowerCase(Locale.ROOT);
            css = CommentRemoval.INSTANCE.apply(css);
            String cssCompact = compactUrl(css);
            if (cssCompact.contains("expression(") || cssCompact.contains("javascript:") || cssCompact.contains("-moz-binding")
                    || cssCompact.contains("behavior:") || cssCompact.contains("behaviour:") || cssCompact.contains("binding:")
                    || cssCompact.contains("@import") || cssCompact.contains("vbscript:")) {
                return "script in CSS";
            }
            if (attr.equals("style") && (raw.contains("url(") || raw.indexOf('{') >= 0 || raw.indexOf('}') >= 0
                    || raw.indexOf('[') >= 0 || raw.indexOf('\\') >= 0 || raw.contains("/*") || raw.contains("&#"))) {
                return "CSS injection in style";
            }
        }
        return null;
    }

    /** {@code javascript:}-like scheme at the start of an already compacted value, or {@code null}. */
    static String scriptScheme(String compact) {
        if (compact.startsWith("javascript:") || compact.startsWith("livescript:") || compact.startsWith("mocha:")) {
            return "javascript: URL";
        }
        if (compact.startsWith("vbscript:")) {
            return "vbscript: URL";
        }
        if (compact.startsWith("data:text/html") || compact.startsWith("data:image/svg") || compact.startsWith("data:application/xhtml")
                || compact.startsWith("data:text/xml") || compact.startsWith("data:application/x-")) {
            return "data: URL with markup";
        }
        return null;
    }

    /** Lower case, without the whitespace and control characters a browser drops from a URL. */
    static String compactUrl(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!droppedFromUrl(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    private static boolean droppedFromUrl(char c) {
        return c <= ' ' || c == 0x7f || c == 0xa0 || c == 0xfeff || c == 0x200b;
    }

    /**
     * Whether {@link #compactUrl} of {@code s} may hold a script scheme ({@code javascript:},
     * {@code vbscript:}, {@code data:}): whether some ':' follows, dropped characters skipped, a
     * letter such a scheme ends in ('t', 'a', or a non-ASCII one that lower-cases to either). A
     * time ({@code 00:00:00}) or an {@code http:} URL does not.
     */
    static boolean mayHaveScriptScheme(String s) {
        for (int colon = s.indexOf(':'); colon >= 0; colon = s.indexOf(':', colon + 1)) {
            int j = colon - 1;
            while (j >= 0 && droppedFromUrl(s.charAt(j))) {
                j--;
            }
            char c = j >= 0 ? s.charAt(j) : ' ';
            if (c == 't' || c == 'T' || c == 'a' || c == 'A' || c >= 0x80) {
                return true;
            }
        }
        return false;
    }

    private static String stripLeadingPunctuation(String attr) {
        int k = 0;
        while (k < attr.length() && !Character.isLetter(attr.charAt(k))) {
            k++;
        }
        return attr.substring(k);
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == ':' || c == '-' || c == '_' || c == '.';
    }

    static boolean isSpace(char c) {
        return c <= ' ' || c == 0x7f || c == 0xa0 || c == 0x0c;
    }
}
