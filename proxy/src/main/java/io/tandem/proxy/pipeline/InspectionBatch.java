package io.tandem.proxy.pipeline;

import io.tandem.waf.Verdict;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inspects the requests that an IO thread reads in one pass of its event loop back to back, and
 * only then lets each of them go on, instead of inspecting each request between reading it and
 * proxying it.
 *
 * <p>Why: the rules' code and tables are far larger than what proxying a request touches. Inspected
 * one at a time, every request finds them evicted from the processor's caches by the network
 * stack, Undertow and the other processes that ran since the last one, and a request then costs
 * about twice what it does in a warm loop (docs/benchmarks.md, "cold caches"). Under load an IO
 * thread finds several requests ready in each pass of its loop; inspecting them together pays
 * for the cold start once per pass instead of once per request. The requests of a pass then also
 * reach the backend together, which costs less than one at a time even with nothing to inspect
 * (bench {@code post} without rules, side by side: 11 100 req/s one at a time, 13 700 grouped), so
 * the rule stage schedules requests this way with and without rules. Under light load a pass holds
 * one request and nothing changes: the inspection runs as soon as the pass ends, which is as soon
 * as the thread has read what was ready.
 *
 * <p>How: {@link #defer} dispatches the exchange to a {@link Pending}, which Undertow hands the
 * exchange's continuation to once the current handler returns. The first pending request of a
 * pass queues a task on the IO thread, which XNIO runs right after it has served every ready
 * connection. That task runs the waiting inspections in order, then their continuations in order,
 * {@value #MAX_TOGETHER} requests at a time.
 * A continuation always runs, also when its inspection failed (it then throws the failure), so the
 * body buffers it holds are always released.
 *
 * <p>Confined to one IO thread: each thread has its own batch, and an exchange is only deferred
 * on the IO thread that serves it; on any other thread it goes on at once.
 */
final class InspectionBatch {

    /** What a request does once inspected: carry out the verdict, which {@code inspected} gives or throws. */
    @FunctionalInterface
    interface Continuation {
        void proceed(HttpServerExchange exchange, Supplier<Verdict> inspected) throws Exception;
    }

    /**
     * At most this many requests are inspected before they go on. A pass of the loop can hold as
     * many requests as the thread has connections; without a bound the first of thousands would
     * wait for all the others' inspections. Past a few dozen the caches gain nothing more.
     */
    static final int MAX_TOGETHER = 32;

    private static final Logger LOG = LoggerFactory.getLogger("tandem.rules");
    private static final ThreadLocal<InspectionBatch> OF_THREAD = ThreadLocal.withInitial(InspectionBatch::new);

    private ArrayList<Pending> waiting = new ArrayList<>();
    private ArrayList<Pending> spare = new ArrayList<>();
    private final Runnable drain = this::drain;

    InspectionBatch() {
    }

    /**
     * On the exchange's IO thread: inspects the request with the others of this pass of the event
     * loop, then runs {@code then} as the exchange's new root handler. Elsewhere (a worker thread,
     * which has no passes) runs {@code then} at once, which inspects when it asks for the verdict.
     * Call in a handler call.
     */
    static void defer(HttpServerExchange exchange, Supplier<Verdict> inspection, Continuation then) throws Exception {
        if (!exchange.isInIoThread()) {
            then.proceed(exchange, inspection);
            return;
        }
        Pending pending = new Pending(OF_THREAD.get(), exchange.getIoThread(), inspection);
        // Undertow calls pending.execute(continuation) once the current handler returns
        exchange.dispatch(pending, ex -> then.proceed(ex, pending));
    }

    private void enqueue(Pending pending, Executor loop) {
        waiting.add(pending);
        if (waiting.size() == 1) {
            try {
                loop.execute(drain); // XNIO runs it once the thread has served every ready connection
            } catch (RejectedExecutionException e) { // the IO thread is shutting down: finish this one now
                drain();
            }
        }
    }

    /**
     * Runs every waiting inspection, then every continuation, {@value #MAX_TOGETHER} requests at a
     * time. Requests deferred meanwhile wait for the next drain.
     */
    private void drain() {
        ArrayList<Pending> batch = waiting;
        waiting = spare;
        try {
            for (int from = 0; from < batch.size(); from += MAX_TOGETHER) {
                int to = Math.min(batch.size(), from + MAX_TOGETHER);
                for (int i = from; i < to; i++) {
                    batch.get(i).inspect();
                }
                for (int i = from; i < to; i++) {
                    batch.get(i).proceed();
                }
            }
        } finally {
            batch.clear();
            spare = batch;
        }
    }

    /** One deferred request: the executor Undertow hands its continuation to, and the verdict once inspected. */
    static final class Pending implements Executor, Supplier<Verdict> {
        private final InspectionBatch batch;
        private final Executor loop;
        private final Supplier<Verdict> inspection;
        private Runnable continuation;
        private Verdict verdict;
        private Throwable failure;

        /**
         * @param batch      the batch of the thread that runs {@code loop}
         * @param loop       the event loop of that thread, which runs a drain after its current pass
         * @param inspection computes the verdict
         */
        Pending(InspectionBatch batch, Executor loop, Supplier<Verdict> inspection) {
            this.batch = batch;
            this.loop = loop;
            this.inspection = inspection;
        }

        @Override
        public void execute(Runnable task) {
            continuation = task;
            batch.enqueue(this, loop);
        }

        void inspect() {
            try {
                verdict = inspection.get();
            } catch (RuntimeException | Error e) { // thrown again by get(), where the continuation handles it
                failure = e;
            }
        }

        void proceed() {
            try {
                continuation.run(); // Undertow's: runs the continuation as a root handler, which handles its failures
            } catch (RuntimeException e) {
                LOG.error("continuing an inspected request failed", e);
            }
        }

        @Override
        public Verdict get() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return verdict;
        }
    }
}
