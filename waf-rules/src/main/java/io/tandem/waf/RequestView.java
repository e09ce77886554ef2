package io.tandem.waf;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable view of one request that rules see. Rules never see Undertow types, so they can be
 * tested from plain tables and run unchanged if the server changes.
 *
 * @param requestId     the id Tandem gave the request (for logs)
 * @param method        the HTTP method as sent
 * @param path          the request path as sent, not decoded
 * @param query         the raw query string without {@code ?}, empty when none
 * @param headers       header name (lower case) to its values, in order
 * @param clientAddress the client address after trusted-proxy resolution
 * @param sessionState  the label of the session cookie's outcome ({@code known}, {@code adopted}, {@code new}, ...)
 */
public record RequestView(
        String requestId,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        InetAddress clientAddress,
        String sessionState) {

    public RequestView {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(sessionState, "sessionState");
    }
}
