package io.tandem.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.waf.Verdict;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Requests read in one pass of an IO thread's event loop are inspected back to back before any of
 * them goes on: first with a stand-in for the loop, then on a real Undertow IO thread.
 */
class InspectionBatchTest {

    private static final Verdict DENY = new Verdict.Deny("test-rule", "test", 403, true);

    private final Deque<Runnable> loop = new ArrayDeque<>();
    private final List<String> events = new ArrayList<>();
    private final InspectionBatch batch = new InspectionBatch();

    /** A request deferred in the current pass, whose inspection gives {@code verdict}. */
    private InspectionBatch.Pending defer(String name, Supplier<Verdict> verdict) {
        InspectionBatch.Pending pending = new InspectionBatch.Pending(batch, loop::add, () -> {
            events.add("inspect " + name);
            return verdict.get();
        });
        // what Undertow does once the handler that dispatched the exchange returns
        pending.execute(() -> events.add("proceed " + name + " " + outcome(pending)));
        return pending;
    }

    private static String outcome(Supplier<Verdict> inspected) {
        try {
            return inspected.get().getClass().getSimpleName();
        } catch (RuntimeException | Error e) {
            return e.getClass().getSimpleName();
        }
    }

    private void endOfPass() {
        Runnable task;
        while ((task = loop.poll()) != null) {
            task.run();
        }
    }

    @Test
    void everyRequestOfAPassIsInspectedBeforeAnyGoesOn() {
        defer("a", () -> Verdict.PASS);
        defer("b", () -> DENY);
        defer("c", () -> Verdict.PASS);

        assertThat(loop).as("one drain for the pass").hasSize(1);
        assertThat(events).as("nothing runs before the pass ends").isEmpty();
        endOfPass();

        assertThat(events).containsExactly("inspect a", "inspect b", "inspect c",
                "proceed a Pass", "proceed b Deny", "proceed c Pass");
    }

    @Test
    void aLargePassGoesOnInGroupsSoThatTheFirstRequestDoesNotWaitForAllTheOthers() {
        int n = InspectionBatch.MAX_TOGETHER + 8;
        for (int i = 0; i < n; i++) {
            defer(Integer.toString(i), () -> Verdict.PASS);
        }
        endOfPass();

        List<String> expected = new ArrayList<>();
        for (int from = 0; from < n; from += InspectionBatch.MAX_TOGETHER) {
            int to = Math.min(n, from + InspectionBatch.MAX_TOGETHER);
            for (int i = from; i < to; i++) {
                expected.add("inspect " + i);
            }
            for (int i = from; i < to; i++) {
                expected.add("proceed " + i + " Pass");
            }
        }
        assertThat(events).containsExactlyElementsOf(expected);
    }

    @Test
    void aRequestDeferredWhileABatchGoesOnWaitsForTheNextDrain() {
        InspectionBatch.Pending first = new InspectionBatch.Pending(batch, loop::add, () -> {
            events.add("inspect a");
            return Verdict.PASS;
        });
        // a's continuation starts the next request of its connection (a pipelined one)
        first.execute(() -> {
            events.add("proceed a");
            defer("b", () -> Verdict.PASS);
        });
        loop.poll().run();

        assertThat(events).containsExactly("inspect a", "proceed a");
        assertThat(loop).as("a new drain for b").hasSize(1);
        endOfPass();
        assertThat(events).containsExactly("inspect a", "proceed a", "inspect b", "proceed b Pass");
    }

    @Test
    void aFailedInspectionReachesItsOwnContinuationAndNoOther() {
        defer("a", () -> Verdict.PASS);
        defer("b", () -> {
            throw new IllegalStateException("a rule's bug");
        });
        defer("c", () -> {
            throw new StackOverflowError();
        });
        defer("d", () -> DENY);
        endOfPass();

        assertThat(events).containsExactly("inspect a", "inspect b", "inspect c", "inspect d",
                "proceed a Pass", "proceed b IllegalStateException", "proceed c StackOverflowError",
                "proceed d Deny");
    }

    @Test
    void aContinuationThatThrowsDoesNotStrandTheOthers() {
        InspectionBatch.Pending failing = new InspectionBatch.Pending(batch, loop::add, () -> Verdict.PASS);
        failing.execute(() -> {
            throw new IllegalStateException("a continuation's bug");
        });
        defer("b", () -> Verdict.PASS);
        endOfPass();

        assertThat(events).containsExactly("inspect b", "proceed b Pass");
    }

    @Test
    void eachPassGetsItsOwnDrain() {
        defer("a", () -> Verdict.PASS);
        endOfPass();
        defer("b", () -> Verdict.PASS);
        assertThat(loop).hasSize(1);
        endOfPass();

        assertThat(events).containsExactly("inspect a", "proceed a Pass", "inspect b", "proceed b Pass");
    }

    @Test
    void aLoopThatRefusesTasksHasTheRequestInspectedAtOnce() {
        InspectionBatch.Pending pending = new InspectionBatch.Pending(batch, task -> {
            throw new RejectedExecutionException("shutting down");
        }, () -> DENY);
        pending.execute(() -> events.add("proceed " + outcome(pending)));

        assertThat(events).containsExactly("proceed Deny");
    }

    /**
     * On a real IO thread: while the first request's inspection holds the thread, eight more
     * arrive; the next pass reads them all, so they are inspected back to back and only then
     * answered, in the order they were inspected.
     */
    @Test
    void requestsReadInOnePassOfARealIoThreadAreInspectedTogether() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Undertow server = startedServer(exchange -> {
            String path = exchange.getRequestPath();
            InspectionBatch.defer(exchange, () -> {
                seen.add("inspect " + path);
                if (path.equals("/0")) {
                    sleep(400); // holds the IO thread while the others arrive
                }
                return Verdict.PASS;
            }, (ex, inspected) -> {
                inspected.get();
                seen.add("proceed " + path);
                ex.getResponseSender().send("ok " + path);
            });
        });
        List<Socket> sockets = new ArrayList<>();
        try {
            Undertow.ListenerInfo listener = server.getListenerInfo().get(0);
            int port = ((InetSocketAddress) listener.getAddress()).getPort();
            for (int i = 0; i <= 8; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(5_000);
                sockets.add(socket);
            }
            // every connection accepted and waiting to be read, so that the next pass finds all eight ready
            Awaitility.await().atMost(5, TimeUnit.SECONDS)
                    .until(() -> listener.getConnectorStatistics().getActiveConnections() == 9);
            send(sockets.get(0), "/0");
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> seen.contains("inspect /0"));
            for (int i = 1; i <= 8; i++) {
                send(sockets.get(i), "/" + i);
            }
            for (int i = 0; i <= 8; i++) {
                assertThat(response(sockets.get(i))).startsWith("HTTP/1.1 200").endsWith("ok /" + i);
            }

            List<String> events = List.copyOf(seen);
            assertThat(events).hasSize(18);
            assertThat(events.subList(0, 2)).containsExactly("inspect /0", "proceed /0");
            List<String> inspected = events.subList(2, 10);
            assertThat(inspected).allMatch(e -> e.startsWith("inspect "));
            assertThat(events.subList(10, 18))
                    .containsExactlyElementsOf(inspected.stream().map(e -> e.replace("inspect", "proceed")).toList());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            server.stop();
        }
    }

    /** Off the IO thread (a request dispatched to the worker pool) there is no pass to wait for. */
    @Test
    void onAWorkerThreadARequestGoesOnAtOnce() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Undertow server = startedServer(exchange -> exchange.dispatch(ex -> {
            InspectionBatch.defer(ex, () -> {
                seen.add("inspect on " + Thread.currentThread().getName());
                return DENY;
            }, (e, inspected) -> {
                seen.add("proceed " + inspected.get().getClass().getSimpleName());
                e.getResponseSender().send("ok");
            });
            seen.add("defer returned");
        }));
        try (Socket socket = new Socket("127.0.0.1",
                ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort())) {
            socket.setSoTimeout(5_000);
            send(socket, "/w");
            assertThat(response(socket)).startsWith("HTTP/1.1 200").endsWith("ok");

            // the response may be read before the handler's last line ran
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> seen.size() == 3);
            assertThat(seen.get(0)).startsWith("inspect on ").doesNotContain("I/O");
            assertThat(seen.subList(1, 3)).containsExactly("proceed Deny", "defer returned");
        } finally {
            server.stop();
        }
    }

    /** A server on loopback with one IO thread (so every connection shares its passes) and one worker. */
    private static Undertow startedServer(HttpHandler handler) {
        Undertow server = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setServerOption(UndertowOptions.ENABLE_STATISTICS, true)
                .addHttpListener(0, "127.0.0.1")
                .setHandler(handler)
                .build();
        server.start();
        return server;
    }

    private static void send(Socket socket, String path) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String response(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
