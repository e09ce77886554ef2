package io.tandem.proxy.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One admin API request as route code sees it: path parameters, checked query parameters and a
 * bounded body. Every accessor that can fail on client input throws {@link ProblemException}
 * with a 4xx status, never anything else.
 */
final class AdminRequest {

    /** Largest request body read: {@value} bytes (1 MiB); a longer one is answered 413. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_QUERY_VALUE = 256;

    private final HttpServerExchange exchange;
    private final Map<String, String> pathParameters;
    private final String caller;
    private byte[] body;

    AdminRequest(HttpServerExchange exchange, Map<String, String> pathParameters, String caller) {
        this.exchange = exchange;
        this.pathParameters = Map.copyOf(pathParameters);
        this.caller = caller;
    }

    /** The name of the token that made the call, or {@code -} on a public route. */
    String caller() {
        return caller;
    }

    String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    HttpServerExchange exchange() {
        return exchange;
    }

    /** The first value of a query parameter, {@code null} when absent or empty. */
    String query(String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty() || values.peekFirst().isEmpty()) {
            return null;
        }
        String value = values.peekFirst();
        if (value.length() > MAX_QUERY_VALUE) {
            throw ProblemException.badRequest(name + ": " + value.length() + " characters (expected: at most "
                    + MAX_QUERY_VALUE + ")");
        }
        return value;
    }

    /** An integer query parameter within {@code min..max}, or {@code absent} when not given. */
    int intQuery(String name, int absent, int min, int max) {
        String value = query(name);
        if (value == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest(name + ": " + Texts.quote(value) + " (expected: an integer " + min + ".." + max + ")");
    }

    /** The request body, at most {@link #MAX_BODY_BYTES}; 413 when longer. */
    byte[] body() throws IOException {
        if (body == null) {
            InputStream in = exchange.getInputStream();
            // Read one byte more than allowed to tell "exactly at the bound" from "over it". Not
            // Undertow's MAX_ENTITY_SIZE: it breaks the connection before a 413 can be sent.
            byte[] read = in.readNBytes(MAX_BODY_BYTES + 1);
            if (read.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            body = read;
        }
        return body;
    }

    static ProblemException tooLarge() {
        return ProblemException.of(StatusCodes.REQUEST_ENTITY_TOO_LARGE, "payload-too-large",
                "request body: more than " + MAX_BODY_BYTES + " bytes (expected: at most " + MAX_BODY_BYTES + ")");
    }

    /** The body as UTF-8 text; 400 when it is not UTF-8. */
    String bodyText() throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("request body: not UTF-8 text (expected: UTF-8)");
        }
    }

    /**
     * The body as a JSON object bound to {@code type}: 400 when it is not JSON at all, 422 when it
     * is JSON of the wrong shape (unknown member, wrong type). The {@code Content-Type} is not
     * checked, so {@code curl -d} works as typed: bearer tokens are never sent by a browser on its
     * own, so there is no cross-site request to guard against.
     */
    <T> T json(Class<T> type) throws IOException {
        byte[] bytes = body();
        if (bytes.length == 0) {
            throw ProblemException.of(StatusCodes.BAD_REQUEST, "invalid-json",
                    "request body: (empty) (expected: a JSON object)");
        }
        try {
            return AdminJson.MAPPER.readValue(bytes, type);
        } catch (JsonMappingException e) {
            if (e instanceof MismatchedInputException || e instanceof PropertyBindingException) {
                String problem = shapeProblem(e);
                throw ProblemException.unprocessable("validation-failed", "request body: " + problem)
                        .with("problems", List.of(problem));
            }
            throw invalidJson(e);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        }
    }

    /**
     * {@code member: value (expected: ...)} for JSON of the wrong shape, without Jackson's own
     * message, which names Java classes.
     */
    private static String shapeProblem(JsonMappingException e) {
        String path = pathOf(e);
        if (e instanceof PropertyBindingException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return path + ": (unknown member) (expected: " + (known.isEmpty() ? "no members" : "one of " + known) + ")";
        }
        MismatchedInputException mismatch = (MismatchedInputException) e;
        String value = e instanceof InvalidFormatException invalid
                ? Texts.quote(String.valueOf(invalid.getValue())) : "(wrong type)";
        if (path.equals("(body)")) {
            return "(body): " + value + " (expected: a JSON object)";
        }
        return path + ": " + value + " (expected: " + expected(mismatch.getTargetType()) + ")";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a JSON object";
    }

    private static ProblemException invalidJson(JsonProcessingException e) {
        return ProblemException.of(StatusCodes.BAD_REQUEST, "invalid-json", "request body: not JSON, " + where(e)
                + Texts.bounded(e.getOriginalMessage(), 200) + " (expected: a JSON object)");
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "" : "line " + at.getLineNr() + " column " + at.getColumnNr() + ": ";
    }

    private static String pathOf(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "(body)" : path;
    }
}
