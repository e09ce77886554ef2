package io.tandem.waf.parse;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.Param;
import io.tandem.waf.transform.DecodeListener;
import io.tandem.waf.transform.LenientUtf8;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses a {@code multipart/form-data} body into field values, field names and file names. It
 * accepts CRLF and bare LF line ends (as lenient backends do) and records what strict parsers
 * would reject: a missing or unterminated boundary, parts without a form-data disposition,
 * quotes or {@code =} inside names, charsets other than UTF-8/Latin-1, and the deprecated
 * Content-Transfer-Encoding header. File contents are not inspected, only their names.
 */
public final class MultipartParser {

    private static final Set<String> CHARSETS = Set.of("utf-8", "iso-8859-1", "us-ascii", "windows-1252", "iso-8859-15");

    private MultipartParser() {
    }

    /**
     * @param cut whether the body goes on beyond {@code length} (read up to the inspection limit):
     *            its closing delimiter is then not there to find, and its last part is inspected
     *            as far as it was read
     */
    public static void parse(byte[] body, int length, String boundary, boolean cut, ParseContext ctx) {
        if (boundary.isEmpty() || boundary.length() > 200) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_NO_BOUNDARY, "body", boundary.isEmpty() ? "no boundary" : "boundary too long");
            return;
        }
        // ISO-8859-1 maps bytes 1:1 to chars, so structure can be found with String methods.
        String text = new String(body, 0, length, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int at = text.indexOf(delimiter);
        if (at < 0) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_MALFORMED, "body", "boundary not found");
            return;
        }
        int parts = 0;
        boolean closed = false;
        while (at >= 0) {
            int after = at + delimiter.length();
            if (text.startsWith("--", after)) {
                closed = true;
                break;
            }
            int headerStart = skipLineEnd(text, after);
            if (headerStart < 0) {
                break;
            }
            int next = text.indexOf(delimiter, headerStart);
            int partEnd = next < 0 ? text.length() : next;
            // the line end before the next delimiter belongs to the delimiter
            if (next >= 0) {
                if (partEnd >= 2 && text.startsWith("\r\n", partEnd - 2)) {
                    partEnd -= 2;
                } else if (partEnd >= 1 && text.charAt(partEnd - 1) == '\n') {
                    partEnd -= 1;
                }
            }
            if (parts >= ctx.limits().maxMultipartParts()) {
                ctx.anomaly(Anomaly.Kind.MULTIPART_TOO_MANY_PARTS, "body", "more than " + ctx.limits().maxMultipartParts());
                return;
            }
            parts++;
            if (!part(body, text, headerStart, Math.max(headerStart, partEnd), cut && next < 0, ctx)) {
                return;
            }
            at = next;
        }
        if (!closed && !cut) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_MALFORMED, "body", "no closing boundary");
        }
    }

    /** @param cut whether the part goes on beyond {@code end}: the body was cut at the inspection limit */
    private static boolean part(byte[] body, String text, int start, int end, boolean cut, ParseContext ctx) {
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = start;
        while (pos < end) {
            int lineEnd = text.indexOf('\n', pos);
            if (lineEnd < 0 || lineEnd > end) {
                lineEnd = end;
            }
            String line = text.substring(pos, lineEnd);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = Math.min(end, lineEnd + 1);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                ctx.anomaly(Anomaly.Kind.MULTIPART_MALFORMED, "body", "bad part header");
                continue;
            }
            String value = LenientUtf8.decode(line.getBytes(StandardCharsets.ISO_8859_1), colon + 1,
                    line.length() - colon - 1, DecodeListener.IGNORE).trim();
            headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), value);
        }
        String disposition = headers.getOrDefault("content-disposition", "");
        Map<String, String> params = dispositionParams(disposition);
        if (!disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_MALFORMED, "body", "part without form-data disposition");
        }
        if (headers.containsKey("content-transfer-encoding")) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_TRANSFER_ENCODING, "body", headers.get("content-transfer-encoding"));
        }
        String charset = ContentType.parse(headers.get("content-type")).param("charset").toLowerCase(Locale.ROOT);
        if (!charset.isEmpty() && !CHARSETS.contains(charset)) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_BAD_CHARSET, "body", charset);
        }
        String name = params.getOrDefault("name", "");
        String filename = params.get("filename");
        if (hasOddCharacters(name) || (filename != null && hasOddCharacters(filename))) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_MALFORMED, "body", "quote, '=' or ';' in a part name");
        }
        if (filename != null) {
            ctx.add(new Param(Location.FILE_NAME, name, filename));
            return ctx.addArg(Location.MULTIPART_NAME, null, name, name, "body");
        }
        int valueLength = Math.min(end - pos, ctx.limits().maxArgValueLength());
        if (cut || valueLength < end - pos) { // a cut, not the client, may have split the last character
            valueLength = Utf8Head.completeLength(body, pos, Math.max(0, valueLength));
        }
        String value = LenientUtf8.decode(body, pos, Math.max(0, valueLength), ctx.listener("multipart"));
        if (name.equals("_charset_") && !CHARSETS.contains(value.trim().toLowerCase(Locale.ROOT))) {
            ctx.anomaly(Anomaly.Kind.MULTIPART_BAD_CHARSET, "body", value);
        }
        return ctx.addArg(Location.MULTIPART_VALUE, Location.MULTIPART_NAME, name, value, "body");
    }

    /** Parameters of a Content-Disposition value, honouring quoted strings (which may contain ';'). */
    static Map<String, String> dispositionParams(String disposition) {
        Map<String, String> params = new LinkedHashMap<>();
        int n = disposition.length();
        int i = disposition.indexOf(';');
        while (i >= 0 && i < n) {
            i++;
            while (i < n && disposition.charAt(i) == ' ') {
                i++;
            }
            int eq = disposition.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = disposition.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            String value;
            if (j < n && disposition.charAt(j) == '"') {
                StringBuilder sb = new StringBuilder();
                j++;
                while (j < n && disposition.charAt(j) != '"') {
                    char c = disposition.charAt(j);
                    if (c == '\\' && j + 1 < n) {
                        j++;
                        c = disposition.charAt(j);
                    }
                    sb.append(c);
                    j++;
                }
                value = sb.toString();
                j = disposition.indexOf(';', j);
            } else {
                int semi = disposition.indexOf(';', j);
                value = disposition.substring(j, semi < 0 ? n : semi).trim();
                j = semi;
            }
            params.putIfAbsent(key, value);
            i = j;
        }
        return params;
    }

    private static boolean hasOddCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '=' || c == ';') {
                return true;
            }
        }
        return false;
    }

    private static int skipLineEnd(String text, int at) {
        int i = at;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (text.startsWith("\r\n", i)) {
            return i + 2;
        }
        if (i < text.length() && text.charAt(i) == '\n') {
            return i + 1;
        }
        return -1;
    }
}
