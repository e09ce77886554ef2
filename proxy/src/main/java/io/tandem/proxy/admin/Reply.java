package io.tandem.proxy.admin;

import java.util.Map;

/**
 * A successful admin API response: a status and a body that is either serialized as JSON or,
 * when {@code contentType} is set, sent as text (the Prometheus exposition).
 */
record Reply(int status, Object body, String contentType, Map<String, String> headers) {

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply ok(Object body) {
        return new Reply(200, body, null, Map.of());
    }

    static Reply accepted(Object body) {
        return new Reply(202, body, null, Map.of());
    }

    static Reply text(String contentType, String body) {
        return new Reply(200, body, contentType, Map.of());
    }
}
