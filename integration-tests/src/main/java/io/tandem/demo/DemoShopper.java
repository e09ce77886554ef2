package io.tandem.demo;

import io.tandem.farm.Cart;
import io.tandem.farm.Catalog;
import io.tandem.farm.Hop;
import io.tandem.farm.MagentoInstance;
import io.tandem.farm.Page;
import io.tandem.farm.Shopper;
import io.tandem.farm.Step;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One scripted customer of the failover show, on a thread of its own: logs in, puts a product in
 * the cart, then browses (home page, a product, the account page, the cart) with a short pause
 * between clicks until told to stop, and finally looks at the cart once more.
 *
 * <p>A request that gets <em>no response</em> (connection refused or reset, as while the pair
 * switches) is tried again, as a person would reload the page: at most {@value #RELOADS} times,
 * after 0.25, 0.5, then 1 s. GETs only: the two POSTs (login, add to cart) happen before the
 * kill and are never repeated. A 5xx is not retried: it counts as a failure.
 *
 * <p>Every attempt is recorded with its start and end ({@link Attempt}) so the report can tell
 * failures before, at and after the kill apart. The cart and the login are checked on every
 * visit of the cart and account pages against what they were right after the set-up. Bounded:
 * at most {@value #MAX_ROUNDS} rounds and until {@code deadline}.
 *
 * <p>Thread-safety: {@link #run()} on one thread; the accessors may be read from others.
 */
final class DemoShopper implements Runnable {

    static final int MAX_ROUNDS = 5_000;
    static final int RELOADS = 8;
    private static final String ACCOUNT_PATH = "/customer/account/";

    /**
     * One request attempt (an action with its redirects) and how it ended.
     *
     * @param startNanos  {@link System#nanoTime()} when it was sent
     * @param endNanos    when it ended
     * @param errorHops   its hops without a response or with a 5xx
     * @param failure     why the action failed, or {@code null}
     */
    record Attempt(long startNanos, long endNanos, int errorHops, String failure) {
    }

    private final String email;
    private final int productId;
    private final int otherProductId;
    private final Shopper shopper;
    private final AtomicBoolean stop;
    private final CountDownLatch setUp;
    private final long deadlineNanos;
    private final List<Attempt> attempts = new ArrayList<>();
    private final AtomicInteger rounds = new AtomicInteger();
    private volatile Cart expected;
    private volatile String lost;
    private volatile Cart finalCart;
    private volatile String setupFailure;

    /**
     * @param stop     set when the show is over: finish the round, check the cart, return
     * @param setUp    counted down once the set-up is done or failed
     * @param deadlineNanos {@link System#nanoTime()} when to give up browsing even if {@code stop} was never set
     */
    DemoShopper(int index, URI shop, AtomicBoolean stop, CountDownLatch setUp, long deadlineNanos) {
        this.email = String.format("shopper-%02d@demo.example", index);
        int products = Catalog.products().size();
        this.productId = 1 + index % products;
        this.otherProductId = 1 + (index + 1) % products;
        this.shopper = new Shopper(shop, Duration.ofSeconds(5));
        this.stop = stop;
        this.setUp = setUp;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void run() {
        try {
            setUp();
        } finally {
            setUp.countDown();
        }
        if (expected == null) {
            return;
        }
        for (int round = 0; round < MAX_ROUNDS && !stop.get() && System.nanoTime() < deadlineNanos; round++) {
            browse(round);
            rounds.incrementAndGet();
            think();
        }
        attempt(shopper::cart, true).result().ifPresent(cart -> {
            finalCart = cart;
            check(cart);
        });
    }

    private void setUp() {
        Step<Page> home = attempt(shopper::home, true);
        Step<Page> login = home.failed() ? home
                : attempt(() -> shopper.login(email, MagentoInstance.CUSTOMER_PASSWORD), false);
        Step<Cart> added = login.failed() ? new Step.Failed<>(login.failure().orElse("?"), List.of())
                : attempt(() -> shopper.addToCart(productId, 1), false);
        if (added.failed()) {
            setupFailure = added.failure().orElse("?");
        } else if (!added.value().customer().equals(Optional.of(email))) {
            setupFailure = "cart after login and add: customer " + added.value().customer() + " (expected: " + email + ")";
        } else {
            expected = added.value();
        }
    }

    private void browse(int round) {
        switch (round % 4) {
            case 0 -> attempt(shopper::home, true);
            case 1 -> attempt(() -> shopper.viewProduct(otherProductId), true);
            case 2 -> attempt(() -> shopper.get(ACCOUNT_PATH), true).result().ifPresent(this::checkLogin);
            default -> attempt(shopper::cart, true).result().ifPresent(this::check);
        }
    }

    /** Runs an action, reloading after no response when {@code reload} (GETs only); records every try. */
    private <T> Step<T> attempt(Supplier<Step<T>> action, boolean reload) {
        Step<T> step = record(action);
        for (int i = 0; reload && i < RELOADS && noResponse(step); i++) {
            pause(i == 0 ? 250 : i == 1 ? 500 : 1000);
            step = record(action);
        }
        return step;
    }

    private <T> Step<T> record(Supplier<Step<T>> action) {
        long start = System.nanoTime();
        Step<T> step = action.get();
        int errors = (int) step.hops().stream().filter(Hop::isError).count();
        synchronized (attempts) {
            attempts.add(new Attempt(start, System.nanoTime(), errors, step.failure().orElse(null)));
        }
        return step;
    }

    private static boolean noResponse(Step<?> step) {
        List<Hop> hops = step.hops();
        return step.failed() && !hops.isEmpty() && hops.get(hops.size() - 1) instanceof Hop.NoResponse;
    }

    private void check(Cart cart) {
        Cart want = expected;
        if (!cart.lines().equals(want.lines()) || !cart.customer().equals(want.customer())) {
            lost = "cart " + cart.lines() + " of " + cart.customer().orElse("a guest") + " (expected: " + want.lines()
                    + " of " + email + ")";
        }
    }

    private void checkLogin(Page page) {
        if (page.status() != 200 || !page.path().equals(ACCOUNT_PATH)) {
            lost = ACCOUNT_PATH + ": ended at " + page.path() + " with status " + page.status() + " (expected: 200, "
                    + email + " logged in)";
        }
    }

    private static void think() {
        pause(ThreadLocalRandom.current().nextLong(50, 150));
    }

    /** A person's pause between clicks or before a reload; never a wait for a condition. */
    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String email() {
        return email;
    }

    /** Logged in with the product in the cart, and nothing lost so far. */
    boolean intact() {
        return expected != null && lost == null;
    }

    /** Intact, and the final look at the cart showed the same items and login. */
    boolean intactAtEnd() {
        Cart last = finalCart;
        return intact() && last != null && last.lines().equals(expected.lines()) && last.customer().equals(expected.customer());
    }

    /** Why the shopper is not intact, or empty. */
    Optional<String> problem() {
        if (setupFailure != null) {
            return Optional.of("set-up failed: " + setupFailure);
        }
        if (lost != null) {
            return Optional.of(lost);
        }
        if (expected != null && finalCart == null && stop.get()) {
            return Optional.of("no final look at the cart");
        }
        return Optional.empty();
    }

    int rounds() {
        return rounds.get();
    }

    /** The shop instances that answered this shopper ({@code X-Backend}). */
    List<String> backends() {
        return List.copyOf(shopper.backendsSeen());
    }

    long requests() {
        return shopper.hopCount();
    }

    List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }
}
