package io.tandem.it.pair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The client of {@link TakeoverBenchmark}: opens a new connection to a service port every 10 ms,
 * sends {@code GET /health} with {@code Connection: close} and records when each answer
 * completed, with its status (-1 for no answer). Connect timeout 100 ms, read timeout 1 s (a
 * frozen member accepts the connection in the kernel and never answers). Polls at most
 * {@value #MAX_POLLS} times (about 15 minutes). Thread-safe.
 */
final class ServicePoller implements AutoCloseable {

    static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final int MAX_POLLS = 100_000;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final int port;
    private final Thread thread;
    private final List<long[]> answers = new ArrayList<>(); // {completedAt, status}
    private volatile boolean stopped;

    private ServicePoller(int port) {
        this.port = port;
        this.thread = new Thread(this::loop, "takeover-poller");
        this.thread.setDaemon(true);
    }

    static ServicePoller start(int port) {
        ServicePoller poller = new ServicePoller(port);
        poller.thread.start();
        return poller;
    }

    private void loop() {
        byte[] request = ("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int polls = 0; polls < MAX_POLLS && !stopped; polls++) {
            long began = System.nanoTime();
            int status = poll(request);
            synchronized (answers) {
                answers.add(new long[] {System.nanoTime(), status});
                answers.notifyAll();
            }
            long rest = began + POLL_NANOS - System.nanoTime();
            if (rest > 0) {
                LockSupport.parkNanos(rest); // the polling period
            }
        }
    }

    private int poll(byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12]; // "HTTP/1.1 200"
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    return -1;
                }
                n += r;
            }
            int status = Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
            in.transferTo(OutputStream.nullOutputStream()); // the whole answer, until the server closes
            return status;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** What the client saw between two instants. */
    record Window(long longestGapNanos, int unanswered) {
    }

    /**
     * The longest time between two consecutive 200s completed in {@code [from, to]}, and the
     * polls in it that got no HTTP answer.
     */
    Window window(long from, long to) {
        synchronized (answers) {
            long longest = 0;
            long previousOk = Long.MIN_VALUE;
            int unanswered = 0;
            for (long[] a : answers) {
                if (a[0] - from < 0 || a[0] - to > 0) {
                    continue;
                }
                if (a[1] == 200) {
                    if (previousOk != Long.MIN_VALUE) {
                        longest = Math.max(longest, a[0] - previousOk);
                    }
                    previousOk = a[0];
                } else if (a[1] < 0) {
                    unanswered++;
                }
            }
            return new Window(longest, unanswered);
        }
    }

    /** nanoTime at which the first 200 completed after {@code nanos}; waits at most 30 s. */
    long awaitOkAfter(long nanos) throws InterruptedException {
        return awaitAfter(nanos, true);
    }

    /** Waits for any HTTP answer that completed after {@code nanos}. */
    void awaitAnswerAfter(long nanos) throws InterruptedException {
        awaitAfter(nanos, false);
    }

    private long awaitAfter(long nanos, boolean ok) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        synchronized (answers) {
            while (true) {
                OptionalLong found = answers.stream()
                        .filter(a -> a[0] - nanos > 0 && (ok ? a[1] == 200 : a[1] > 0))
                        .mapToLong(a -> a[0]).min();
                if (found.isPresent()) {
                    return found.getAsLong();
                }
                long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (wait <= 0) {
                    throw new IllegalStateException("no " + (ok ? "200" : "answer") + " from port " + port
                            + " within 30 s");
                }
                answers.wait(wait);
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
