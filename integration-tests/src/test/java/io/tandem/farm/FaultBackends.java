package io.tandem.farm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import java.net.URI;
import java.time.Duration;

/**
 * A backend that misbehaves on request, for proxy tests of timeouts, retries and health checks:
 * a WireMock server on 127.0.0.1 (dynamic port) answering any method on
 * <ul>
 *   <li>{@value #SLOW}: 200 after the configured delay (default 3 s)</li>
 *   <li>{@value #RESET}: connection reset by peer, no response</li>
 *   <li>{@value #EMPTY}: connection closed without a byte</li>
 *   <li>{@value #GARBAGE}: random bytes, then close</li>
 *   <li>{@value #MALFORMED}: a 200 whose chunked body is malformed</li>
 *   <li>{@value #ERROR_500} and {@value #ERROR_503}: those statuses (503 with {@code Retry-After: 1})</li>
 *   <li>{@value #HEALTH}: 200 "OK"</li>
 * </ul>
 * Responses that have headers carry {@code X-Backend: fault}. Delays are served asynchronously,
 * so slow requests do not tie up WireMock's threads; the request journal keeps at most 1000 entries.
 */
public final class FaultBackends implements AutoCloseable {

    public static final String NAME = "fault";
    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(3);

    public static final String SLOW = "/slow";
    public static final String RESET = "/reset";
    public static final String EMPTY = "/empty";
    public static final String GARBAGE = "/garbage";
    public static final String MALFORMED = "/malformed";
    public static final String ERROR_500 = "/error500";
    public static final String ERROR_503 = "/error503";
    public static final String HEALTH = "/health";

    private final WireMockServer server;

    private FaultBackends(WireMockServer server) {
        this.server = server;
    }

    public static FaultBackends start() {
        return start(DEFAULT_SLOW_DELAY);
    }

    /** @param slowDelay how long {@value #SLOW} waits before answering */
    public static FaultBackends start(Duration slowDelay) {
        if (slowDelay.isNegative() || slowDelay.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("slowDelay: " + slowDelay + " (expected: 0..24 days)");
        }
        WireMockServer server = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(4)
                .maxRequestJournalEntries(1000)
                .jettyStopTimeout(1000L));
        server.start();
        stub(server, SLOW, ok("slow").withFixedDelay((int) slowDelay.toMillis()));
        stub(server, RESET, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        stub(server, EMPTY, aResponse().withFault(Fault.EMPTY_RESPONSE));
        stub(server, GARBAGE, aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
        stub(server, MALFORMED, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
        stub(server, ERROR_500, aResponse().withStatus(500).withHeader("X-Backend", NAME).withBody("internal error"));
        stub(server, ERROR_503, aResponse().withStatus(503).withHeader("X-Backend", NAME)
                .withHeader("Retry-After", "1").withBody("unavailable"));
        stub(server, HEALTH, ok("OK"));
        return new FaultBackends(server);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    /** The WireMock server, to add stubs or verify requests. */
    public WireMockServer server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("X-Backend", NAME)
                .withHeader("Content-Type", "text/plain; charset=UTF-8").withBody(body);
    }

    private static void stub(WireMockServer server, String path, ResponseDefinitionBuilder response) {
        server.stubFor(any(urlPathEqualTo(path)).willReturn(response));
    }
}
