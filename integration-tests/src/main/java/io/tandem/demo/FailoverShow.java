package io.tandem.demo;

import io.tandem.demo.DemoPair.MemberView;
import io.tandem.demo.FailoverReport.Failures;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./tandem demo --failover}: on a ready pair, N shoppers log in, fill their carts and
 * browse; after a warm-up the active member is killed with SIGKILL; a {@link TakeoverProbe}
 * measures when the shop answers again; the shoppers go on for a while; then the
 * {@link FailoverReport}.
 *
 * <p>Every phase is bounded in time (and the shoppers in rounds): set-up 60 s, warm-up until every
 * shopper browsed {@value #ROUNDS_PER_PHASE} rounds (at most 30 s), takeover 30 s, after it at
 * least {@value #AFTER_MILLIS} ms and {@value #ROUNDS_PER_PHASE} rounds per shopper (at most 30 s).
 */
final class FailoverShow {

    static final int ROUNDS_PER_PHASE = 5;
    static final long AFTER_MILLIS = 3_000;
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHOPPERS_DEADLINE = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 50;

    private final DemoPair pair;
    private final int port;
    private final int shopperCount;
    private final PrintStream out;

    FailoverShow(DemoPair pair, int port, int shoppers, PrintStream out) {
        this.pair = pair;
        this.port = port;
        this.shopperCount = shoppers;
        this.out = out;
    }

    /** The kill and what followed it: nanoTime of the kill and of the first answer, the survivor's view after. */
    private record Takeover(long killNanos, OptionalLong answeredNanos, MemberView survivor) {

        OptionalLong millis() {
            return answeredNanos.isPresent()
                    ? OptionalLong.of(TimeUnit.NANOSECONDS.toMillis(answeredNanos.getAsLong() - killNanos))
                    : OptionalLong.empty();
        }
    }

    FailoverReport run() throws InterruptedException {
        List<MemberView> before = pair.views();
        MemberView active = before.stream().filter(v -> v.role().equals("active")).findFirst()
                .orElseThrow(() -> new DemoException("no active member before the show: " + before));
        out.printf("%s %d shoppers against %s (%s)%n", now(), shopperCount, pair.shopUrl(), before.stream()
                .map(MemberView::toString).reduce((a, b) -> a + ", " + b).orElse(""));

        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch setUp = new CountDownLatch(shopperCount);
        long deadline = System.nanoTime() + SHOPPERS_DEADLINE.toNanos();
        List<DemoShopper> shoppers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= shopperCount; i++) {
            DemoShopper shopper = new DemoShopper(i, pair.shopUrl(), stop, setUp, deadline);
            Thread thread = new Thread(shopper, "shopper-" + i);
            thread.setDaemon(true);
            shoppers.add(shopper);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        try {
            if (!setUp.await(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new DemoException("the shoppers did not log in within " + SETUP_TIMEOUT.toSeconds() + " s");
            }
            out.printf("%s %d of %d shoppers logged in and put a product in their cart%n", now(),
                    shoppers.stream().filter(DemoShopper::intact).count(), shopperCount);
            boolean warm = awaitRounds(shoppers, 0, new int[shopperCount]);
            out.printf("%s warm-up %s%n", now(), warm ? "done: every shopper browsed at least " + ROUNDS_PER_PHASE
                    + " rounds" : "cut short after " + PHASE_TIMEOUT.toSeconds() + " s");

            int intactBefore = (int) shoppers.stream().filter(DemoShopper::intact).count();
            Takeover takeover = killAndMeasure(active);
            if (takeover.answeredNanos().isPresent()) {
                int[] atTakeover = rounds(shoppers);
                boolean browsed = awaitRounds(shoppers, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AFTER_MILLIS),
                        atTakeover);
                out.printf("%s the shoppers browsed on %s%n", now(), browsed ? "for at least " + ROUNDS_PER_PHASE
                        + " rounds each" : "for " + PHASE_TIMEOUT.toSeconds() + " s (some did not finish their rounds)");
            }
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(PHASE_TIMEOUT.toMillis());
            }
            MemberView survivor = takeover.survivor();
            return report(shoppers, intactBefore, takeover, new FailoverReport.Member(active.member().node(),
                    active.epoch()), new FailoverReport.Member(survivor.member().node(),
                    survivor.role().equals("active") ? survivor.epoch() : 0));
        } finally {
            stop.set(true);
            threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt); // only after a failure or a timeout
        }
    }

    /**
     * SIGKILL to the active member, then the probe until the shop answers again (at most 30 s),
     * then the survivor's admin API until it reports the active role (at most 10 s).
     */
    private Takeover killAndMeasure(MemberView active) throws InterruptedException {
        MemberProcess victim = active.member();
        long killNanos = System.nanoTime();
        victim.kill(); // returns once the process is gone: any answer after this comes from the peer
        out.printf("%s kill -9 %s (pid %d), the active member at epoch %d%n", now(), victim.node(), victim.pid(),
                active.epoch());
        OptionalLong answered = new TakeoverProbe(port).firstSuccess(TAKEOVER_TIMEOUT);
        Takeover takeover = new Takeover(killNanos, answered, awaitActive(pair.peerOf(victim)));
        if (answered.isPresent()) {
            out.printf("%s the shop answers again after %d ms; %s%n", now(), takeover.millis().getAsLong(),
                    takeover.survivor());
        } else {
            out.printf("%s nobody answered within %d s of the kill; %s%n", now(), TAKEOVER_TIMEOUT.toSeconds(),
                    takeover.survivor());
        }
        return takeover;
    }

    private static FailoverReport report(List<DemoShopper> shoppers, int intactBefore, Takeover takeover,
                                         FailoverReport.Member killed, FailoverReport.Member survivor) {
        Failures failures = Failures.NONE;
        List<String> problems = new ArrayList<>();
        for (DemoShopper shopper : shoppers) {
            for (DemoShopper.Attempt attempt : shopper.attempts()) {
                if (attempt.errorHops() > 0) {
                    FailoverReport.Window window = FailoverReport.window(attempt.startNanos(), attempt.endNanos(),
                            takeover.killNanos(), takeover.answeredNanos());
                    failures = failures.plus(window, attempt.errorHops());
                    if (window == FailoverReport.Window.BEFORE_KILL || window == FailoverReport.Window.AFTER_TAKEOVER) {
                        problems.add(shopper.email() + ": " + window.name().toLowerCase(Locale.ROOT)
                                .replace('_', ' ') + ": " + attempt.failure());
                    }
                }
            }
            shopper.problem().ifPresent(p -> problems.add(shopper.email() + ": " + p));
        }
        return new FailoverReport(shoppers.size(), intactBefore,
                (int) shoppers.stream().filter(DemoShopper::intactAtEnd).count(),
                (int) shoppers.stream().filter(s -> s.backends().size() == 1).count(),
                shoppers.stream().mapToLong(DemoShopper::requests).sum(), failures, takeover.millis(), killed, survivor,
                problems);
    }

    /** Waits until the survivor's admin API reports the active role (at most 10 s); its view then. */
    private MemberView awaitActive(MemberProcess survivor) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        MemberView view = pair.view(survivor);
        while (!view.role().equals("active") && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // polling the admin API, bounded by the deadline
            view = pair.view(survivor);
        }
        return view;
    }

    private static int[] rounds(List<DemoShopper> shoppers) {
        return shoppers.stream().mapToInt(DemoShopper::rounds).toArray();
    }

    /**
     * Waits until every shopper that is still intact browsed {@value #ROUNDS_PER_PHASE} more
     * rounds than in {@code from}, and not before {@code notBefore} (nanoTime; 0 for none).
     *
     * @return false if that took more than 30 s
     */
    private static boolean awaitRounds(List<DemoShopper> shoppers, long notBefore, int[] from)
            throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean done = notBefore == 0 || System.nanoTime() >= notBefore;
            for (int i = 0; i < shoppers.size() && done; i++) {
                DemoShopper s = shoppers.get(i);
                done = !s.intact() || s.rounds() >= from[i] + ROUNDS_PER_PHASE;
            }
            if (done) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // polling the shoppers' progress, bounded by the deadline
        }
        return false;
    }

    private static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
