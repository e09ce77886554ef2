package io.tandem.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin client turns every failure into one line an operator can act on: who could not be
 * reached and why, or the status, problem type and detail of the answer. Fails if a message loses
 * the member's URL or the problem detail, or shows the token.
 */
class AdminClientTest {

    private final StubMember.Pair pair = new StubMember.Pair();
    private StubMember stub;

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void url_mayEndInTheApiPrefix() {
        assertThat(AdminClient.of("http://127.0.0.1:9091/api/v1/", null).member()).hasToString("http://127.0.0.1:9091");
        assertThat(AdminClient.of(" HTTPS://[::1]:9091 ", null).member()).hasToString("https://[::1]:9091");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:9091", "http://127.0.0.1", "http://127.0.0.1:9091/admin", "ftp://h:1",
            "http://u:p@h:1", "http://h:1/?x=1", "http:// h:1"})
    void url_thatIsNotAnAdminBase_isRefused(String url) {
        assertThatThrownBy(() -> AdminClient.of(url, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("admin URL: '" + url.strip() + "' (expected: http://host:port or https://host:port, "
                        + "optionally ending in /api/v1)");
    }

    @Test
    void nobodyListening_isCannotReach() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        AdminClient client = AdminClient.of("http://127.0.0.1:" + port, StubMember.TOKEN);

        assertThatThrownBy(() -> client.get("/status"))
                .isInstanceOfSatisfying(AdminCallException.class, e -> assertThat(e.unreachable()).isTrue())
                .hasMessage("cannot reach http://127.0.0.1:" + port + " (connection refused: is the member running?)");
    }

    @Test
    void memberThatNeverAnswers_isCannotReach_afterTheTimeLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.createContext("/", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS); // holds the request until the test is done with it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silent.start();
        try {
            String url = "http://127.0.0.1:" + silent.getAddress().getPort();
            assertThatThrownBy(() -> AdminClient.of(url, StubMember.TOKEN, Duration.ofMillis(200)).get("/status"))
                    .hasMessage("cannot reach " + url + " (no answer within 200 ms)");
        } finally {
            release.countDown();
            silent.stop(0);
        }
    }

    @Test
    void unknownToken_is401_withAHint_andNeverTheToken() throws Exception {
        stub = new StubMember(pair, "a", "active", "127.0.0.1:5701");
        String wrong = "tdm_wrong-token-0123456789-abcdefgh";
        AdminClient client = AdminClient.of(stub.url(), wrong);

        assertThatThrownBy(() -> client.get("/status"))
                .isInstanceOfSatisfying(AdminCallException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.problemType()).isEqualTo("unauthorized");
                })
                .hasMessage(stub.url() + ": 401 unauthorized: the bearer token is not valid (check --token-file, "
                        + "TANDEM_ADMIN_TOKEN or the demo's admin.token)");
        assertThat(client.toString()).doesNotContain(wrong);
    }

    @Test
    void conflict_carriesTheProblemTypeAndDetail() throws Exception {
        stub = new StubMember(pair, "a", "standby", "127.0.0.1:5701");

        assertThatThrownBy(() -> AdminClient.of(stub.url(), StubMember.TOKEN).post("/ha/failover"))
                .hasMessage(stub.url() + ": 409 failover-refused: a is not the active member (role STANDBY)");
    }

    @Test
    void forbidden_saysAnAdminTokenIsNeeded() throws Exception {
        stub = new StubMember(pair, "a", "active", "-")
                .reply("POST", "/config/reload", 403, StubMember.problem(403, "forbidden",
                        "token 'viewer' has role read-only (expected: admin)"));

        assertThatThrownBy(() -> AdminClient.of(stub.url(), StubMember.TOKEN).post("/config/reload"))
                .hasMessage(stub.url() + ": 403 forbidden: token 'viewer' has role read-only (expected: admin) "
                        + "(this needs a token with the admin role)");
    }

    @Test
    void answerThatIsNotJson_isNamedAsSuch() throws Exception {
        stub = new StubMember(pair, "a", "active", "-")
                .reply("GET", "/status", 502, "<html>Bad Gateway</html>")
                .reply("GET", "/keys", 200, "not json");

        assertThatThrownBy(() -> AdminClient.of(stub.url(), StubMember.TOKEN).get("/status"))
                .hasMessage(stub.url() + ": 502 (expected: a Tandem admin API; the answer is not a problem document)");
        assertThatThrownBy(() -> AdminClient.of(stub.url(), StubMember.TOKEN).get("/keys"))
                .hasMessage(stub.url() + ": GET /api/v1/keys answered 200 without JSON (expected: a Tandem admin API)");
    }
}
