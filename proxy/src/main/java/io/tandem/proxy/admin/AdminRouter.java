package io.tandem.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes admin requests under {@value #PREFIX}, checks the bearer token against the route's role
 * and writes the reply, or an {@code application/problem+json} error for anything that goes
 * wrong: 404 unknown route, 405 wrong method (with {@code Allow}), 401 missing or unknown token
 * (with {@code WWW-Authenticate: Bearer}), 403 role too weak, 413 body too large, 429 too many
 * token verifications, and whatever the route reports. An unexpected exception becomes a 500
 * without details; its stack trace goes to the log only.
 *
 * <p>Order of checks: route (404, 405), declared body size (413), token (401, 403, 429), route
 * code. Routing before authentication tells an anonymous caller which routes exist, which the
 * OpenAPI document says anyway; it does not tell it anything about the data.
 *
 * <p>Logging (logger {@code tandem.admin}): one line per error, one audit line per call that
 * changes something, never the {@code Authorization} header. Runs on worker threads (blocking).
 */
final class AdminRouter implements HttpHandler {

    static final String PREFIX = "/api/v1";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger("tandem.admin");
    private static final HttpString REQUEST_ID = new HttpString("X-Request-Id");
    private static final String REALM = "Bearer realm=\"tandem-admin\"";
    /** The name of the token that made the call, once known: for the log lines. */
    private static final AttachmentKey<String> CALLER = AttachmentKey.create(String.class);

    private final List<Compiled> routes;
    private final BearerAuthenticator authenticator;

    private record Compiled(Route route, String[] segments) {
    }

    AdminRouter(List<Route> routes, BearerAuthenticator authenticator) {
        List<Compiled> compiled = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Route route : routes) {
            if (!seen.add(route.method() + " " + route.path())) {
                throw new IllegalArgumentException("route registered twice: " + route);
            }
            compiled.add(new Compiled(route, route.segments().toArray(new String[0])));
        }
        this.routes = List.copyOf(compiled);
        this.authenticator = authenticator;
    }

    /** The routes, in registration order (literal paths before parameterized ones that overlap). */
    List<Route> routes() {
        return routes.stream().map(Compiled::route).toList();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        String requestId = newId();
        exchange.getResponseHeaders().put(REQUEST_ID, requestId);
        try {
            Reply reply = dispatch(exchange);
            send(exchange, reply);
            if (!"GET".equals(exchange.getRequestMethod().toString()) && !"HEAD".equals(exchange.getRequestMethod().toString())) {
                LOG.info("admin call: {} {} by {} -> {} request={}", exchange.getRequestMethod(),
                        Texts.bounded(exchange.getRequestPath(), 200), caller(exchange), reply.status(), requestId);
            }
        } catch (ProblemException problem) {
            problem(exchange, problem, requestId);
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.error("admin error: status=500 {} {} by {} request={}: {}", exchange.getRequestMethod(),
                    Texts.bounded(exchange.getRequestPath(), 200), caller(exchange), requestId, e.toString(), e);
            ProblemException internal = ProblemException.of(StatusCodes.INTERNAL_SERVER_ERROR, "internal-error",
                    "the request failed inside Tandem; the log has the details under request id " + requestId);
            problem(exchange, internal, requestId);
        }
    }

    private static String caller(HttpServerExchange exchange) {
        String caller = exchange.getAttachment(CALLER);
        return caller == null ? "-" : caller;
    }

    private Reply dispatch(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRequestPath();
        String method = exchange.getRequestMethod().toString();
        String lookup = method.equals("HEAD") ? "GET" : method;
        if (!path.startsWith(PREFIX + "/")) {
            throw ProblemException.notFound("no route " + Texts.bounded(path, 200) + " (expected: a path under "
                    + PREFIX + "/, see " + PREFIX + "/openapi.json)");
        }
        String[] segments = path.substring(PREFIX.length() + 1).split("/", -1);
        Set<String> allowed = new LinkedHashSet<>();
        Compiled match = null;
        Map<String, String> parameters = Map.of();
        for (Compiled c : routes) {
            Map<String, String> p = match(c.segments(), segments);
            if (p == null) {
                continue;
            }
            allowed.add(c.route().method());
            if (match == null && c.route().method().equals(lookup)) {
                match = c;
                parameters = p;
            }
        }
        if (allowed.isEmpty()) {
            throw ProblemException.notFound("no route " + Texts.bounded(path, 200) + " (see " + PREFIX + "/openapi.json)");
        }
        if (match == null) {
            String allow = String.join(", ", allowed);
            throw ProblemException.of(StatusCodes.METHOD_NOT_ALLOWED, "method-not-allowed",
                    Texts.bounded(method, 16) + " " + Texts.bounded(path, 200) + " (expected: " + allow + ")")
                    .header("Allow", allow)
                    .with("allow", List.copyOf(allowed));
        }
        long declared = exchange.getRequestContentLength();
        if (declared > AdminRequest.MAX_BODY_BYTES) {
            throw AdminRequest.tooLarge();
        }
        Route route = match.route();
        if (route.required() != null) {
            authorize(exchange, route.required());
        }
        return route.handler().handle(new AdminRequest(exchange, parameters, caller(exchange)));
    }

    /** Path parameters if the template matches, else {@code null}. */
    private static Map<String, String> match(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return null;
        }
        Map<String, String> parameters = null;
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                if (parameters == null) {
                    parameters = new HashMap<>(2);
                }
                parameters.put(t.substring(1, t.length() - 1), segments[i]);
            } else if (!t.equals(segments[i])) {
                return null;
            }
        }
        return parameters == null ? Map.of() : parameters;
    }

    /** Records the token's name on the exchange as soon as it is known, for the log lines. */
    private void authorize(HttpServerExchange exchange, AdminRole required) {
        BearerAuthenticator.Result result = authenticator.authenticate(
                exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (result instanceof BearerAuthenticator.Granted granted) {
            exchange.putAttachment(CALLER, granted.name());
            if (!granted.role().covers(required)) {
                throw ProblemException.of(StatusCodes.FORBIDDEN, "forbidden", "token '" + granted.name() + "' has role "
                        + granted.role().label() + " (expected: " + required.label() + ")")
                        .header("WWW-Authenticate", REALM + ", error=\"insufficient_scope\"");
            }
            return;
        }
        if (result instanceof BearerAuthenticator.Busy) {
            throw ProblemException.of(429, "too-many-requests",
                    "too many token verifications at once; retry shortly (a token already used is not affected)")
                    .header("Retry-After", "1");
        }
        if (result instanceof BearerAuthenticator.Invalid) {
            throw ProblemException.of(StatusCodes.UNAUTHORIZED, "unauthorized",
                    "the bearer token is not valid (expected: a token whose hash is in admin.tokens)")
                    .header("WWW-Authenticate", REALM + ", error=\"invalid_token\"");
        }
        throw ProblemException.of(StatusCodes.UNAUTHORIZED, "unauthorized",
                "no bearer token (expected: Authorization: Bearer <token>)")
                .header("WWW-Authenticate", REALM);
    }

    private static void send(HttpServerExchange exchange, Reply reply) throws JsonProcessingException {
        exchange.setStatusCode(reply.status());
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        byte[] body;
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, reply.contentType());
            body = String.valueOf(reply.body()).getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            body = AdminJson.MAPPER.writeValueAsBytes(reply.body());
        }
        write(exchange, body);
    }

    private static void problem(HttpServerExchange exchange, ProblemException problem, String requestId) {
        // A standby answering "not ready" to a load balancer's probe is its normal state, not an error:
        // logging each probe at WARN would flood the log.
        boolean expected = "not-ready".equals(problem.slug());
        if (!expected || LOG.isDebugEnabled()) {
            String line = "admin error: status={} type={} {} {} by {} request={}: {}";
            Object[] args = {problem.status(), problem.slug(), Texts.bounded(exchange.getRequestMethod().toString(), 16),
                Texts.bounded(exchange.getRequestPath(), 200), caller(exchange), requestId, problem.detail()};
            if (expected) {
                LOG.debug(line, args);
            } else {
                LOG.warn(line, args);
            }
        }
        if (problem.status() == StatusCodes.REQUEST_ENTITY_TOO_LARGE) {
            exchange.setPersistent(false); // do not read the rest of the body just to keep the connection
        }
        if (exchange.isResponseStarted()) {
            exchange.endExchange(); // too late for a problem document; the client sees a cut response
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", Texts.bounded(exchange.getRequestPath(), 200));
        body.put("request_id", requestId);
        problem.extensions().forEach(body::putIfAbsent);
        exchange.getResponseHeaders().clear();
        exchange.getResponseHeaders().put(REQUEST_ID, requestId);
        exchange.setStatusCode(problem.status());
        problem.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROBLEM_JSON);
        byte[] bytes;
        try {
            bytes = AdminJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = ("{\"type\":\"" + ProblemException.TYPE_PREFIX + "internal-error\",\"status\":500}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.setStatusCode(StatusCodes.INTERNAL_SERVER_ERROR);
        }
        write(exchange, bytes);
    }

    private static void write(HttpServerExchange exchange, byte[] body) {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    @Override
    public String toString() {
        return "admin-router(" + routes.size() + " routes under " + PREFIX + ")";
    }
}
