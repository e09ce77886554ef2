package io.tandem.it.admin;

import static org.awaitility.Awaitility.await;

import io.tandem.farm.Cart;
import io.tandem.farm.Hop;
import io.tandem.farm.Shopper;
import io.tandem.farm.Step;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Shoppers that keep a session busy on their own threads while a test does something to the
 * members. Each shopper first puts one product in its cart (that session is the one that must
 * survive), then loops: look at the cart, which must still hold exactly what it put there, view a
 * product and, unless {@code readOnly}, add one more item.
 *
 * <p>Two kinds of trouble are told apart:
 * <ul>
 * <li><b>unavailable</b>: a step without a response or with a 5xx (the member is not listening
 *     for a moment during a failover). Counted; with {@code readOnly} the shopper simply tries
 *     again, since reads are safe to repeat.</li>
 * <li><b>failures</b>: anything else that went wrong, above all a cart that no longer holds what
 *     the shopper put in it, which means the session was lost (the cookie was refused, a new
 *     session went to another shop instance).</li>
 * </ul>
 * Paced at about one step per {@value #PACE_MS} ms per shopper so that two cores also leave room
 * for the members.
 */
final class ShopperLoad implements AutoCloseable {

    private static final long PACE_MS = 15;
    private static final int PRODUCTS = 6;

    private final List<Shopper> shoppers = new ArrayList<>();
    private final List<String> firstSessionCookies = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final boolean readOnly;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<String> lostSessions = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> lostShoppers = ConcurrentHashMap.newKeySet();

    private ShopperLoad(boolean readOnly) {
        this.readOnly = readOnly;
    }

    /**
     * Starts {@code count} shoppers at {@code base}; returns once every one of them has its first
     * item in the cart (so the sessions exist before the test acts).
     *
     * @param readOnly only reads after the first item: safe to repeat across a failover
     */
    static ShopperLoad start(URI base, int count, boolean readOnly) {
        ShopperLoad load = new ShopperLoad(readOnly);
        for (int i = 0; i < count; i++) {
            Shopper shopper = new Shopper(base, Duration.ofSeconds(5));
            Step<Cart> first = shopper.addToCart(1 + i % PRODUCTS, 1);
            if (first.failed()) {
                throw new IllegalStateException("shopper " + i + " could not start its session: " + first.failure().get());
            }
            load.shoppers.add(shopper);
            load.firstSessionCookies.add(shopper.cookie("cookiesession1").orElseThrow(() ->
                    new IllegalStateException("shopper " + load.shoppers.size() + " got no cookiesession1")));
        }
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread t = new Thread(() -> load.run(index), "shopper-" + i);
            t.setDaemon(true);
            load.threads.add(t);
            t.start();
        }
        return load;
    }

    private void run(int index) {
        Shopper shopper = shoppers.get(index);
        int expected = 1;
        long iteration = 0;
        while (running.get()) {
            iteration++;
            if (!readOnly && iteration % 4 == 0) {
                Step<Cart> added = shopper.addToCart(1 + (index + (int) iteration) % PRODUCTS, 1);
                if (record(index, "add to cart", added)) {
                    expected++;
                    check(index, added.value(), expected);
                }
            } else if (iteration % 4 == 1) {
                record(index, "view product", shopper.viewProduct(1 + (int) (iteration % PRODUCTS)));
            } else {
                Step<Cart> cart = shopper.cart();
                if (record(index, "cart", cart)) {
                    check(index, cart.value(), expected);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PACE_MS));
        }
    }

    /** Counts the step; true if it succeeded. */
    private boolean record(int index, String what, Step<?> step) {
        steps.incrementAndGet();
        if (step.ok()) {
            return true;
        }
        boolean noService = step.hops().isEmpty() || step.hops().stream().anyMatch(Hop::isError);
        if (noService) {
            unavailable.incrementAndGet();
            if (readOnly) {
                return false;
            }
        }
        failures.add("shopper " + index + " " + what + ": " + step.failure().orElse("?") + " hops " + step.hops());
        return false;
    }

    /** Records the first time a shopper's cart shows its session was lost (later checks would repeat it). */
    private void check(int index, Cart cart, int expected) {
        if (cart.totalQty() != expected && lostShoppers.add(index)) {
            lostSessions.add("shopper " + index + ": cart " + cart.lines() + " total " + cart.totalQty()
                    + " (expected: " + expected + "; the session was lost)");
        }
    }

    /** Lets every shopper make at least {@code more} further steps (bounded wait). */
    void awaitSteps(long more, Duration atMost) {
        long target = steps.get() + more;
        await("shoppers make " + more + " more steps").atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> steps.get() >= target);
    }

    /** Stops the shoppers and waits for their threads; afterwards the shoppers may be read. */
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(20));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not stop within 20 s");
            }
        }
    }

    List<Shopper> shoppers() {
        return shoppers;
    }

    /** Each shopper's {@code cookiesession1} right after its first item, before the threads ran. */
    List<String> firstSessionCookies() {
        return List.copyOf(firstSessionCookies);
    }

    long steps() {
        return steps.get();
    }

    long unavailable() {
        return unavailable.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    List<String> lostSessions() {
        synchronized (lostSessions) {
            return List.copyOf(lostSessions);
        }
    }

    @Override
    public void close() {
        running.set(false);
    }

    @Override
    public String toString() {
        return shoppers.size() + " shoppers, " + steps() + " steps, " + unavailable() + " unavailable, "
                + failures().size() + " failures, " + lostSessions().size() + " lost sessions";
    }
}
