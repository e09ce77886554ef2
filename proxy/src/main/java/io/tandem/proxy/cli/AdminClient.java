package io.tandem.proxy.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A client of one member's admin API ({@code docs/admin-api.md}): JSON over HTTP(S) with a bearer
 * token, for the operator verbs of the command line and for {@code ./tandem demo}.
 *
 * <p>Every call either returns the parsed JSON body of a 2xx answer or throws an
 * {@link AdminCallException} whose message is one line an operator can act on: the member could
 * not be reached, or it answered with an error status, in which case the message carries the
 * {@code application/problem+json} type and detail. Nothing else is thrown for network or HTTP
 * failures, so callers never print a stack trace.
 *
 * <p>The token is sent only in the {@code Authorization} header and never appears in a message or
 * in {@link #toString()}. HTTPS uses the JVM's trust store; a self-signed admin certificate is not
 * trusted (the call fails with "cannot reach ... (certificate not trusted ...)").
 *
 * <p>Thread-safe; all clients share one JDK {@link HttpClient}.
 */
public final class AdminClient {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final String API_PREFIX = "/api/v1";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(DEFAULT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI member;
    private final String token;
    private final Duration timeout;

    private AdminClient(URI member, String token, Duration timeout) {
        this.member = member;
        this.token = token;
        this.timeout = timeout;
    }

    /**
     * @param url   {@code http://host:port} or {@code https://host:port}, optionally followed by
     *              {@code /api/v1} and a slash
     * @param token the bearer token, or {@code null} for the routes that need none
     * @throws IllegalArgumentException naming the URL and what was expected
     */
    public static AdminClient of(String url, String token) {
        return of(url, token, DEFAULT_TIMEOUT);
    }

    /** As {@link #of(String, String)} with another time limit per call. */
    public static AdminClient of(String url, String token, Duration timeout) {
        Objects.requireNonNull(url, "url");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        String text = url.strip();
        String expected = " (expected: http://host:port or https://host:port, optionally ending in " + API_PREFIX + ")";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("admin URL: '" + text + "'" + expected, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getPort() < 1
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || !path.isEmpty() && !path.equals(API_PREFIX)) {
            throw new IllegalArgumentException("admin URL: '" + text + "'" + expected);
        }
        return new AdminClient(URI.create(scheme + "://" + uri.getRawAuthority()), token, timeout);
    }

    /** The member's address without the API prefix, e.g. {@code http://127.0.0.1:9091}: how messages name it. */
    public URI member() {
        return member;
    }

    /** {@code GET /api/v1<path>}. */
    public JsonNode get(String path) {
        return call("GET", path);
    }

    /** {@code POST /api/v1<path>} without a body. */
    public JsonNode post(String path) {
        return call("POST", path);
    }

    /** {@code DELETE /api/v1<path>}. */
    public JsonNode delete(String path) {
        return call("DELETE", path);
    }

    private JsonNode call(String method, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: starting with /)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(member + API_PREFIX + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCallException(member, 0, null, "cannot reach " + member + " (interrupted)");
        } catch (IOException e) {
            throw new AdminCallException(member, 0, null, "cannot reach " + member + " (" + why(e) + ")");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (body == null) {
                throw new AdminCallException(member, status, null, member + ": " + method + " " + API_PREFIX + path
                        + " answered " + status + " without JSON (expected: a Tandem admin API)");
            }
            return body;
        }
        throw new AdminCallException(member, status, body, member + ": " + describe(status, body));
    }

    /** {@code 409 failover-refused: <detail>}, with a hint for the two token errors. */
    private static String describe(int status, JsonNode problem) {
        if (problem == null || !problem.path("type").isTextual()) {
            return status + " (expected: a Tandem admin API; the answer is not a problem document)";
        }
        String type = problem.path("type").asText();
        String slug = type.startsWith("urn:tandem:problem:") ? type.substring("urn:tandem:problem:".length()) : type;
        String detail = problem.path("detail").asText("");
        String hint = switch (status) {
            case 401 -> " (check --token-file, TANDEM_ADMIN_TOKEN or the demo's admin.token)";
            case 403 -> " (this needs a token with the admin role)";
            default -> "";
        };
        return status + " " + slug + (detail.isEmpty() ? "" : ": " + detail) + hint;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node instanceof NullNode ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The reason of a failed connection in the words of an operator, never a stack trace. */
    private String why(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + DEFAULT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return "connection refused: is the member running?";
        }
        if (root instanceof javax.net.ssl.SSLException || root instanceof java.security.cert.CertificateException
                || root instanceof java.security.GeneralSecurityException) {
            return "TLS failed: " + root.getMessage() + "; a self-signed certificate is not trusted";
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public String toString() {
        return "AdminClient[" + member + (token == null ? ", no token" : "") + "]";
    }
}
