package io.tandem.it.pair;

import io.tandem.farm.Hop;
import io.tandem.farm.Shopper;
import io.tandem.farm.Step;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A {@link Shopper} as a client of a pair sees it during a takeover: an action whose request got
 * no usable answer is tried again after a short pause, a bounded number of times, and every
 * attempt is recorded with when it started and ended, so that a test can tell failures during
 * the takeover from failures after it.
 *
 * <p>Only idempotent actions (page views, the cart) should be retried with
 * {@link RetryOn#ANY_ERROR}: a POST whose connection was reset may have reached the shop.
 * {@link RetryOn#CONNECTION_REFUSED} retries only when the port was closed, i.e. the request was
 * never sent, which is safe for any action. Neither retries an action once one of its POSTs was
 * answered: when the redirect after an answered POST is refused, running the action again would
 * post twice (add an item twice); the caller loads the page again instead, as a browser's user
 * would (see {@link #postAnswered}).
 *
 * <p>Not thread-safe, like the shopper: one per thread. {@link #attempts()} may be read once
 * the thread is done.
 */
public final class RetryingShopper {

    /** Which failed attempts are tried again. */
    public enum RetryOn {
        /** The last hop got no response (refused, reset, timed out) or a 5xx. */
        ANY_ERROR,
        /** The last hop got no response because the connection was refused: nobody listened. */
        CONNECTION_REFUSED
    }

    /** One try of an action: nanoTime at its start and end, and its outcome with every hop. */
    public record Attempt(String action, long startNanos, long endNanos, Step<?> step) {

        public List<Hop> errorHops() {
            return step.hops().stream().filter(Hop::isError).toList();
        }

        @Override
        public String toString() {
            return action + " [" + (step.ok() ? "ok" : step.failure().orElse("")) + "] " + step.hops();
        }
    }

    /** Every action gives up after this many attempts ... */
    static final int MAX_ATTEMPTS = 1_000;
    /** ... or after this long, whichever comes first. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);
    static final Duration PAUSE = Duration.ofMillis(25);

    private final Shopper shopper;
    private final RetryOn retryOn;
    private final List<Attempt> attempts = new ArrayList<>();

    public RetryingShopper(URI baseUrl, RetryOn retryOn) {
        this.shopper = new Shopper(baseUrl);
        this.retryOn = retryOn;
    }

    public Shopper shopper() {
        return shopper;
    }

    /**
     * Runs {@code action} until it succeeds, it fails in a way that is not retried, or the bounds
     * are reached.
     *
     * @return the last attempt's step: done, or failed with the reason
     */
    public <T> Step<T> perform(String name, Function<Shopper, Step<T>> action) {
        long first = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            long start = System.nanoTime();
            Step<T> step = action.apply(shopper);
            attempts.add(new Attempt(name, start, System.nanoTime(), step));
            if (step.ok() || !retryable(step) || attempt >= MAX_ATTEMPTS
                    || System.nanoTime() - first > GIVE_UP_AFTER.toNanos()) {
                return step;
            }
            LockSupport.parkNanos(PAUSE.toNanos()); // a client's back-off before it tries again
        }
    }

    /** Runs {@code action} once, recorded but never retried: for POSTs, before anything is disturbed. */
    public <T> Step<T> performOnce(String name, Function<Shopper, Step<T>> action) {
        long start = System.nanoTime();
        Step<T> step = action.apply(shopper);
        attempts.add(new Attempt(name, start, System.nanoTime(), step));
        return step;
    }

    private boolean retryable(Step<?> step) {
        List<Hop> hops = step.hops();
        if (hops.isEmpty()) {
            return false;
        }
        Hop last = hops.get(hops.size() - 1);
        if (postAnswered(step)) {
            return false;
        }
        return switch (retryOn) {
            case ANY_ERROR -> last.isError();
            case CONNECTION_REFUSED -> isRefused(last);
        };
    }

    /** Whether a POST of this step got a response: the shop acted on it, so the action must not run again. */
    static boolean postAnswered(Step<?> step) {
        return step.hops().stream().anyMatch(h -> h instanceof Hop.Response r && r.method().equals("POST"));
    }

    /** Whether the last hop of the step got no response because nothing listened. */
    static boolean endsRefused(Step<?> step) {
        List<Hop> hops = step.hops();
        return !hops.isEmpty() && isRefused(hops.get(hops.size() - 1));
    }

    /** No response because nothing listened: the JDK client reports a {@code ConnectException}. */
    static boolean isRefused(Hop hop) {
        return hop instanceof Hop.NoResponse none && none.error().startsWith("ConnectException");
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
