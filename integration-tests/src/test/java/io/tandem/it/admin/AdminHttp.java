package io.tandem.it.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of one member's admin API ({@code http://127.0.0.1:<port>/api/v1}). */
final class AdminHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final URI base;

    AdminHttp(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    /**
     * @param path  relative to {@code /api/v1}, e.g. {@code /status}
     * @param token bearer token, or {@code null} for none
     * @param body  request body, or {@code null} for none
     */
    HttpResponse<String> send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    HttpResponse<String> post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** {@code GET path} that must answer {@code expected}; its body as JSON. */
    JsonNode getJson(String path, String token, int expected) {
        return json(expect(get(path, token), expected));
    }

    /** {@code POST path} that must answer {@code expected}; its body as JSON. */
    JsonNode postJson(String path, String token, String body, int expected) {
        return json(expect(post(path, token, body), expected));
    }

    /** Whether {@code /health} answers 200 now; false while the listener is not up. */
    boolean healthy() {
        try {
            return get("/health", null).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + ": status "
                    + response.statusCode() + " (expected: " + status + "): " + response.body());
        }
        return response;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.uri() + ": not JSON: " + response.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Override
    public String toString() {
        return "admin(" + base + ")";
    }
}
