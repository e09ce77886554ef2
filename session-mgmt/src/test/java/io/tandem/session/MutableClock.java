package io.tandem.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that tests move by hand; nobody sleeps. Shared with the tests of waf-rules and proxy
 * through this module's test jar.
 */
public final class MutableClock extends Clock {

    private final AtomicLong millis;

    public MutableClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public static MutableClock at(String instant) {
        return new MutableClock(Instant.parse(instant));
    }

    public void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    /** Moves to the start of the next multiple of {@code window} since the epoch, plus {@code offset}. */
    public void toNextWindow(Duration window, Duration offset) {
        long w = window.toMillis();
        long now = millis.get();
        millis.set((Math.floorDiv(now, w) + 1) * w + offset.toMillis());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
