package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.config.ListenerConfig;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Releasing the listener as a member hands over: new connections are refused at once, a request in
 * flight still completes, and a keep-alive client is told to close; binding again serves again.
 */
class ServiceListenerTest {

    private final CountDownLatch requestArrived = new CountDownLatch(1);
    private final CountDownLatch finishRequest = new CountDownLatch(1);
    private ServiceListener listener;

    private final HttpHandler app = exchange -> {
        if (exchange.getRequestPath().equals("/slow")) {
            exchange.dispatch(() -> {
                requestArrived.countDown();
                try {
                    finishRequest.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.getResponseSender().send("slow done");
            });
        } else {
            exchange.getResponseSender().send("ok");
        }
    };

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void release_refusesNewConnections_butFinishesTheRequestInFlight() throws Exception {
        int port = freePort();
        listener = new ServiceListener(new ListenerConfig("127.0.0.1", port, 1), app);
        listener.bind(Duration.ZERO);
        // keep-alive: the server must tell this client to close, although its request began before the drain
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> exchange(port, "/slow", true));
        assertThat(requestArrived.await(5, TimeUnit.SECONDS)).isTrue();

        listener.release(Duration.ofSeconds(5)); // returns at once: the port is free for the new owner
        assertThat(listener.isBound()).isFalse();
        assertThat(waitUntilRefused(port)).as("new connections refused while draining").isTrue();
        finishRequest.countDown();

        assertThat(slow.get(5, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close")
                .contains("slow done");
    }

    @Test
    void bindAgain_afterRelease_servesAgain() throws Exception {
        int port = freePort();
        listener = new ServiceListener(new ListenerConfig("127.0.0.1", port, 1), app);
        listener.bind(Duration.ZERO);
        listener.release(Duration.ofSeconds(1));
        listener.bind(Duration.ZERO);

        assertThat(exchange(port, "/", false)).startsWith("HTTP/1.1 200").contains("ok");
    }

    @Test
    void bind_portTakenByAnotherProgram_failsAfterThePatience() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener = new ServiceListener(new ListenerConfig("127.0.0.1", squatter.getLocalPort(), 1), app);
            assertThatThrownBy(() -> listener.bind(Duration.ofMillis(200))).isInstanceOf(RuntimeException.class);
            assertThat(listener.isBound()).isFalse();
        }
    }

    private static boolean waitUntilRefused(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                // another failure: keep polling
            }
            Thread.sleep(10); // bounded poll for a condition
        }
        return false;
    }

    private static String exchange(int port, String path, boolean keepAlive) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + (keepAlive ? "" : "Connection: close\r\n")
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
