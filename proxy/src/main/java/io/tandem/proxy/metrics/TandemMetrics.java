package io.tandem.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tandem.ha.Role;
import io.tandem.proxy.pool.Backend;
import io.tandem.session.LocalHistory;
import io.tandem.session.SessionOutcome;
import io.tandem.waf.Verdict;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The member's metrics: one Prometheus registry and the meters Tandem records into it. Names
 * follow Prometheus conventions (base units, {@code _total} for counters); every label has a
 * bounded set of values:
 *
 * <ul>
 * <li>{@code tandem_requests_total{route,status_class}}, {@code tandem_request_duration_seconds{route,status_class}}
 *     (histogram): requests of the service listener; {@code route} comes from {@link RouteLabels}</li>
 * <li>{@code tandem_backend_up{backend}}, {@code tandem_backend_in_flight{backend}},
 *     {@code tandem_backend_request_duration_seconds{backend}} (histogram)</li>
 * <li>{@code tandem_sessions_total{outcome="created|adopted|rejected",reason}}</li>
 * <li>{@code tandem_rule_hits_total{rule,action}}</li>
 * <li>{@code tandem_role{role}}, {@code tandem_role_changes_total}, {@code tandem_last_takeover_seconds}</li>
 * <li>{@code cache_gets_total{cache="local_history",result}}, {@code cache_evictions_total}, {@code cache_size}:
 *     the local session history, named like Micrometer's Caffeine binder</li>
 * <li>JVM and process: memory, GC, threads, CPU, uptime (Micrometer's binders)</li>
 * </ul>
 *
 * <p>Recording is cheap: the request meters of each (route, status class) pair and of each
 * backend, rule and session outcome are created once and then looked up without allocating.
 * Thread-safe. {@link #close()} unregisters the GC listener.
 */
public final class TandemMetrics implements AutoCloseable {

    /** Path prefixes of a Magento-like shop that get their own {@code route} label by default. */
    public static final List<String> DEFAULT_ROUTES = List.of("checkout", "customer", "catalog", "catalogsearch",
            "cart", "wishlist", "sales", "static", "media", "rest", "graphql", "admin", "api");

    /** Content type of {@link #scrape()}: the Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static final List<String> REJECTION_REASONS = List.of("expired", "bad-mac", "unknown-key", "malformed");
    /** The {@link Verdict.Hit#action()} labels, in the order of each rule's counters. */
    static final List<String> ACTIONS = List.of("alert", "deny", "redirect", "period-block");
    private static final int STATUS_CLASSES = 5;
    private static final int MAX_LABELLED_BACKENDS = 256;
    private static final int MAX_LABELLED_RULES = 1_000;
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry;
    private final RouteLabels routes;
    private final AtomicReferenceArray<RequestMeters> requestMeters;
    private final Map<String, Timer> backendTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> ruleHits = new ConcurrentHashMap<>();
    private final Counter sessionsCreated;
    private final Counter sessionsAdopted;
    private final Map<String, Counter> sessionsRejected = new LinkedHashMap<>();
    private final AtomicReference<Role> role = new AtomicReference<>();
    private final Counter roleChanges;
    private final AtomicLong lastTakeoverBits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
    private final JvmGcMetrics gcMetrics;

    /** Metrics with {@link #DEFAULT_ROUTES} and the JVM binders. */
    public TandemMetrics() {
        this(DEFAULT_ROUTES, true);
    }

    /**
     * @param routeAllowlist first path segments that get their own {@code route} label (at most 32)
     * @param jvmMetrics     whether to bind the JVM and process metrics
     */
    public TandemMetrics(Collection<String> routeAllowlist, boolean jvmMetrics) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.routes = new RouteLabels(routeAllowlist);
        this.requestMeters = new AtomicReferenceArray<>(routes.size() * STATUS_CLASSES);
        this.sessionsCreated = sessionCounter("created", "none");
        this.sessionsAdopted = sessionCounter("adopted", "none");
        for (String reason : REJECTION_REASONS) {
            sessionsRejected.put(reason, sessionCounter("rejected", reason));
        }
        for (Role r : Role.values()) {
            String label = r.name().toLowerCase(java.util.Locale.ROOT);
            Gauge.builder("tandem.role", role, current -> current.get() == r ? 1 : 0)
                    .description("1 for the role this member has now, 0 for the others")
                    .tag("role", label)
                    .register(registry);
        }
        this.roleChanges = Counter.builder("tandem.role.changes")
                .description("Role changes of this member since it started, the first decision included")
                .register(registry);
        Gauge.builder("tandem.last.takeover", lastTakeoverBits, bits -> Double.longBitsToDouble(bits.get()))
                .description("How long the last takeover took, from the decision to serving (NaN before the first)")
                .baseUnit("seconds")
                .register(registry);
        if (jvmMetrics) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            this.gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(registry);
        } else {
            this.gcMetrics = null;
        }
    }

    private Counter sessionCounter(String outcome, String reason) {
        return Counter.builder("tandem.sessions")
                .description("Session events: created (no cookie), adopted (valid cookie unknown here), rejected (invalid cookie)")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    /** The registry, for binders of other components. */
    public MeterRegistry registry() {
        return registry;
    }

    /** All metrics in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    // ---- recording ----

    /** Counts one request of the service listener and its duration. */
    void recordRequest(String path, int status, long nanos) {
        int route = routes.indexOf(path);
        int statusClass = Math.min(Math.max(status / 100, 1), STATUS_CLASSES) - 1;
        int slot = route * STATUS_CLASSES + statusClass;
        RequestMeters meters = requestMeters.get(slot);
        if (meters == null) {
            meters = requestMeters(routes.label(route), (statusClass + 1) + "xx");
            requestMeters.set(slot, meters);
        }
        meters.count().increment();
        meters.duration().record(nanos, TimeUnit.NANOSECONDS);
    }

    private RequestMeters requestMeters(String route, String statusClass) {
        // Registering twice returns the same meters, so a race here is harmless.
        Counter count = Counter.builder("tandem.requests")
                .description("Requests of the service listener by first path segment and status class")
                .tag("route", route)
                .tag("status_class", statusClass)
                .register(registry);
        Timer duration = Timer.builder("tandem.request.duration")
                .description("Time from the start of a request to the end of its response")
                .tag("route", route)
                .tag("status_class", statusClass)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        return new RequestMeters(count, duration);
    }

    private record RequestMeters(Counter count, Timer duration) {
    }

    /** Records the duration of a request that a backend served (measured at the proxy). */
    void recordBackend(String backendId, long nanos) {
        Timer timer = backendTimers.get(backendId);
        if (timer == null) {
            String label = backendTimers.size() < MAX_LABELLED_BACKENDS ? backendId : "other";
            timer = backendTimers.computeIfAbsent(label, this::backendTimer);
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer backendTimer(String backend) {
        return Timer.builder("tandem.backend.request.duration")
                .description("Duration of requests served by a backend, measured at the proxy")
                .tag("backend", backend)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    }

    /**
     * Counts what the session stage made of a request's cookie.
     *
     * @param fresh whether the request started a new session
     */
    public void recordSession(SessionOutcome outcome, boolean fresh) {
        if (outcome instanceof SessionOutcome.Adopted) {
            sessionsAdopted.increment();
        } else if (fresh) {
            if (outcome instanceof SessionOutcome.Absent) {
                sessionsCreated.increment();
            } else {
                Counter rejected = sessionsRejected.get(outcome.label());
                if (rejected != null) {
                    rejected.increment();
                }
            }
        }
    }

    /** Counts a rule hit; {@link Verdict.Pass} is not a hit. */
    public void recordVerdict(Verdict verdict) {
        if (verdict instanceof Verdict.Hit hit) {
            ruleCounters(hit.ruleId())[ACTIONS.indexOf(hit.action())].increment();
        }
    }

    private Counter[] ruleCounters(String ruleId) {
        Counter[] counters = ruleHits.get(ruleId);
        if (counters == null) {
            String label = ruleHits.size() < MAX_LABELLED_RULES ? ruleId : "other";
            counters = ruleHits.computeIfAbsent(label, this::newRuleCounters);
        }
        return counters;
    }

    private Counter[] newRuleCounters(String ruleId) {
        Counter[] counters = new Counter[ACTIONS.size()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = Counter.builder("tandem.rule.hits")
                    .description("Requests a rule acted on, by the action taken")
                    .tag("rule", ruleId)
                    .tag("action", ACTIONS.get(i))
                    .register(registry);
        }
        return counters;
    }

    /** Records this member's role; counts a change when it differs from the last one. */
    public void roleChanged(Role newRole) {
        Role previous = role.getAndSet(newRole);
        if (previous != newRole) {
            roleChanges.increment();
        }
    }

    /** Records how long the last takeover took, from the decision to serving. */
    public void takeoverCompleted(Duration took) {
        lastTakeoverBits.set(Double.doubleToLongBits(took.toNanos() / 1e9));
    }

    /** Publishes the health and load of each backend as gauges. */
    public void bindBackends(List<Backend> backends) {
        for (Backend backend : backends) {
            Gauge.builder("tandem.backend.up", backend, b -> b.isUp() ? 1 : 0)
                    .description("1 while the backend passes its health checks, 0 while it is down")
                    .tag("backend", backend.id())
                    .register(registry);
            Gauge.builder("tandem.backend.in.flight", backend, Backend::inFlight)
                    .description("Requests the backend is serving now")
                    .tag("backend", backend.id())
                    .register(registry);
        }
    }

    /**
     * Publishes the local session history's statistics under Micrometer's cache metric names (the
     * Caffeine cache itself is private to the history, so its {@code stats()} are read instead).
     */
    public void bindHistory(LocalHistory history) {
        String cache = "local_history";
        FunctionCounter.builder("cache.gets", history, h -> h.stats().hitCount())
                .description("Lookups of the local history; hit = the session was known here")
                .tags("cache", cache, "result", "hit")
                .register(registry);
        FunctionCounter.builder("cache.gets", history, h -> h.stats().missCount())
                .description("Lookups of the local history; hit = the session was known here")
                .tags("cache", cache, "result", "miss")
                .register(registry);
        FunctionCounter.builder("cache.evictions", history, h -> h.stats().evictionCount())
                .description("Sessions forgotten because the history was full or they were idle")
                .tags("cache", cache)
                .register(registry);
        Gauge.builder("cache.size", history, LocalHistory::estimatedSize)
                .description("Sessions remembered now (approximate)")
                .tags("cache", cache)
                .register(registry);
    }

    // ---- reading, for the admin API ----

    /** Session events since start. */
    public SessionTally sessionTally() {
        Map<String, Long> rejected = new LinkedHashMap<>();
        sessionsRejected.forEach((reason, counter) -> rejected.put(reason, (long) counter.count()));
        return new SessionTally((long) sessionsCreated.count(), (long) sessionsAdopted.count(), rejected);
    }

    /** Hits of one rule by action since start; all zero for a rule that never fired. */
    public Map<String, Long> ruleHits(String ruleId) {
        Counter[] counters = ruleHits.get(ruleId);
        Map<String, Long> hits = new LinkedHashMap<>();
        for (int i = 0; i < ACTIONS.size(); i++) {
            hits.put(ACTIONS.get(i), counters == null ? 0L : (long) counters[i].count());
        }
        return hits;
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        registry.close();
    }

    @Override
    public String toString() {
        return "metrics(prometheus, routes: " + (routes.size() - 2) + " + root/other)";
    }
}
