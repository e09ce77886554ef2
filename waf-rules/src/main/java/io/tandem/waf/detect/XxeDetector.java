package io.tandem.waf.detect;

import io.tandem.waf.Features;
import io.tandem.waf.Target;
import java.util.Locale;

/**
 * XML external entities and their relatives: a DOCTYPE with an external identifier
 * ({@code SYSTEM}/{@code PUBLIC}) or with entity declarations, parameter entities, XInclude,
 * external schema locations, and XML declared as UTF-7 (a classic filter bypass).
 */
public final class XxeDetector implements Detector {

    @Override
    public String name() {
        return "xxe";
    }

    /** A value needs one of these characters for anything this detector looks for. */
    private static final int TRIGGERS = Features.LT | Features.PLUS;

    @Override
    public int triggers() {
        return TRIGGERS;
    }

    @Override
    public Detection detect(Target target) {
        if (!target.hasAny(TRIGGERS)) {
            return null;
        }
        String v = target.value();
        if (v.indexOf('<') < 0 && !v.contains("+ADw")) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        int doctype = lower.indexOf("<!doctype");
        if (doctype >= 0) {
            int end = lower.indexOf('>', doctype);
            String head = lower.substring(doctype, Math.min(lower.length(), doctype + 2048));
            String decl = lower.substring(doctype, end < 0 ? lower.length() : end);
            if (head.contains("<!entity") || decl.contains(" system") || decl.contains(" public")) {
                return Detection.at(v, doctype, doctype + 9, "xxe doctype with external identifier or entities");
            }
        }
        int entity = lower.indexOf("<!entity");
        if (entity >= 0 && (lower.indexOf("system", entity) > 0 || lower.indexOf("public", entity) > 0
                || lower.indexOf('%', entity) > 0)) {
            return Detection.at(v, entity, entity + 8, "xxe external entity");
        }
        int xinclude = lower.indexOf("xinclude");
        if (xinclude < 0) {
            xinclude = lower.indexOf(":include ");
        }
        if (xinclude >= 0 && (lower.contains("href=") || lower.contains("namespace=") || lower.contains("schemalocation="))) {
            return Detection.at(v, xinclude, xinclude + 8, "xxe xinclude/schema include");
        }
        int schema = lower.indexOf("schemalocation=");
        if (schema >= 0 && lower.indexOf("http", schema) > 0 && lower.indexOf("http", schema) < schema + 24) {
            return Detection.at(v, schema, schema + 15, "xxe external schema location");
        }
        int decl = lower.indexOf("<?xml");
        if (decl >= 0) {
            int end = lower.indexOf("?>", decl);
            String xmlDecl = lower.substring(decl, end < 0 ? Math.min(lower.length(), decl + 200) : end);
            if (xmlDecl.contains("utf-7") || xmlDecl.contains("utf7")) {
                return Detection.at(v, decl, decl + 5, "xxe xml declared as utf-7");
            }
        }
        return null;
    }
}
