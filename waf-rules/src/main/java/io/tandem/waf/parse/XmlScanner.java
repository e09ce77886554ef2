package io.tandem.waf.parse;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;

/**
 * Extracts element text, CDATA and attribute values from an XML body without building a tree and
 * without resolving anything (no DTD, no entities: nothing here can be made to fetch or expand).
 * Values become {@link Location#XML_VALUE} arguments named by element or attribute. Nesting
 * beyond the limit and unterminated constructs are recorded, never fatal.
 *
 * <p>The head of a longer body (cut at the inspection limit) is scanned leniently: the text, CDATA
 * or attributes the cut falls into are inspected as far as they go, and a construct left open by
 * the cut is not malformed.
 */
public final class XmlScanner {

    private XmlScanner() {
    }

    public static void scan(String xml, ParseContext ctx) {
        scan(xml, false, ctx);
    }

    /**
     * @param cut whether {@code xml} is only the head of the body: its end is where reading
     *            stopped, not the end of the document
     */
    public static void scan(String xml, boolean cut, ParseContext ctx) {
        int n = xml.length();
        int i = 0;
        int depth = 0;
        String element = "";
        while (i < n) {
            int lt = xml.indexOf('<', i);
            String text = (lt < 0 ? xml.substring(i) : xml.substring(i, lt)).trim();
            if (!text.isEmpty() && !ctx.addArg(Location.XML_VALUE, null, element, text, "body")) {
                return;
            }
            if (lt < 0) {
                return;
            }
            if (xml.startsWith("<!--", lt)) {
                int end = xml.indexOf("-->", lt + 4);
                if (end < 0) {
                    unterminated(cut, "unterminated comment", ctx);
                    return;
                }
                i = end + 3;
                continue;
            }
            if (xml.startsWith("<![CDATA[", lt)) {
                int end = xml.indexOf("]]>", lt + 9);
                String cdata = xml.substring(lt + 9, end < 0 ? n : end);
                if (!cdata.isBlank() && !ctx.addArg(Location.XML_VALUE, null, element, cdata, "body")) {
                    return;
                }
                if (end < 0) {
                    unterminated(cut, "unterminated CDATA", ctx);
                    return;
                }
                i = end + 3;
                continue;
            }
            int gt = tagEnd(xml, lt + 1);
            if (gt < 0) {
                if (cut) { // the attributes read before the cut are inspected
                    String tag = xml.substring(lt + 1);
                    attributes(tag, nameEnd(tag), ctx);
                }
                unterminated(cut, "unterminated tag", ctx);
                return;
            }
            String tag = xml.substring(lt + 1, gt);
            i = gt + 1;
            if (tag.startsWith("?") || tag.startsWith("!")) {
                continue;
            }
            if (tag.startsWith("/")) {
                depth = Math.max(0, depth - 1);
                continue;
            }
            boolean selfClosing = tag.endsWith("/");
            int nameEnd = nameEnd(tag);
            element = tag.substring(0, nameEnd);
            if (!attributes(tag, nameEnd, ctx)) {
                return;
            }
            if (!selfClosing) {
                depth++;
                if (depth > ctx.limits().maxXmlDepth()) {
                    ctx.anomaly(Anomaly.Kind.XML_TOO_DEEP, "body", "deeper than " + ctx.limits().maxXmlDepth());
                    return;
                }
            }
        }
    }

    private static void unterminated(boolean cut, String what, ParseContext ctx) {
        if (!cut) {
            ctx.anomaly(Anomaly.Kind.XML_MALFORMED, "body", what);
        }
    }

    private static int nameEnd(String tag) {
        int nameEnd = 0;
        while (nameEnd < tag.length() && !Character.isWhitespace(tag.charAt(nameEnd)) && tag.charAt(nameEnd) != '/') {
            nameEnd++;
        }
        return nameEnd;
    }

    private static boolean attributes(String tag, int from, ParseContext ctx) {
        int n = tag.length();
        int i = from;
        while (i < n) {
            int eq = tag.indexOf('=', i);
            if (eq < 0) {
                return true;
            }
            String name = tag.substring(i, eq).trim();
            int j = eq + 1;
            while (j < n && Character.isWhitespace(tag.charAt(j))) {
                j++;
            }
            if (j >= n) {
                return true;
            }
            char q = tag.charAt(j);
            int end;
            String value;
            if (q == '"' || q == '\'') {
                end = tag.indexOf(q, j + 1);
                if (end < 0) {
                    end = n;
                }
                value = tag.substring(j + 1, end);
                end++;
            } else {
                end = j;
                while (end < n && !Character.isWhitespace(tag.charAt(end))) {
                    end++;
                }
                value = tag.substring(j, end);
            }
            if (!ctx.addArg(Location.XML_VALUE, null, name, value, "body")) {
                return false;
            }
            i = end;
        }
        return true;
    }

    /** Index of the '>' closing a tag that starts at {@code from}, skipping quoted attribute values. */
    private static int tagEnd(String xml, int from) {
        char quote = 0;
        for (int i = from; i < xml.length(); i++) {
            char c = xml.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }
}
