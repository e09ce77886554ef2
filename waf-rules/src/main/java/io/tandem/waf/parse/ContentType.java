package io.tandem.waf.parse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Content-Type value: the lower-cased media type and its parameters (lower-cased names,
 * unquoted values; the first occurrence of a name wins, later ones are counted as duplicates).
 *
 * @param mediaType       {@code type/subtype}, lower case; empty when missing
 * @param params          parameter name to value
 * @param valid           whether the value has the {@code type/subtype *(; name=value)} shape
 * @param duplicateParams how many parameters repeated a name already seen
 */
public record ContentType(String mediaType, Map<String, String> params, boolean valid, int duplicateParams) {

    public static final ContentType NONE = new ContentType("", Map.of(), true, 0);

    public static ContentType parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String[] pieces = value.split(";", -1);
        String media = pieces[0].trim().toLowerCase(Locale.ROOT);
        boolean valid = isToken(media, true);
        Map<String, String> params = new LinkedHashMap<>();
        int duplicates = 0;
        for (int i = 1; i < pieces.length && i < 32; i++) {
            String piece = pieces[i].trim();
            if (piece.isEmpty()) {
                continue;
            }
            int eq = piece.indexOf('=');
            if (eq <= 0) {
                valid = false;
                continue;
            }
            String name = piece.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = piece.substring(eq + 1).trim();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            if (!isToken(name, false)) {
                valid = false;
            }
            if (params.containsKey(name)) {
                duplicates++;
            } else {
                params.put(name, v);
            }
        }
        return new ContentType(media, Map.copyOf(params), valid, duplicates);
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    public boolean isForm() {
        return mediaType.equals("application/x-www-form-urlencoded");
    }

    public boolean isMultipart() {
        return mediaType.startsWith("multipart/");
    }

    public boolean isJson() {
        return mediaType.equals("application/json") || mediaType.endsWith("+json") || mediaType.equals("text/json")
                || mediaType.equals("application/csp-report");
    }

    public boolean isXml() {
        return mediaType.equals("application/xml") || mediaType.equals("text/xml") || mediaType.endsWith("+xml");
    }

    private static boolean isToken(String s, boolean media) {
        if (s.isEmpty()) {
            return false;
        }
        int slashes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/') {
                slashes++;
                continue;
            }
            if (!HttpToken.isTokenChar(c)) {
                return false;
            }
        }
        return media ? slashes == 1 && !s.startsWith("/") && !s.endsWith("/") : slashes == 0;
    }
}
