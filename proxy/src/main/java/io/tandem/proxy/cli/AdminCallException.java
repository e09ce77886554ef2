package io.tandem.proxy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;

/**
 * A call to a member's admin API that did not succeed: the member could not be reached
 * ({@link #status()} 0) or answered with an error status. The message is one line for the
 * operator; the problem document, when there was one, is kept for callers that print more of it
 * (the problems of a rejected configuration). No stack trace is recorded.
 */
public final class AdminCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final URI member;
    private final int status;
    private final transient JsonNode problem;

    AdminCallException(URI member, int status, JsonNode problem, String message) {
        super(message, null, false, false);
        this.member = member;
        this.status = status;
        this.problem = problem;
    }

    /** The member that was called, e.g. {@code http://127.0.0.1:9091}. */
    public URI member() {
        return member;
    }

    /** The HTTP status, or 0 when no answer arrived. */
    public int status() {
        return status;
    }

    /** Whether the member could not be reached at all. */
    public boolean unreachable() {
        return status == 0;
    }

    /** The {@code application/problem+json} document of the answer, if it had one. */
    public Optional<JsonNode> problem() {
        return Optional.ofNullable(problem);
    }

    /** The problem type without its {@code urn:tandem:problem:} prefix, or empty. */
    public String problemType() {
        String type = problem == null ? "" : problem.path("type").asText("");
        return type.startsWith("urn:tandem:problem:") ? type.substring("urn:tandem:problem:".length()) : type;
    }
}
