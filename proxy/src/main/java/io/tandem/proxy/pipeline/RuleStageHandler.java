package io.tandem.proxy.pipeline;

import io.tandem.waf.ParseLimits;
import io.tandem.waf.RequestView;
import io.tandem.waf.Rule;
import io.tandem.waf.RuleEngine;
import io.tandem.waf.Verdict;
import io.tandem.waf.session.SessionDecision;
import io.tandem.waf.session.SessionRequest;
import io.tandem.waf.session.SessionRules;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule stage: reads the head of the request body (up to the inspection limit; handed back to
 * the exchange when the request goes on, so the backend still gets all of it, and released when it
 * is refused), builds the immutable {@link RequestView} from
 * the request exactly as sent (raw target, not Undertow's decoded path, which would hide
 * {@code %2e%2e/} from the rules), asks the current {@link RuleEngine} for a verdict and carries it
 * out. The rules are read as one {@link Rules} snapshot per request, so a reload swaps engine, limits
 * and session rules together and a request never mixes two configurations. The verdict is left on the exchange for the attack log, the access log and the
 * metrics; logging the attack is theirs.
 *
 * <p>Where the inspection runs: a large body on the worker pool (see {@link #offload}); anything
 * else on the IO thread that read it, together with the other requests that thread read in the
 * same pass of its event loop ({@link InspectionBatch}: the rules then find their code and tables
 * still in the processor's caches instead of evicted by the network stack, and the requests reach
 * the backend together; docs/benchmarks.md). With no rules at all a request is scheduled the same
 * way, with nothing to inspect.
 *
 * <p>A rule that throws is a bug, not a reason to let the request through unchecked: the request
 * is refused with 403 (rule id {@value #INTERNAL_ERROR_RULE}) and the error is logged with the
 * request id.
 */
public final class RuleStageHandler implements HttpHandler {

    /** Rule id of the verdict given when a rule fails. */
    public static final String INTERNAL_ERROR_RULE = "internal-error";

    private static final Logger LOG = LoggerFactory.getLogger("tandem.rules");

    /**
     * The rules of one configuration, read together for each request.
     *
     * @param engine       the signature, protocol, IP and URL rules
     * @param limits       the parse limits that go with them (the body is read up to {@code maxBodyInspect})
     * @param sessionRules the history-based rules, asked only when the engine did not block
     * @param bodyInspectTimeout how long reading the head of the body may take ({@code waf.limits.body-inspect-timeout})
     * @param maxBodyLength the longest body {@value #BODY_LENGTH_RULE} allows ({@code waf.protocol.max-body-length}),
     *                      counted here for chunked bodies, which declare no length
     */
    public record Rules(RuleEngine engine, ParseLimits limits, SessionRules sessionRules, Duration bodyInspectTimeout,
            long maxBodyLength) {
    }

    /** The rule that bounds the body's length; a chunked body is held to it while it streams. */
    static final String BODY_LENGTH_RULE = "http-body-length";

    /**
     * Bodies up to this many bytes may be inspected on the IO thread that read them (under a
     * quarter of a millisecond of rules, docs/benchmarks.md); see {@link #offload}.
     */
    static final int INLINE_BODY_BYTES = 8 * 1024;

    /**
     * The JVM's processor count, read once: asking per request costs a system call or a cgroup
     * file read inside a container (it showed in the profile of every body request).
     */
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final Supplier<Rules> rules;
    private final Clock clock;
    private final HttpHandler next;

    /**
     * @param rules the rules to apply now (read once per request)
     * @param clock the time session rules count windows in
     */
    public RuleStageHandler(Supplier<Rules> rules, Clock clock, HttpHandler next) {
        this.rules = rules;
        this.clock = clock;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Rules snapshot = rules.get();
        RuleEngine current = snapshot.engine();
        SessionRules currentSessionRules = snapshot.sessionRules();
        if (current.rules().isEmpty() && currentSessionRules.isEmpty()) {
            // Nothing to inspect, but the request still goes on with the others of its pass: the
            // grouped hand-over to the backend pays by itself (docs/benchmarks.md), so with and
            // without rules a request is scheduled alike.
            InspectionBatch.defer(exchange, NOTHING_TO_INSPECT, this::proceedUninspected);
            return;
        }
        ParseLimits parseLimits = snapshot.limits();
        int bodyLimit = current.rules().isEmpty() ? 0 : parseLimits.maxBodyInspect();
        RequestBodyReader.read(exchange, bodyLimit, snapshot.bodyInspectTimeout(), (ex, body) -> {
            Supplier<Verdict> inspection = () -> verdict(ex, current, currentSessionRules, parseLimits, body);
            if (body.head().length > 0 && ex.isInIoThread() && offload(body.head().length,
                    ex.getConnection().getWorker().getIoThreadCount(), CORES)) {
                // Inspecting a body costs up to milliseconds; on the IO thread that would stall every
                // other connection the thread serves, so it runs on the worker pool (after this call).
                ex.dispatch(ex.getConnection().getWorker(), e -> decide(e, snapshot, parseLimits, body, inspection));
            } else {
                InspectionBatch.defer(ex, inspection, (e, inspected) -> decide(e, snapshot, parseLimits, body, inspected));
            }
        });
    }

    private static final Supplier<Verdict> NOTHING_TO_INSPECT = () -> Verdict.PASS;

    private void proceedUninspected(HttpServerExchange exchange, Supplier<Verdict> inspected) throws Exception {
        exchange.putAttachment(ExchangeKeys.VERDICT, inspected.get());
        next.handleRequest(exchange);
    }

    /**
     * Whether a body of {@code length} bytes, read by one of {@code ioThreads} IO threads on a
     * machine of {@code cores} cores, is inspected on the worker pool rather than on the IO
     * thread that read it. A large body always is: its milliseconds would stall the IO thread's
     * other connections. A small one (a login, an add-to-cart: tens of microseconds of rules) only
     * when the IO threads leave cores unused, where the pool adds parallelism; with an IO thread per
     * core the hand-over to another thread and back costs more than the inspection (bench {@code
     * post}, docs/benchmarks.md: 60 % instead of 52 % of no-rules throughput with two IO threads,
     * and the reverse with one).
     */
    static boolean offload(int length, int ioThreads, int cores) {
        return length > INLINE_BODY_BYTES || ioThreads < cores;
    }

    /** Carries out the verdict {@code inspection} gives (it may have been computed already, see {@link InspectionBatch}). */
    private void decide(HttpServerExchange exchange, Rules snapshot, ParseLimits parseLimits, BodyHead body,
            Supplier<Verdict> inspection) throws Exception {
        try {
            Verdict verdict = inspection.get();
            RuleEngine current = snapshot.engine();
            long streamLimit = -1;
            if (!verdict.blocks() && !exchange.isRequestComplete() && chunked(exchange)) {
                Verdict tooLong = bodyLengthVerdict(exchange, current, parseLimits, snapshot.maxBodyLength());
                if (tooLong.blocks()) {
                    streamLimit = snapshot.maxBodyLength();
                    if (body.read() > streamLimit) { // over already, and nothing sent yet: refused like a declared length
                        verdict = tooLong;
                    }
                }
            }
            exchange.putAttachment(ExchangeKeys.VERDICT, verdict);
            if (verdict instanceof Verdict.Pass || verdict instanceof Verdict.Alert) {
                body.replay();
                if (!exchange.isRequestComplete()) {
                    StreamedBodyGuard.install(exchange, streamLimit, body.read());
                }
                next.handleRequest(exchange);
            } else if (verdict instanceof Verdict.Deny deny) {
                refuse(exchange, deny.status());
            } else if (verdict instanceof Verdict.Redirect redirect) {
                exchange.getResponseHeaders().put(Headers.LOCATION, redirect.location().toString());
                refuse(exchange, StatusCodes.FOUND);
            } else if (verdict instanceof Verdict.PeriodBlock) {
                refuse(exchange, StatusCodes.FORBIDDEN);
            }
        } finally {
            body.discard(); // the body of a refused request; nothing is left to release once replayed
        }
    }

    private Verdict verdict(HttpServerExchange exchange, RuleEngine current, SessionRules currentSessionRules,
            ParseLimits parseLimits, BodyHead body) {
        try {
            RequestView view = view(exchange, parseLimits, body.head(), body.truncated());
            Verdict verdict = current.rules().isEmpty() ? Verdict.PASS : current.evaluate(view);
            if (!verdict.blocks() && !currentSessionRules.isEmpty()) {
                verdict = withSessionRules(exchange, currentSessionRules, view, verdict);
            }
            return verdict;
        } catch (RuntimeException e) {
            String requestId = exchange.getAttachment(ExchangeKeys.REQUEST_ID);
            LOG.error("rule evaluation failed: request={}; refusing the request", requestId, e);
            return new Verdict.Deny(INTERNAL_ERROR_RULE, "rule evaluation failed: " + e.getClass().getSimpleName(),
                    StatusCodes.FORBIDDEN, true);
        }
    }

    /**
     * Asks the session rules about a request the engine let through. A blocking session verdict
     * wins; otherwise the engine's alert (if any) stays the one logged. A request that was blocked
     * never reaches the session rules, so it never counts as having reached a page.
     */
    private Verdict withSessionRules(HttpServerExchange exchange, SessionRules rules, RequestView view,
            Verdict engineVerdict) {
        SessionContext session = exchange.getAttachment(ExchangeKeys.SESSION);
        if (session == null) {
            return engineVerdict;
        }
        SessionDecision decision = rules.evaluate(new SessionRequest(session.cookie().id(),
                SessionRequest.State.of(session.outcome()), session.cookie().checkpoint(), view.clientAddress(),
                view.method(), view.normalizedPath(), clock.instant()));
        decision.checkpoint().ifPresent(checkpoint -> exchange.putAttachment(ExchangeKeys.CHECKPOINT, checkpoint));
        Verdict sessionVerdict = decision.verdict();
        if (sessionVerdict.blocks() || (engineVerdict instanceof Verdict.Pass && !(sessionVerdict instanceof Verdict.Pass))) {
            return sessionVerdict;
        }
        return engineVerdict;
    }

    private static boolean chunked(HttpServerExchange exchange) {
        return !exchange.getRequestHeaders().contains(Headers.CONTENT_LENGTH)
                && exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }

    /**
     * What {@value #BODY_LENGTH_RULE} would decide about this request if it declared one byte more
     * than the limit: a blocking verdict when the rule is on (not switched off, not in monitor
     * mode, no exception for this URL) with a blocking action. Asked only for a chunked body that
     * goes on beyond its inspected head, so the request is built again without its body.
     */
    private static Verdict bodyLengthVerdict(HttpServerExchange exchange, RuleEngine engine, ParseLimits parseLimits,
            long max) {
        for (Rule rule : engine.rules()) {
            if (rule.id().equals(BODY_LENGTH_RULE)) {
                Map<String, List<String>> headers = headers(exchange);
                headers.put("content-length", List.of(String.valueOf(max + 1))); // a chunked request has none of its own
                return rule.evaluate(builder(exchange, parseLimits, headers).body(new byte[0], false).build());
            }
        }
        return Verdict.PASS;
    }

    /**
     * Answers without the backend. The connection is closed when the body was not read to its end,
     * rather than reading an attacker's body only to throw it away.
     */
    private static void refuse(HttpServerExchange exchange, int status) {
        exchange.setStatusCode(status);
        if (!exchange.isRequestComplete()) {
            exchange.setPersistent(false);
        }
        exchange.endExchange();
    }

    /** The view of a request; it keeps {@code body} (a copy made for it), which nothing may change afterwards. */
    static RequestView view(HttpServerExchange exchange, ParseLimits parseLimits, byte[] body, boolean truncated) {
        return builder(exchange, parseLimits, headers(exchange)).ownedBody(body, truncated).build();
    }

    /**
     * The request's headers as the view keeps them: lower-case names (Undertow's map already has
     * each name once, whatever its case) and immutable lists, which the view then takes without
     * copying them again.
     */
    private static Map<String, List<String>> headers(HttpServerExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>(32);
        for (HeaderValues values : exchange.getRequestHeaders()) {
            // the request id is Tandem's own (it replaced any the client sent), not client input
            HttpString name = values.getHeaderName();
            if (!name.equals(RequestIdHandler.HEADER)) {
                String lowerCase = KNOWN_NAMES.get(name);
                headers.put(lowerCase != null ? lowerCase : name.toString().toLowerCase(Locale.ROOT), List.copyOf(values));
            }
        }
        return headers;
    }

    /**
     * The lower-case names of the headers Undertow knows ({@link Headers}' constants), by name in
     * any case ({@link HttpString} compares without case): most requests carry only these, and
     * looking one up costs less than lower-casing a new string for every header of every request.
     */
    private static final Map<HttpString, String> KNOWN_NAMES = knownNames();

    private static Map<HttpString, String> knownNames() {
        Map<HttpString, String> names = new HashMap<>();
        for (java.lang.reflect.Field field : Headers.class.getFields()) {
            if (field.getType() == HttpString.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                try {
                    HttpString name = (HttpString) field.get(null);
                    names.put(name, name.toString().toLowerCase(Locale.ROOT));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("io.undertow.util.Headers." + field.getName(), e);
                }
            }
        }
        return Map.copyOf(names);
    }

    private static RequestView.Builder builder(HttpServerExchange exchange, ParseLimits parseLimits,
            Map<String, List<String>> headers) {
        SessionContext session = exchange.getAttachment(ExchangeKeys.SESSION);
        InetAddress client = exchange.getAttachment(ExchangeKeys.CLIENT_ADDRESS);
        String query = exchange.getQueryString();
        return RequestView.builder()
                .requestId(exchange.getAttachment(ExchangeKeys.REQUEST_ID))
                .method(exchange.getRequestMethod().toString())
                .rawTarget(query == null || query.isEmpty() ? exchange.getRequestURI()
                        : exchange.getRequestURI() + "?" + query)
                .protocol(exchange.getProtocol().toString())
                .ownedHeaders(headers)
                .clientAddress(client != null ? client : exchange.getSourceAddress().getAddress())
                .sessionState(session != null ? session.state() : "none")
                .sessionId(session != null ? session.cookie().id().toString() : "")
                .limits(parseLimits);
    }

    @Override
    public String toString() {
        return "rules(" + rules.get().engine() + ")";
    }
}
