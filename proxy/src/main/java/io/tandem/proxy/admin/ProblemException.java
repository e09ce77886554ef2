package io.tandem.proxy.admin;

import io.undertow.util.StatusCodes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An admin API error, answered as {@code application/problem+json} (RFC 9457). Route code throws
 * it; the router turns it into the response and one log line. It never carries a stack trace
 * (none is filled in) and its detail never contains a token or a key.
 *
 * <p>{@code type} is {@code urn:tandem:problem:<slug>}; the slugs are listed in
 * {@code docs/admin-api.md}. Extension members (e.g. {@code problems} of a rejected configuration)
 * are added with {@link #with}.
 */
final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    static final String TYPE_PREFIX = "urn:tandem:problem:";

    private final int status;
    private final String slug;
    private final String title;
    private final transient Map<String, Object> extensions = new LinkedHashMap<>();
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    ProblemException(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    static ProblemException of(int status, String slug, String detail) {
        return new ProblemException(status, slug, StatusCodes.getReason(status), detail);
    }

    static ProblemException badRequest(String detail) {
        return of(StatusCodes.BAD_REQUEST, "bad-request", detail);
    }

    static ProblemException notFound(String detail) {
        return of(StatusCodes.NOT_FOUND, "not-found", detail);
    }

    static ProblemException conflict(String slug, String detail) {
        return of(StatusCodes.CONFLICT, slug, detail);
    }

    /** 422: the request was understood but its content is not acceptable; see {@code problems}. */
    static ProblemException unprocessable(String slug, String detail) {
        return of(422, slug, detail);
    }

    ProblemException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    String type() {
        return TYPE_PREFIX + slug;
    }

    String slug() {
        return slug;
    }

    String title() {
        return title;
    }

    String detail() {
        return getMessage();
    }

    Map<String, Object> extensions() {
        return extensions;
    }

    Map<String, String> headers() {
        return headers;
    }
}
