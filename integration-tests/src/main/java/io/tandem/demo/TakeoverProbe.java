package io.tandem.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Measures a takeover from the client's side: {@code GET /health} through the service port on a
 * fresh connection every {@value #INTERVAL_MILLIS} ms, until one answers 200. A fresh connection
 * each time, so that a kept-alive connection to the dead member cannot fool it. Started after the
 * killed member is gone, so the first answer comes from the new active member.
 */
final class TakeoverProbe {

    static final long INTERVAL_MILLIS = 10;
    private static final int CONNECT_TIMEOUT_MILLIS = 200;
    private static final int READ_TIMEOUT_MILLIS = 1_000;

    private final int port;

    TakeoverProbe(int port) {
        this.port = port;
    }

    /**
     * @return the {@link System#nanoTime()} of the first 200, or empty if none came within {@code timeout}
     */
    OptionalLong firstSuccess(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long maxTries = timeout.toMillis() / INTERVAL_MILLIS + 1;
        for (long i = 0; i < maxTries && System.nanoTime() < deadline; i++) {
            if (answersOk()) {
                return OptionalLong.of(System.nanoTime());
            }
            TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS); // the probe's period, bounded by the deadline
        }
        return OptionalLong.empty();
    }

    /** One {@code GET /health}, {@code Connection: close}; true for a 200. */
    boolean answersOk() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return statusLine != null && statusLine.startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }
}
