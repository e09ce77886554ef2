package io.tandem.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.tandem.session.KeyRing;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A member in front of a WireMock backend that misbehaves on purpose. Fails if a backend fault
 * turns into anything but a short 502 or 504 page (a 500, a stack trace, a hang), or if the
 * backend's own error statuses are rewritten.
 */
class GatewayErrorsIT {

    @TempDir
    static Path dir;

    private static WireMockServer backend;
    private static TandemProcess tandem;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        backend = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        backend.start();
        backend.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200).withBody("OK")));
        backend.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        backend.stubFor(get(urlEqualTo("/reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        backend.stubFor(get(urlEqualTo("/empty")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        backend.stubFor(get(urlEqualTo("/garbage")).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        backend.stubFor(get(urlEqualTo("/error500")).willReturn(aResponse().withStatus(500).withBody("shop error page")));
        backend.stubFor(get(urlEqualTo("/error503")).willReturn(aResponse().withStatus(503).withBody("shop maintenance")));
        Deployment.writeKeys(dir, KeyRing.generate("k1"));
        int port = TandemProcess.freePort();
        new MemberConfig("it-gw", port)
                .backend("wm", URI.create("http://127.0.0.1:" + backend.port()))
                .extra("""
                        pool:
                          request-timeout: 1s
                          retries: 1
                          health-check:
                            path: /health
                            interval: 300ms
                            timeout: 250ms
                            rise: 1
                        """)
                .writeTo(dir);
        tandem = new TandemProcess(dir, port).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tandem != null) {
            tandem.close();
        }
        if (backend != null) {
            backend.stop();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/slow, 504",
            "/reset, 502",
            "/empty, 502",
            "/garbage, 502",
    })
    void backendFault_givesAShortGatewayPage(String path, int status) throws Exception {
        HttpResponse<String> response = send(path);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("Request id:").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(response.headers().firstValue("Set-Cookie")).isPresent();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/error500, 500, shop error page", "/error503, 503, shop maintenance"})
    void backendErrorStatus_passesThroughUntouched(String path, int status, String body) throws Exception {
        HttpResponse<String> response = send(path);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void afterFaults_theMemberStillServes() throws Exception {
        for (String path : new String[] {"/reset", "/garbage", "/empty"}) {
            send(path);
        }
        assertThat(send("/health").statusCode()).isEqualTo(200);
        assertThat(tandem.stderr()).doesNotContain("\tat io.tandem");
    }

    private static HttpResponse<String> send(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(tandem.baseUrl().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
