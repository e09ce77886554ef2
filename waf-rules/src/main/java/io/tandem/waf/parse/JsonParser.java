package io.tandem.waf.parse;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;

/**
 * A small, bounded JSON reader that flattens a document into {@code path -> value} arguments
 * ({@code user.roles[0]=admin}) and its keys. Depth is limited; on a syntax error it records
 * {@link Anomaly.Kind#JSON_MALFORMED} and keeps what it read so far. Iterative over the input, no
 * recursion deeper than the depth limit, never throws.
 *
 * <p>The head of a longer document (a body cut at the inspection limit) is read leniently: every
 * key and value in it is emitted, the string or literal the cut falls into as far as it goes, and
 * running out of input is not malformed. A syntax error before the cut still is.
 */
public final class JsonParser {

    private final String text;
    private final ParseContext ctx;
    private final int maxDepth;
    /** Whether {@link #text} is the head of a longer document. */
    private final boolean cut;
    private int pos;
    private boolean stop;

    private JsonParser(String text, boolean cut, ParseContext ctx) {
        this.text = text;
        this.cut = cut;
        this.ctx = ctx;
        this.maxDepth = ctx.limits().maxJsonDepth();
    }

    /** Returns whether the document parsed completely. */
    public static boolean parse(String text, ParseContext ctx) {
        return parse(text, false, ctx);
    }

    /**
     * Returns whether the document parsed completely (never for a head, {@code cut}).
     *
     * @param cut whether {@code text} is only the head of the document: its end is where reading
     *            stopped, not the end of the document
     */
    public static boolean parse(String text, boolean cut, ParseContext ctx) {
        JsonParser p = new JsonParser(text, cut, ctx);
        p.skipSpace();
        if (p.pos >= text.length()) {
            return true;
        }
        boolean ok = p.value("", 0);
        p.skipSpace();
        if (ok && p.pos < text.length() && !p.stop) {
            ctx.anomaly(Anomaly.Kind.JSON_MALFORMED, "body", "trailing data at " + p.pos);
            return false;
        }
        return ok && !cut;
    }

    private boolean value(String path, int depth) {
        if (stop) {
            return false;
        }
        skipSpace();
        if (pos >= text.length()) {
            return fail("unexpected end");
        }
        char c = text.charAt(pos);
        if (c == '{' || c == '[') {
            if (depth >= maxDepth) {
                ctx.anomaly(Anomaly.Kind.JSON_TOO_DEEP, "body", "deeper than " + maxDepth);
                stop = true;
                return false;
            }
            return c == '{' ? object(path, depth + 1) : array(path, depth + 1);
        }
        if (c == '"') {
            String s = string();
            return s != null && emit(path, s);
        }
        int start = pos;
        while (pos < text.length() && "{}[],: \t\r\n".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String literal = text.substring(start, pos);
        if (literal.isEmpty()) {
            return fail("unexpected '" + c + "'");
        }
        boolean atCut = cut && pos >= text.length(); // "tru" of a cut "true"
        if (!atCut && !literal.equals("true") && !literal.equals("false") && !literal.equals("null")
                && !isNumber(literal)) {
            ctx.anomaly(Anomaly.Kind.JSON_MALFORMED, "body", "bad literal");
        }
        return emit(path, literal);
    }

    private boolean object(String path, int depth) {
        pos++; // {
        skipSpace();
        if (peek() == '}') {
            pos++;
            return true;
        }
        while (!stop) {
            skipSpace();
            if (peek() != '"') {
                return fail("expected a key");
            }
            String key = string();
            if (key == null) {
                return false;
            }
            String child = path.isEmpty() ? key : path + "." + key;
            if (!ctx.addArg(Location.JSON_KEY, null, child, key, "body")) {
                stop = true;
                return false;
            }
            skipSpace();
            if (peek() != ':') {
                return fail("expected ':'");
            }
            pos++;
            if (!value(child, depth)) {
                return false;
            }
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return true;
            } else {
                return fail("expected ',' or '}'");
            }
        }
        return false;
    }

    private boolean array(String path, int depth) {
        pos++; // [
        skipSpace();
        if (peek() == ']') {
            pos++;
            return true;
        }
        int index = 0;
        while (!stop) {
            if (!value(path + "[" + index + "]", depth)) {
                return false;
            }
            index++;
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return true;
            } else {
                return fail("expected ',' or ']'");
            }
        }
        return false;
    }

    private String string() {
        StringBuilder out = new StringBuilder();
        pos++; // opening quote
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (pos + 4 <= text.length()) {
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                            pos += 4;
                        } catch (NumberFormatException ex) {
                            ctx.anomaly(Anomaly.Kind.JSON_MALFORMED, "body", "bad \\u escape");
                            out.append('u');
                        }
                    } else {
                        out.append('u');
                    }
                }
                default -> out.append(e);
            }
        }
        if (cut) { // the cut falls into this string: what was read of it is inspected
            stop = true;
            return out.toString();
        }
        fail("unterminated string");
        return null;
    }

    private boolean emit(String path, String value) {
        if (!ctx.addArg(Location.JSON_VALUE, null, path, value, "body")) {
            stop = true;
            return false;
        }
        return true;
    }

    private boolean fail(String why) {
        stop = true;
        if (cut && pos >= text.length()) {
            return false; // the input ran out where reading stopped: not an error of the document
        }
        ctx.anomaly(Anomaly.Kind.JSON_MALFORMED, "body", why + " at " + pos);
        return false;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isNumber(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("0123456789+-.eE".indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
