package io.tandem.waf.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tandem.session.LocalHistory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the session rules remember on this member, kept across rule reloads (like
 * {@link io.tandem.waf.rules.PeriodBlocks}) and never replicated:
 * <ul>
 * <li>per-session state in the {@link LocalHistory} (each record's {@code RuleState});</li>
 * <li>per-client rate windows, in a Caffeine cache bounded by {@code maxClients} entries and
 *     forgotten an hour (the longest window) after their last update, so a flood of client
 *     addresses evicts windows rather than exhausting memory;</li>
 * <li>this member's <em>activation</em>: since when it has been the active member, and a
 *     generation number that grows with every activation.</li>
 * </ul>
 *
 * <h2>Activation: the proxy must call {@link #activated()}</h2>
 * Call it when this member starts serving as the only active member: at start for a member that
 * is active from the start, and on every promotion to active in a pair. The rules use it to know
 * what this member cannot have missed: while it is active, the peer is not, so a rate window that
 * began after the activation contains only requests this member saw. Until the first call the
 * store assumes nothing (every adopted session is treated as if a failover just happened), which
 * is safe but strict. In a split brain, or in the external load-balancer mode where both members
 * serve at once, that premise is false: see docs/rules.md for what each member then enforces.
 *
 * <p>Thread-safe. Time comes from the injected clock.
 */
public final class SessionRuleStore {

    /** Per-client windows live at most this long after their last update (the longest window). */
    static final Duration CLIENT_WINDOW_EXPIRY = Duration.ofHours(1);

    /** This member's current active period. */
    record Activation(int generation, long sinceMillis) {
    }

    private record ClientKey(int tag, InetAddress address) {
    }

    private record ClientWindow(long index, int count) {
    }

    private final LocalHistory history;
    private final Clock clock;
    private final int maxClients;
    private final Cache<ClientKey, ClientWindow> clients;
    private volatile Activation activation = new Activation(0, Long.MAX_VALUE);

    /**
     * @param history    this member's session history (holds per-session state)
     * @param maxClients at most this many per-client windows, {@code >= 1}
     * @param clock      time source for activation and expiry
     */
    public SessionRuleStore(LocalHistory history, int maxClients, Clock clock) {
        this.history = Objects.requireNonNull(history, "history");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients: " + maxClients + " (expected: >= 1)");
        }
        this.maxClients = maxClients;
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.clients = Caffeine.newBuilder()
                .maximumSize(maxClients)
                .expireAfterWrite(CLIENT_WINDOW_EXPIRY)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /**
     * This member has just become the active one (or is active from its start): records now as
     * the start of its active period and begins a new generation.
     */
    public synchronized void activated() {
        Activation a = activation;
        activation = new Activation(a.generation() + 1, clock.millis());
    }

    /** Since when this member has been active, epoch millis; {@link Long#MAX_VALUE} before {@link #activated()}. */
    public long activeSinceMillis() {
        return activation.sinceMillis();
    }

    Activation activation() {
        return activation;
    }

    public LocalHistory history() {
        return history;
    }

    /**
     * Counts one request of a client for a per-client rule in window {@code index}, atomically.
     *
     * @return the requests counted in that window so far, this one included (saturating)
     */
    int countClient(int tag, InetAddress address, long index) {
        ClientWindow w = clients.asMap().compute(new ClientKey(tag, address), (k, old) -> old == null || old.index() < index
                ? new ClientWindow(index, 1)
                : new ClientWindow(old.index(), old.count() == Integer.MAX_VALUE ? old.count() : old.count() + 1));
        return w.count();
    }

    /** The approximate number of per-client windows; may briefly exceed the bound until {@link #cleanUp()}. */
    public long clientWindows() {
        return clients.estimatedSize();
    }

    /** Runs pending eviction and expiry now. */
    public void cleanUp() {
        clients.cleanUp();
        history.cleanUp();
    }

    @Override
    public String toString() {
        Activation a = activation;
        return "SessionRuleStore[" + history + ", clients<=" + maxClients + ", generation=" + a.generation()
                + (a.sinceMillis() == Long.MAX_VALUE ? ", not activated" : ", active since " + a.sinceMillis()) + "]";
    }
}
