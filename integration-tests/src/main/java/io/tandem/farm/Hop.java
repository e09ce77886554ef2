package io.tandem.farm;

import java.util.List;
import java.util.Optional;

/**
 * One HTTP request a {@link Shopper} made, and what came of it: a response (any status) or none
 * at all (connection refused or reset, timeout, malformed response). Redirects are separate hops.
 */
public sealed interface Hop permits Hop.Response, Hop.NoResponse {

    String method();

    /** Request path with query, e.g. {@code /checkout/cart/}. */
    String path();

    /** The {@code X-Backend} header of the response; empty if absent or if there was no response. */
    Optional<String> backend();

    /** True for what a load test counts as an error: no response, or a 5xx. */
    boolean isError();

    /**
     * A response arrived. {@code location} is the raw {@code Location} header of a redirect;
     * {@code setCookies} the names of the cookies it set, in order.
     */
    record Response(String method, String path, int status, Optional<String> backend, Optional<String> location,
            List<String> setCookies) implements Hop {

        public Response {
            setCookies = List.copyOf(setCookies);
        }

        @Override
        public boolean isError() {
            return status >= 500;
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + backend.map(b -> " from " + b).orElse(" (no X-Backend)")
                    + location.map(l -> " to " + l).orElse("");
        }
    }

    /** No response: {@code error} names the exception, e.g. {@code ConnectException: Connection refused}. */
    record NoResponse(String method, String path, String error) implements Hop {

        @Override
        public Optional<String> backend() {
            return Optional.empty();
        }

        @Override
        public boolean isError() {
            return true;
        }

        @Override
        public String toString() {
            return method + " " + path + " -> no response (" + error + ")";
        }
    }
}
