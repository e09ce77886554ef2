package io.tandem.it.pair;

import io.tandem.farm.Cart;
import io.tandem.farm.MagentoInstance;
import io.tandem.farm.Step;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;

/**
 * Scripted customers of the shop behind a pair, one thread each. Every customer first adds a
 * product to the cart and logs in (once, never retried: a POST), then loops until told to stop,
 * each round a product page (or, with {@code addEachRound}, adding one more of it to the cart:
 * a POST) and the cart. Every cart page must show exactly the quantity added so far and the
 * same logged-in customer; anything else is a problem, recorded with the round, and ends that
 * customer's run. Requests are retried as {@link RetryingShopper} says: with
 * {@link RetryingShopper.RetryOn#ANY_ERROR} use page views only, since a POST whose connection
 * was reset may have reached the shop.
 *
 * <p>Bounded: at most {@value #MAX_ROUNDS} rounds and {@link #MAX_RUN} per customer, whatever
 * the test does. {@link #close()} stops the threads.
 */
final class ShopperCrowd implements AutoCloseable {

    static final int MAX_ROUNDS = 3_000;
    static final Duration MAX_RUN = Duration.ofSeconds(150);
    /** Between rounds, so that 20 customers do not starve a two-core machine. */
    private static final Duration THINK_TIME = Duration.ofMillis(10);

    /** One customer's script, expectations and record. */
    static final class Customer {
        final int index;
        final String email;
        final int productId;
        final int qty;
        final RetryingShopper client;
        /** Quantity in the cart so far; the customer's thread only. */
        int expectedQty;
        final List<String> problems = new ArrayList<>();
        /** nanoTime at the start of every completed round. */
        final ConcurrentLinkedQueue<Long> roundStarts = new ConcurrentLinkedQueue<>();
        volatile boolean setUp;
        volatile boolean finished;

        Customer(int index, URI url, RetryingShopper.RetryOn retryOn) {
            this.index = index;
            this.email = "shopper" + index + "@example.com";
            this.productId = 1 + index % 4;
            this.qty = 1 + index % 3;
            this.expectedQty = qty;
            this.client = new RetryingShopper(url, retryOn);
        }

        long roundsStartedAfter(long nanos) {
            return roundStarts.stream().filter(start -> start - nanos > 0).count();
        }

        Optional<String> cookie(String name) {
            return client.shopper().cookie(name);
        }

        @Override
        public String toString() {
            return email;
        }
    }

    private final List<Customer> customers = new ArrayList<>();
    private final ExecutorService threads;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Future<?>> runs = new ArrayList<>();
    private final boolean addEachRound;

    /** Customers whose rounds only view pages. */
    ShopperCrowd(URI url, int size, RetryingShopper.RetryOn retryOn) {
        this(url, size, retryOn, false);
    }

    ShopperCrowd(URI url, int size, RetryingShopper.RetryOn retryOn, boolean addEachRound) {
        this.addEachRound = addEachRound;
        for (int i = 0; i < size; i++) {
            customers.add(new Customer(i, url, retryOn));
        }
        this.threads = Executors.newFixedThreadPool(size, task -> {
            Thread t = new Thread(task, "shopper");
            t.setDaemon(true);
            return t;
        });
    }

    List<Customer> customers() {
        return customers;
    }

    /** Starts every customer's thread. */
    ShopperCrowd start() {
        for (Customer c : customers) {
            runs.add(threads.submit(() -> run(c)));
        }
        return this;
    }

    /** Waits until every customer has set up its cart and login and done {@code rounds} rounds. */
    void awaitWarmedUp(int rounds, Duration atMost) {
        Awaitility.await("every customer set up and " + rounds + " rounds done").atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> failFast() && customers.stream().allMatch(c -> c.setUp && c.roundStarts.size() >= rounds));
    }

    /** Waits until every customer has completed {@code rounds} rounds that started after {@code nanos}. */
    void awaitRoundsAfter(long nanos, int rounds, Duration atMost) {
        Awaitility.await("every customer did " + rounds + " rounds after the event").atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> failFast() && customers.stream().allMatch(c -> c.roundsStartedAfter(nanos) >= rounds));
    }

    /** Stops the loops and waits for every thread to end. */
    void stopAndJoin(Duration atMost) throws Exception {
        stop.set(true);
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Future<?> run : runs) {
            try {
                run.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("a customer's thread did not end within " + atMost, e);
            }
        }
    }

    /** Every problem of every customer, "email: problem", for one assertion that lists them all. */
    List<String> problems() {
        List<String> all = new ArrayList<>();
        for (Customer c : customers) {
            synchronized (c.problems) {
                c.problems.forEach(p -> all.add(c.email + ": " + p));
            }
        }
        return all;
    }

    /** Ends the wait early when a customer has already given up: the test fails with its problem. */
    private boolean failFast() {
        List<String> problems = problems();
        if (!problems.isEmpty() && customers.stream().anyMatch(c -> c.finished)) {
            throw new AssertionError("customers gave up: " + problems);
        }
        return true;
    }

    private void run(Customer c) {
        try {
            script(c);
        } catch (RuntimeException | AssertionError e) {
            problem(c, "crashed: " + e);
        } finally {
            c.finished = true;
        }
    }

    private void script(Customer c) {
        long began = System.nanoTime();
        Step<Cart> added = c.client.performOnce("add " + c.productId + " x" + c.qty,
                s -> s.addToCart(c.productId, c.qty));
        if (added.failed()) {
            problem(c, "set-up: " + added.failure().orElseThrow());
            return;
        }
        Step<?> login = c.client.performOnce("login", s -> s.login(c.email, MagentoInstance.CUSTOMER_PASSWORD));
        if (login.failed()) {
            problem(c, "set-up: " + login.failure().orElseThrow());
            return;
        }
        c.setUp = true;
        for (int round = 0; round < MAX_ROUNDS && !stop.get() && System.nanoTime() - began < MAX_RUN.toNanos();
                round++) {
            long start = System.nanoTime();
            int product = 1 + round % 4;
            Step<?> view = addEachRound
                    ? c.client.perform("add " + product, s -> s.addToCart(product, 1))
                    : c.client.perform("view " + product, s -> s.viewProduct(product));
            // The add was answered but the cart page it redirects to was refused (the role moved just
            // then): the item is in the cart, and the cart is loaded again below.
            boolean addedThenRefused = addEachRound && RetryingShopper.postAnswered(view)
                    && RetryingShopper.endsRefused(view);
            if (view.failed() && !addedThenRefused) {
                problem(c, "round " + round + ": " + view.failure().orElseThrow());
                return;
            }
            if (addEachRound) {
                c.expectedQty++;
            }
            Step<Cart> cart = c.client.perform("cart", s -> s.cart());
            if (cart.failed()) {
                problem(c, "round " + round + ": " + cart.failure().orElseThrow());
                return;
            }
            Cart seen = cart.value();
            if (seen.totalQty() != c.expectedQty || !seen.customer().equals(Optional.of(c.email))) {
                problem(c, "round " + round + ": cart " + seen.lines() + " of " + seen.customer().orElse("a guest")
                        + " (expected: qty " + c.expectedQty + " of " + c.email + ")");
                return;
            }
            c.roundStarts.add(start);
            LockSupport.parkNanos(THINK_TIME.toNanos());
        }
    }

    private static void problem(Customer c, String text) {
        synchronized (c.problems) {
            c.problems.add(text);
        }
    }

    @Override
    public void close() {
        stop.set(true);
        threads.shutdownNow();
    }
}
