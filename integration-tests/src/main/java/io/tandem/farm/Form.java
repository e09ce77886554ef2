package io.tandem.farm;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} request body, parsed with bounds: at most
 * {@link #MAX_BYTES} bytes and {@link #MAX_FIELDS} fields; a field sent twice keeps its first
 * value. Anything else (other content type, bad percent-encoding, too large) is a
 * {@link BadRequestException}.
 */
record Form(Map<String, String> fields) {

    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_FIELDS = 64;

    Form {
        fields = Map.copyOf(fields);
    }

    Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Reads and parses the body of a blocking exchange ({@code startBlocking()} already called). */
    static Form read(HttpServerExchange exchange) throws BadRequestException, IOException {
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            exchange.setPersistent(false); // the body stays unread
            throw new BadRequestException("Content-Type: " + contentType + " (expected: application/x-www-form-urlencoded)");
        }
        long declared = exchange.getRequestContentLength();
        if (declared > MAX_BYTES) {
            exchange.setPersistent(false);
            throw new BadRequestException("form body: " + declared + " bytes (expected: <= " + MAX_BYTES + ")");
        }
        // Not closed here: closing would drain the rest of an oversized body; Undertow ends the stream.
        InputStream in = exchange.getInputStream();
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            exchange.setPersistent(false);
            throw new BadRequestException("form body: more than " + MAX_BYTES + " bytes (expected: <= " + MAX_BYTES + ")");
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    /** Parses {@code a=1&b=x%20y}; pure, for tests. */
    static Form parse(String body) throws BadRequestException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return new Form(fields);
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            throw new BadRequestException("form body: " + pairs.length + " fields (expected: <= " + MAX_FIELDS + ")");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.isEmpty()) {
                throw new BadRequestException("form field: '" + abbreviate(pair) + "' (expected: name=value with a non-empty name)");
            }
            fields.putIfAbsent(name, value);
        }
        return new Form(fields);
    }

    private static String decode(String raw) throws BadRequestException {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("form field: '" + abbreviate(raw) + "' (expected: valid percent-encoding, %XX with hex digits)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
