package io.tandem.waf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds request views for tests. */
final class TestRequests {

    private TestRequests() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static RequestView get(String target) {
        return get(target, "198.51.100.7");
    }

    static RequestView get(String target, String client) {
        return RequestView.builder().requestId("t").method("GET").rawTarget(target).protocol("HTTP/1.1")
                .headers(browserHeaders()).clientAddress(ip(client)).build();
    }

    static RequestView form(String target, String body) {
        Map<String, List<String>> headers = browserHeaders();
        headers.put("content-type", List.of("application/x-www-form-urlencoded"));
        headers.put("content-length", List.of(String.valueOf(body.length())));
        return RequestView.builder().requestId("t").method("POST").rawTarget(target).protocol("HTTP/1.1").headers(headers)
                .body(body.getBytes(StandardCharsets.UTF_8), false).clientAddress(ip("198.51.100.7")).build();
    }

    static Map<String, List<String>> browserHeaders() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("shop.example.com"));
        headers.put("user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36"));
        headers.put("accept", List.of("text/html"));
        return headers;
    }
}
