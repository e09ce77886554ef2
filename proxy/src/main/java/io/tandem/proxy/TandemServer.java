package io.tandem.proxy;

import io.tandem.config.HaConfig;
import io.tandem.config.TandemConfig;
import io.tandem.ha.HazelcastRoleElector;
import io.tandem.ha.Role;
import io.tandem.ha.RoleChange;
import io.tandem.ha.RoleElector;
import io.tandem.ha.StandaloneElector;
import io.tandem.proxy.admin.AdminServices;
import io.tandem.proxy.admin.AttackLog;
import io.tandem.proxy.admin.AttackLogHandler;
import io.tandem.proxy.admin.BackendStatus;
import io.tandem.proxy.admin.ConfigControl;
import io.tandem.proxy.admin.ConfigDigest;
import io.tandem.proxy.admin.HistorySessionTable;
import io.tandem.proxy.admin.KeyControl;
import io.tandem.proxy.admin.KeyRingDigests;
import io.tandem.proxy.admin.KeyRingStore;
import io.tandem.proxy.admin.KeyRotation;
import io.tandem.proxy.admin.MemberStatus;
import io.tandem.proxy.admin.PairKeyRotation;
import io.tandem.proxy.admin.RuleSwitches;
import io.tandem.proxy.admin.StandaloneKeyRotation;
import io.tandem.proxy.admin.StandaloneMember;
import io.tandem.proxy.metrics.MetricsHandler;
import io.tandem.proxy.metrics.TandemMetrics;
import io.tandem.proxy.pipeline.AccessLogHandler;
import io.tandem.proxy.pipeline.ClientAddressHandler;
import io.tandem.proxy.pipeline.ErrorPageHandler;
import io.tandem.proxy.pipeline.RequestIdHandler;
import io.tandem.proxy.pipeline.RequestSanitizerHandler;
import io.tandem.proxy.pipeline.RuleStageHandler;
import io.tandem.proxy.pipeline.SessionHandler;
import io.tandem.proxy.pipeline.SetCookieFormat;
import io.tandem.proxy.pipeline.StandbyGateHandler;
import io.tandem.proxy.pool.BackendPool;
import io.tandem.session.KeyRing;
import io.tandem.session.LocalHistory;
import io.tandem.session.SessionManager;
import io.tandem.session.SessionPolicy;
import io.tandem.waf.RuleEngine;
import io.tandem.waf.rules.PeriodBlocks;
import io.tandem.waf.session.SessionRuleStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.ProxyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tandem member: the request pipeline, the backend pool, the session manager, the service
 * listener and this member's part in the pair (its {@link RoleElector}).
 *
 * <p>The pipeline, in request order (DESIGN.md's request path): metrics, attack log, request id,
 * access log, error pages, standby gate, client address, sanitizer, session, rules, backend pool.
 *
 * <p>Roles: in the {@code listener} takeover mode only the active member owns the service
 * listener, bound on promotion and released (drained) on demotion, like a virtual IP moving; in
 * the {@code load-balancer} mode both members listen and the standby answers 503 with
 * {@code Retry-After}. Without an {@code ha:} section the member is alone and always active.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once; not restartable.
 */
public final class TandemServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tandem");
    /** Clients and sessions under a period block at once; beyond, the oldest blocks are forgotten. */
    private static final int PERIOD_BLOCK_ENTRIES = 100_000;
    /** Client addresses with a per-client rate window at once; beyond, the least recent are forgotten. */
    private static final int SESSION_RULE_CLIENTS = 100_000;

    private final TandemConfig config;
    private final Clock clock;
    private final Instant startedAt;
    private final SessionManager sessions;
    private final BackendPool pool;
    /** Period blocks outlive reloads: a reload must not set blocked clients free. */
    private final PeriodBlocks periodBlocks;
    /** Per-client windows and the active-since time of the session rules; outlives reloads too. */
    private final SessionRuleStore sessionRuleStore;
    /** The rules of the running configuration; a reload swaps them as one. */
    private final AtomicReference<ActiveRules> rules;
    private final TandemMetrics metrics = new TandemMetrics();
    private final AttackLog attacks = new AttackLog(AttackLog.DEFAULT_CAPACITY);
    private final RuleSwitches ruleSwitches;
    private final RoleElector elector;
    /** The pair-wide key rotation; {@code null} without a peer (the admin API then rotates this member only). */
    private final PairKeyRotation pairRotation;
    private final ServiceListener listener;
    /** Whether this member serves clients now: it is active and, in listener mode, bound. */
    private volatile boolean serving;

    /** A member whose key ring is not saved anywhere when it is rotated (tests, ephemeral rings). */
    public TandemServer(TandemConfig config, KeyRing keyRing, Clock clock) {
        this(config, keyRing, KeyRingStore.memoryOnly(), clock);
    }

    /**
     * @param keyStore where a rotated key ring is saved; in a pair also what the pair-wide
     *                 rotation saves and reads back at start (a staged key, retire times)
     */
    public TandemServer(TandemConfig config, KeyRing keyRing, KeyRingStore keyStore, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
        var session = config.session();
        SessionPolicy policy = new SessionPolicy(session.idleTimeout(), session.maxLifetime(), session.renewInterval());
        LocalHistory history = new LocalHistory(session.history().maxEntries(), session.history().idleExpiry(), clock);
        this.sessions = new SessionManager(keyRing, policy, config.node().id(), history, clock);
        this.periodBlocks = new PeriodBlocks(clock, PERIOD_BLOCK_ENTRIES);
        this.sessionRuleStore = new SessionRuleStore(history, SESSION_RULE_CLIENTS, clock);
        this.rules = new AtomicReference<>(ActiveRules.of(config.waf(), periodBlocks, sessionRuleStore));
        this.ruleSwitches = new RuleSwitches(() -> rules.get().engine(), metrics);
        this.pool = new BackendPool(config.backends(), config.pool());
        metrics.bindHistory(history);
        metrics.bindBackends(pool.backends());
        HaConfig ha = config.ha();
        this.elector = ha.enabled()
                ? new HazelcastRoleElector(config.node().id(), ha, ConfigDigest.of(config), KeyRingDigests.text(keyRing))
                : new StandaloneElector();
        if (ha.enabled()) {
            this.pairRotation = new PairKeyRotation(ha.groupId(), ha.peers(), sessions, keyStore,
                    new ElectorChannel(elector), clock, this::publishKeyRing);
            elector.onPeerMessage(m -> pairRotation.deliver(m.fromNodeId(), m.body()));
        } else {
            this.pairRotation = null;
        }
        this.listener = new ServiceListener(config.listener(), pipeline());
    }

    private HttpHandler pipeline() {
        HttpHandler proxy = ProxyHandler.builder()
                .setProxyClient(pool.proxyClient())
                .setMaxRequestTime((int) Math.min(Integer.MAX_VALUE, config.pool().requestTimeout().toMillis()))
                .setMaxConnectionRetries(config.pool().retries())
                .setRewriteHostHeader(false)
                .setReuseXForwarded(false)
                .build();
        HttpHandler handler = new RuleStageHandler(() -> {
            ActiveRules active = rules.get(); // one read: engine, limits and session rules of one configuration
            return new RuleStageHandler.Rules(ruleSwitches.engine(active.engine()), active.limits(),
                    active.sessionRules(), active.source().limits().bodyInspectTimeout(),
                    active.source().protocol().maxBodyLength());
        }, clock, proxy);
        handler = new SessionHandler(sessions,
                new SetCookieFormat(config.session().cookieName(), config.session().secureCookie()), handler);
        handler = new RequestSanitizerHandler(handler);
        handler = new ClientAddressHandler(config.network().trustedProxies(), handler);
        if (loadBalancerMode()) {
            handler = new StandbyGateHandler(() -> serving, handler);
        }
        handler = new ErrorPageHandler(handler);
        if (config.accessLog().enabled()) {
            handler = new AccessLogHandler(config.node().id(), handler);
        }
        return new MetricsHandler(metrics, new AttackLogHandler(attacks, config.node().id(), clock,
                new RequestIdHandler(handler)));
    }

    private boolean loadBalancerMode() {
        return config.ha().enabled() && config.ha().takeover() == HaConfig.Takeover.LOAD_BALANCER;
    }

    /**
     * Starts the health checks and joins the pair; the member serves as soon as it is elected.
     *
     * @throws RuntimeException if a standalone member cannot bind its listener or the HA member
     *                          cannot join (for example its HA port is taken)
     */
    public void start() {
        pool.start();
        if (loadBalancerMode()) {
            listener.bind(Duration.ZERO);
        }
        if (pairRotation != null) {
            pairRotation.start();
        }
        elector.start(this::onRoleChange);
        LOG.info("tandem started: node={} listener=http://{}:{} takeover={} backends={} cookie={} key-ring={} rules=[{}]",
                config.node().id(), config.listener().address(), config.listener().port(),
                config.ha().enabled() ? config.ha().takeover().name().toLowerCase(java.util.Locale.ROOT) : "standalone",
                pool.backends(), config.session().cookieName(), sessions.keyRing(), rules.get().summary());
        LOG.info(String.join("\n", StartupSummary.lines(config, sessions.keyRing())));
    }

    /** Acts on a role decision; called by the elector from its own thread, one change at a time. */
    private void onRoleChange(RoleChange change) {
        metrics.roleChanged(change.role());
        if (change.role() == Role.ACTIVE) {
            long began = System.nanoTime();
            // From now on this member knows what it admitted; sessions it adopts are judged against that.
            sessionRuleStore.activated();
            if (!loadBalancerMode()) {
                // A standalone member fails fast on a taken port; a promoted one waits for the old owner.
                listener.bind(config.ha().enabled() ? ServiceListener.PROMOTION_BIND_PATIENCE : Duration.ZERO);
            }
            serving = true;
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            metrics.takeoverCompleted(took);
            LOG.info("serving: node={} role=ACTIVE epoch={} listener=http://{}:{} bound-in={}ms reason={}",
                    config.node().id(), change.epoch(), config.listener().address(), listener.port(),
                    took.toMillis(), change.reason());
        } else {
            serving = false;
            if (!loadBalancerMode()) {
                listener.release(ServiceListener.DEFAULT_DRAIN); // the port is free now; old connections drain behind
            }
            LOG.info("not serving: node={} role={} epoch={} reason={}", config.node().id(), change.role(),
                    change.epoch(), change.reason());
        }
    }

    /** The port the service listener is bound to. */
    public int port() {
        return listener.port();
    }

    public boolean isServing() {
        return serving;
    }

    public SessionManager sessions() {
        return sessions;
    }

    public BackendPool pool() {
        return pool;
    }

    public RoleElector elector() {
        return elector;
    }

    public TandemMetrics metrics() {
        return metrics;
    }

    /** The engine of the running configuration, before the admin API's rule switches. */
    public RuleEngine configuredRules() {
        return rules.get().engine();
    }

    /**
     * What the admin API reads and changes on this member.
     *
     * @param keyStore where a rotated ring is saved by a member without a peer; a pair member
     *                 rotates with the store given to the constructor (pass the same one)
     */
    public AdminServices adminServices(ConfigControl configControl, KeyRingStore keyStore, String version) {
        KeyRotation rotation;
        KeyControl keys;
        if (pairRotation != null) {
            rotation = pairRotation;
            keys = pairRotation;
        } else {
            StandaloneKeyRotation standalone = new StandaloneKeyRotation(sessions, keyStore, clock,
                    this::publishKeyRing);
            rotation = standalone;
            keys = standalone;
        }
        MemberStatus member = config.ha().enabled()
                ? new PairMember(elector, config.node().id(), version, startedAt, () -> ConfigDigest.of(config),
                        () -> sessions.keyRing().fingerprint())
                : new StandaloneMember(config.node().id(), version, startedAt, () -> ConfigDigest.of(config),
                        () -> sessions.keyRing().fingerprint());
        return new AdminServices(member, BackendStatus.of(pool), new HistorySessionTable(sessions.history(), metrics,
                startedAt), ruleSwitches, configControl, keys, rotation, attacks, metrics);
    }

    /** Tells the pair about a rotated key ring (its digest: fingerprints only). */
    private void publishKeyRing(KeyRing ring) {
        elector.updateDigests(ConfigDigest.of(config), KeyRingDigests.text(ring));
    }

    /**
     * Applies a reloaded configuration, all or nothing. The rules (the {@code waf:} section) change
     * at runtime: the new engine is built first and swapped in atomically, so requests in flight
     * finish with the engine they started with and no connection is dropped; period blocks carry
     * over. Any other change is refused naming the sections that differ; the admin API answers 422
     * and keeps the running configuration.
     */
    public synchronized void applyConfig(TandemConfig next) {
        List<String> changed = new ArrayList<>();
        if (!next.backends().equals(config.backends())) {
            changed.add("backends");
        }
        if (!next.pool().equals(config.pool())) {
            changed.add("pool");
        }
        if (!next.session().equals(config.session())) {
            changed.add("session");
        }
        if (!next.network().equals(config.network())) {
            changed.add("network");
        }
        if (!next.accessLog().equals(config.accessLog())) {
            changed.add("access-log");
        }
        if (!next.ha().equals(config.ha())) {
            changed.add("ha");
        }
        if (!next.admin().equals(config.admin())) {
            // The admin listener reads its tokens at start; saying "applied" would let a revoked token live on.
            changed.add("admin");
        }
        if (!changed.isEmpty()) {
            throw new IllegalStateException(String.join(", ", changed) + ": cannot change at runtime yet; restart the member");
        }
        ActiveRules running = rules.get();
        if (!next.waf().equals(running.source())) {
            ActiveRules built = ActiveRules.of(next.waf(), periodBlocks, sessionRuleStore);
            rules.set(built);
            LOG.info("rules reloaded: node={} {} (were {})", config.node().id(), built.summary(), running.summary());
        }
    }

    /** Stops serving (draining in-flight requests), leaves the pair, then stops the rest. */
    @Override
    public void close() {
        serving = false;
        listener.close();
        elector.close();
        if (pairRotation != null) {
            pairRotation.close();
        }
        pool.close();
        metrics.close();
        LOG.info("tandem stopped: node={}", config.node().id());
    }
}
