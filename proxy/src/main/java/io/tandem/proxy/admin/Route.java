package io.tandem.proxy.admin;

import java.util.List;
import java.util.Objects;

/**
 * One admin route: a method, a path template relative to {@code /api/v1} (segments in braces are
 * parameters, e.g. {@code /sessions/{id}}), the role it needs ({@code null}: no token needed) and
 * its handler.
 */
record Route(String method, String path, AdminRole required, RouteHandler handler) {

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: starting with /)");
        }
    }

    static Route get(String path, AdminRole required, RouteHandler handler) {
        return new Route("GET", path, required, handler);
    }

    static Route post(String path, RouteHandler handler) {
        return new Route("POST", path, AdminRole.ADMIN, handler);
    }

    static Route delete(String path, RouteHandler handler) {
        return new Route("DELETE", path, AdminRole.ADMIN, handler);
    }

    List<String> segments() {
        return List.of(path.substring(1).split("/", -1));
    }

    boolean isPublic() {
        return required == null;
    }

    @Override
    public String toString() {
        return method + " " + path + " (" + (required == null ? "public" : required.label()) + ")";
    }
}
