package io.tandem.waf.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients and sessions currently under a period block, keyed by {@code ip:<address>} or
 * {@code session:<id>}. Thread-safe; bounded to {@code maxEntries}: when full, expired entries are
 * purged first, then arbitrary entries, so a flood of offenders degrades to forgetting some
 * blocks, never to exhausting memory. Time comes from the injected clock. Kept outside the rules
 * so that the proxy can carry it across rule reloads; never replicated to the peer.
 */
public final class PeriodBlocks {

    /** One active block. */
    public record Block(String ruleId, String reason, Instant until) {
    }

    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();

    public PeriodBlocks(Clock clock, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        this.maxEntries = maxEntries;
    }

    public static PeriodBlocks systemClock() {
        return new PeriodBlocks(Clock.systemUTC(), 100_000);
    }

    public void block(String key, Duration period, String ruleId, String reason) {
        if (blocks.size() >= maxEntries) {
            evict();
        }
        Instant until = clock.instant().plus(period);
        blocks.merge(key, new Block(ruleId, reason, until), (old, neu) -> old.until().isAfter(neu.until()) ? old : neu);
    }

    /** The active block for a key, or {@code null}. */
    public Block blocked(String key) {
        Block b = blocks.get(key);
        if (b == null) {
            return null;
        }
        if (!b.until().isAfter(clock.instant())) {
            blocks.remove(key, b);
            return null;
        }
        return b;
    }

    /** Time left of a block, rounded up to whole seconds, at least one. */
    public Duration remaining(Block b) {
        long millis = Duration.between(clock.instant(), b.until()).toMillis();
        return Duration.ofSeconds(Math.max(1, Math.min(3600, (millis + 999) / 1000)));
    }

    public int size() {
        return blocks.size();
    }

    private void evict() {
        Instant now = clock.instant();
        blocks.values().removeIf(b -> !b.until().isAfter(now));
        Iterator<String> it = blocks.keySet().iterator();
        while (blocks.size() >= maxEntries * 9 / 10 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
