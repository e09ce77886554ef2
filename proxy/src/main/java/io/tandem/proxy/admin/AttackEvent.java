package io.tandem.proxy.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tandem.waf.Match;
import io.tandem.waf.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One attack: a request a rule acted on. It is written as one JSON line to the
 * {@code tandem.attack} log ({@link #toJsonLine()}) and kept in the admin API's {@link AttackLog}.
 * Free text (path, reason, excerpt) is bounded when the event is made, so a log line and the
 * ring's memory stay bounded whatever clients send; the excerpt is already escaped by the rule
 * (control and non-ASCII characters as escapes), so a line can be neither split nor flooded.
 *
 * @param time      when the request completed
 * @param node      the member that saw it
 * @param requestId the request id shared with the access log and the backend
 * @param client    client address after trusted-proxy resolution
 * @param method    HTTP method
 * @param path      request path, at most {@value #MAX_PATH} characters
 * @param rule      id of the rule that acted
 * @param action    {@code alert}, {@code deny}, {@code redirect} or {@code period-block}
 * @param reason    the rule's reason, at most {@value #MAX_REASON} characters
 * @param status    the status the client got
 * @param session   session id, or {@code null}
 * @param category  the rule's category ({@code sqli}, {@code protocol}, ...), or {@code null}
 * @param severity  {@code low} .. {@code critical}, or {@code null}
 * @param where     where it matched ({@code query:id}, {@code header:user-agent}, {@code request}), or {@code null}
 * @param excerpt   escaped excerpt of the matched value, at most {@value #MAX_EXCERPT} characters, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttackEvent(Instant time, String node, String requestId, String client, String method, String path,
                          String rule, String action, String reason, int status, String session, String category,
                          String severity, String where, String excerpt) {

    public static final int MAX_PATH = 256;
    public static final int MAX_REASON = 256;
    public static final int MAX_EXCERPT = 256;
    private static final JsonFactory JSON = new JsonFactory();

    public AttackEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(action, "action");
        path = Texts.bounded(path, MAX_PATH);
        reason = Texts.bounded(reason, MAX_REASON);
        method = Texts.bounded(method, 16);
        excerpt = excerpt == null ? null : Texts.bounded(excerpt, MAX_EXCERPT);
    }

    /**
     * The event of a verdict, or {@code null} for {@link Verdict.Pass} (not an attack).
     */
    public static AttackEvent of(Verdict verdict, Instant time, String node, String requestId, String client,
                                 String method, String path, int status, String session) {
        if (!(verdict instanceof Verdict.Hit hit)) {
            return null;
        }
        Match match = hit.match();
        boolean detailed = match != Match.NONE && !match.category().isEmpty();
        return new AttackEvent(time, node, requestId, client, method, path, hit.ruleId(), hit.action(), hit.reason(),
                status, session, detailed ? match.category() : null,
                detailed ? match.severity().name().toLowerCase(Locale.ROOT) : null,
                detailed ? match.where() : null,
                detailed && !match.excerpt().isEmpty() ? match.excerpt() : null);
    }

    /** One line of the attack log: a JSON object, snake_case keys, absent values left out. */
    public String toJsonLine() {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", time.toString());
            writeIfPresent(json, "node", node);
            writeIfPresent(json, "request_id", requestId);
            writeIfPresent(json, "client", client);
            writeIfPresent(json, "session", session);
            writeIfPresent(json, "method", method);
            writeIfPresent(json, "path", path);
            json.writeStringField("rule", rule);
            json.writeStringField("action", action);
            json.writeNumberField("status", status);
            writeIfPresent(json, "category", category);
            writeIfPresent(json, "severity", severity);
            writeIfPresent(json, "where", where);
            writeIfPresent(json, "reason", reason);
            writeIfPresent(json, "excerpt", excerpt);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void writeIfPresent(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
