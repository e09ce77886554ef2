package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards the fault stubs later proxy tests rely on: if WireMock changes how a fault looks on the
 * wire (e.g. a reset starts producing a response), the proxy tests built on them would test
 * nothing. Each stub is checked against a plain HTTP client.
 */
class FaultBackendsTest {

    private static final Duration SLOW = Duration.ofSeconds(3);

    private static FaultBackends faults;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        faults = FaultBackends.start(SLOW);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        faults.close();
    }

    @Test
    void errorStubs_answerTheirStatus_andIdentifyThemselves() throws Exception {
        HttpResponse<String> e500 = get(FaultBackends.ERROR_500, Duration.ofSeconds(5));
        HttpResponse<String> e503 = get(FaultBackends.ERROR_503, Duration.ofSeconds(5));
        HttpResponse<String> health = get(FaultBackends.HEALTH, Duration.ofSeconds(5));

        assertThat(e500.statusCode()).isEqualTo(500);
        assertThat(e503.statusCode()).isEqualTo(503);
        assertThat(e503.headers().firstValue("Retry-After")).contains("1");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
        assertThat(health.headers().firstValue("X-Backend")).contains(FaultBackends.NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {FaultBackends.RESET, FaultBackends.EMPTY, FaultBackends.GARBAGE, FaultBackends.MALFORMED})
    void faultStubs_failAtTheClient_withAnIOException(String path) {
        assertThatThrownBy(() -> get(path, Duration.ofSeconds(5))).as(path).isInstanceOf(IOException.class);
    }

    @Test
    void slowStub_outlastsAShorterClientTimeout() {
        assertThatThrownBy(() -> get(FaultBackends.SLOW, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void slowStub_answersAfterItsDelay() throws Exception {
        try (FaultBackends quick = FaultBackends.start(Duration.ofMillis(200))) {
            long started = System.nanoTime();
            HttpResponse<String> slow = client.send(HttpRequest.newBuilder(quick.baseUrl().resolve(FaultBackends.SLOW))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(slow.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void binds_loopbackOnly_onADynamicPort() {
        URI base = faults.baseUrl();

        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        assertThat(faults.port()).isPositive().isNotEqualTo(8080);
    }

    private static HttpResponse<String> get(String path, Duration timeout) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(faults.baseUrl().resolve(path)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
