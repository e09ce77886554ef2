package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Target;
import java.util.List;
import java.util.Locale;

/**
 * Java attacks: JNDI/Log4Shell lookups ({@code ${jndi:ldap://...}}, also obfuscated with nested
 * {@code ${lower:}}/{@code ${::-x}} lookups, resolved by {@link Log4jLookups}), other Log4j
 * lookups that leak data ({@code ${env:...}}), OGNL/EL expressions (Struts
 * {@code #_memberAccess}, {@code @java.lang.Runtime@getRuntime()}), Spring class-loader
 * manipulation, references to Java classes that run code or touch files
 * ({@code java.lang.Runtime}, {@code javax.script.ScriptEngineManager}), deserialization gadget
 * class names ({@code InvokerTransformer}) and serialized-object markers ({@code rO0AB},
 * {@code aced0005}). In base64-decoded values the bare words {@code runtime} and
 * {@code processbuilder} count too.
 */
public final class JavaInjectionDetector implements Detector {

    static final List<String> PACKAGE_LIST = List.of("java.lang.", "java.io.", "java.net.",
            "java.nio.", "java.util.", "java.beans.", "java.rmi.", "java.security.", "javax.script.", "javax.naming.",
            "javax.management.", "javax.el.", "com.opensymphony.xwork2", "com.sun.org.apache", "com.sun.jndi",
            "com.sun.rowset", "org.apache.commons", "org.apache.xalan", "org.apache.struts2", "org.omg.corba",
            "org.springframework.", "org.codehaus.groovy", "ognl.ognl", "sun.misc.", "sun.reflect.", "jdk.jshell",
            "bsh.interpreter", "groovy.lang.");

    static final List<String> GADGET_LIST = List.of("clonetransformer", "forclosure",
            "instantiatefactory", "instantiatetransformer", "invokertransformer", "prototypeclonefactory",
            "prototypeserializationfactory", "whileclosure", "chainedtransformer", "constanttransformer",
            "templatesimpl", "annotationinvocationhandler", "badattributevalueexpexception", "jdbcrowsetimpl",
            "processbuilder", "getruntime", "scriptenginemanager", "xmldecoder", "classpathxmlapplicationcontext",
            "filesystemxmlapplicationcontext");

    private static final KeywordSet GADGETS = KeywordSet.of(GADGET_LIST);

    /** Package names and gadget classes in one automaton. */
    private static final KeywordSet CLASSES = KeywordSet.of(
            java.util.stream.Stream.concat(PACKAGE_LIST.stream(), GADGET_LIST.stream()).toList());

    /**
     * Serialized-object markers as the gate sees them (lower-cased): the base64 stream headers
     * ({@code rO0AB}, and the same shifted by one or two characters) and the hex header.
     */
    static final List<String> SERIALIZED_MARKERS = List.of("ro0ab", "kztaa", "cs7qa", "aced0005");

    /**
     * The words of the {@link #OGNL} keywords that have no '#', '@', '(' or '{' (and of which
     * one needs a '.'): identifiers are not split by whitespace in code that runs, so one of them
     * is whole in the lower-cased value whenever such a keyword is in its whitespace-free form.
     */
    static final List<String> OGNL_WORD_LIST = List.of("ognlcontext", "methodaccessor", "classloader");

    private static final KeywordSet OGNL = KeywordSet.of(List.of("#_memberaccess", "@java.lang", "@ognl",
            "ognlcontext", "#context[", "#context.", "xwork.methodaccessor", ".getruntime()", "class.classloader",
            "class.module.classloader", "#request[", "#application[", "#session[", "#parameters[", "#attr[",
            "#f=#_", "(#", "%{#", "${#", "#{t(", "${t(", "t(java.", "new java.", "@java.", ".forname("));

    private static final KeywordSet LOOKUPS = KeywordSet.of(List.of("${jndi:", "${env:", "${sys:", "${java:",
            "${ctx:", "${main:", "${sd:", "${k8s:", "${docker:", "${spring:", "${bundle:", "${web:", "${log4j:",
            "${marker:", "${map:", "${event:", "${base64:", "${lower:", "${upper:", "${::-", "${date:"));

    private static final List<String> BASE64_WORDS = List.of("runtime", "processbuilder");

    @Override
    public String name() {
        return "java";
    }

    static String withoutWhitespace(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                    out.append(s, 0, i);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    @Override
    public Detection detect(Target target) {
        String raw = target.value();
        // The gate's pass over the decoded form stands for the raw value only when decoding changed
        // nothing (an escape such as \r could break a marker up).
        boolean markers = target.decoded() != raw || KeywordGate.mayHave(target, KeywordGate.JAVA_MARKERS);
        // the stream header as bytes has a NUL in it, so it needs a control character in the value
        if (markers && (raw.contains("rO0AB") || raw.contains("KztAA") || raw.contains("Cs7QA")) || target.hasAny(Features.CONTROL)
                && (raw.contains("\u00ac\u00ed\u0000\u0005") || raw.contains("\ufffd\ufffd\u0000\u0005"))) {
            return Detection.at(raw, 0, Math.min(raw.length(), 16), "java serialized object");
        }
        String v = target.decoded();
        if (!target.hasAny(Features.DOT | Features.DOLLAR | Features.HASH | Features.AT | Features.PAREN)
                && !target.derivedFrom().equals("base64") && v.length() < 8) {
            return null;
        }
        String lower = target.lower();
        if (markers && lower.contains("aced0005")) {
            int at = lower.indexOf("aced0005");
            return Detection.at(v, at, at + 8, "java serialized object (hex)");
        }
        if (target.hasAny(Features.DOLLAR) && lower.indexOf("${") >= 0 || target.hasAny(Features.COLON) && lower.contains("jndi:")) {
            String resolved = Log4jLookups.resolve(v).toLowerCase(Locale.ROOT).replace("\u0000", "");
            int jndi = resolved.indexOf("jndi:");
            if (jndi >= 0) {
                return Detection.at(resolved, Math.max(0, jndi - 2), jndi + 5, "java jndi lookup (log4shell)");
            }
            KeywordSet.Hit lookup = LOOKUPS.find(lower);
            if (lookup != null) {
                return Detection.at(v, lookup.start(), lookup.end(), "java log4j lookup " + lookup.keyword());
            }
        }
        KeywordSet.Hit hit = null;
        String compact = lower;
        if (target.hasAny(Features.HASH | Features.AT | Features.PAREN | Features.BRACE)
                || target.hasAny(Features.DOT) && KeywordGate.mayHave(target, KeywordGate.JAVA_OGNL)) {
            compact = withoutWhitespace(lower);
            hit = OGNL.find(compact);
        }
        if (hit != null && (!hit.keyword().equals("(#") || compact.contains("=") || compact.contains("@"))) {
            return Detection.at(compact, hit.start(), hit.end(), "java ognl/el expression " + hit.keyword());
        }
        // one pass for both lists; package names need a '.', so without one only gadgets can match
        hit = lower.length() >= 7 && KeywordGate.mayHave(target, KeywordGate.JAVA_CLASSES) ? (target.hasAny(Features.DOT) ? CLASSES : GADGETS).find(lower) : null;
        if (hit != null) {
            boolean gadget = GADGET_LIST.contains(hit.keyword());
            return Detection.at(v, hit.start(), hit.end(), (gadget ? "java gadget " : "java class ") + hit.keyword());
        }
        int java = target.hasAny(Features.DOT) ? lower.indexOf("java.") : -1;
        if (java >= 0) {
            int end = java + 5;
            while (end < lower.length() && end < java + 80 && !Character.isWhitespace(lower.charAt(end))) {
                end++;
            }
            String chain = lower.substring(java, end);
            if (chain.contains("runtime") || chain.contains("processbuilder")) {
                return Detection.at(v, java, end, "java runtime reference");
            }
        }
        if (target.derivedFrom().equals("base64")) {
            for (String word : BASE64_WORDS) {
                int at = lower.indexOf(word);
                if (at >= 0) {
                    return Detection.at(v, at, at + word.length(), "java keyword " + word + " in base64");
                }
            }
        }
        return null;
    }
}
