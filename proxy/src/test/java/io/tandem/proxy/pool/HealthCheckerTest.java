package io.tandem.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tandem.config.HealthCheckConfig;
import io.undertow.Undertow;
import io.undertow.client.UndertowClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;

/** The active health check against a real HTTP server whose answer the test changes. */
class HealthCheckerTest {

    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger probes = new AtomicInteger();
    private Undertow server;
    private Backend backend;
    private HealthChecker checker;

    @BeforeEach
    void start() {
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setIoThreads(1)
                .setHandler(exchange -> {
                    probes.incrementAndGet();
                    exchange.setStatusCode(status.get());
                    exchange.endExchange();
                }).build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        backend = new Backend("b1", URI.create("http://127.0.0.1:" + port), 1, 0, UndertowClient.getInstance(),
                OptionMap.EMPTY);
        checker = new HealthChecker(new HealthCheckConfig("/health", Duration.ofMillis(50), Duration.ofSeconds(1), 2, 2),
                List.of(backend));
        checker.start();
    }

    @AfterEach
    void stop() {
        checker.close();
        server.stop();
    }

    @Test
    void healthyBackend_staysUpOverManyProbes() {
        await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() >= 10);
        assertThat(backend.isUp()).isTrue();
    }

    @Test
    void failingBackend_goesDownAfterFall_andComesBackAfterRise() {
        status.set(500);
        await().atMost(Duration.ofSeconds(10)).until(() -> !backend.isUp());

        status.set(204);
        await().atMost(Duration.ofSeconds(10)).until(backend::isUp);
    }

    @Test
    void backendTakenDownByAFailedConnection_isBroughtBackByTheCheck() {
        backend.handleError();
        assertThat(backend.isUp()).isFalse();

        await().atMost(Duration.ofSeconds(10)).until(backend::isUp);
    }
}
