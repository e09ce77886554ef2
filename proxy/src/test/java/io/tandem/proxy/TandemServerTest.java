package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.session.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The member's pipeline end to end in one JVM, against stub backends on loopback. Guards: both
 * cookies on a new session's response, our cookie never reaching the backend, persistence through
 * the signed cookie, invalid cookies starting a new session without a 5xx, a down backend's sessions
 * moving elsewhere, h2c upgrades being dropped, and short gateway error pages.
 */
class TandemServerTest {

    private static final Pattern OUR_COOKIE = Pattern.compile("cookiesession1=([A-Za-z0-9_-]+)");

    private final StubBackend web1 = new StubBackend("web1");
    private final StubBackend web2 = new StubBackend("web2");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TandemServer tandem;
    private TandemConfig config;

    @BeforeEach
    void start() throws Exception {
        web1.start();
        web2.start();
        config = ConfigLoader.parse("""
                node:
                  id: test-a
                listener:
                  port: %d
                backends:
                  - id: web1
                    url: %s
                  - id: web2
                    url: %s
                pool:
                  health-check:
                    interval: 500ms
                    timeout: 400ms
                    rise: 1
                    fall: 2
                access-log:
                  enabled: false
                """.formatted(freePort(), web1.url(), web2.url()), "test.yaml");
        tandem = new TandemServer(config, KeyRing.generate("k1"), Clock.systemUTC());
        tandem.start();
    }

    @AfterEach
    void stop() {
        tandem.close();
        web1.close();
        web2.close();
    }

    @Test
    void newSession_responseCarriesTheShopCookiesAndOurs() throws Exception {
        HttpResponse<String> response = get("/", null);

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        assertThat(setCookies).anyMatch(c -> c.startsWith("PHPSESSID="));
        assertThat(setCookies).anyMatch(c -> c.startsWith("form_key="));
        assertThat(setCookies).filteredOn(c -> c.startsWith("cookiesession1="))
                .singleElement().asString().endsWith("; Path=/; HttpOnly; SameSite=Lax");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
        var known = (io.tandem.session.SessionOutcome.Known) tandem.sessions().resolve(ourCookie(response).orElseThrow());
        assertThat(known.record().backend()).as("local history knows the backend")
                .isEqualTo(response.headers().firstValue("X-Backend").orElseThrow());
    }

    @Test
    void ourCookie_isRemovedBeforeTheBackend_andTheShopCookiesPass() throws Exception {
        String ours = ourCookie(get("/", null)).orElseThrow();

        HttpResponse<String> response = get("/", "PHPSESSID=abc; cookiesession1=" + ours + "; form_key=k");

        assertThat(response.body()).contains("cookie=PHPSESSID=abc; form_key=k\n");
        assertThat(response.body()).doesNotContain("cookiesession1");
    }

    @Test
    void session_staysOnItsBackend() throws Exception {
        HttpResponse<String> first = get("/", null);
        String backend = first.headers().firstValue("X-Backend").orElseThrow();
        String cookie = "cookiesession1=" + ourCookie(first).orElseThrow();

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> next = get("/page/" + i, cookie);
            assertThat(next.headers().firstValue("X-Backend")).hasValue(backend);
            assertThat(ourCookie(next)).as("no renewal within the renew interval").isEmpty();
        }
    }

    @Test
    void invalidCookies_startANewSession_neverA5xx() throws Exception {
        String valid = ourCookie(get("/", null)).orElseThrow();
        List<String> bad = new ArrayList<>(List.of(
                "garbage", "", "====", "A".repeat(5000), "%00%ff", "\u00e9t\u00e9",
                valid.substring(0, valid.length() / 2),
                flip(valid, valid.length() - 3),
                flip(valid, 5),
                KeyRingCookie.signedWithOtherKey()));
        for (String value : bad) {
            HttpResponse<String> response = get("/", "cookiesession1=" + value);
            assertThat(response.statusCode()).as("cookie %s", value).isEqualTo(200);
            assertThat(ourCookie(response)).as("new session for %s", value).isPresent().get().isNotEqualTo(value);
        }
    }

    @Test
    void backendDown_sessionMovesToAnotherBackend_andTheCookieFollows() throws Exception {
        HttpResponse<String> first = get("/", null);
        String backend = first.headers().firstValue("X-Backend").orElseThrow();
        String cookie = "cookiesession1=" + ourCookie(first).orElseThrow();
        (backend.equals("web1") ? web1 : web2).stop();

        HttpResponse<String> moved = get("/", cookie);

        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(moved.headers().firstValue("X-Backend")).isPresent().get().isNotEqualTo(backend);
        assertThat(ourCookie(moved)).as("cookie re-issued with the new persistence target").isPresent();
    }

    @Test
    void allBackendsDown_givesAShortGatewayPage() throws Exception {
        web1.stop();
        web2.stop();

        HttpResponse<String> response = get("/", null);

        assertThat(response.statusCode()).isIn(502, 503);
        assertThat(response.body()).contains("Request id:").doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void reload_refusesWhatCannotChangeAtRuntime_includingAdminTokens() throws Exception {
        tandem.applyConfig(config); // the same configuration applies

        TandemConfig withAdmin = new TandemConfig(config.node(), config.listener(), config.backends(), config.pool(),
                config.session(), config.network(), config.accessLog(), config.ha(),
                new io.tandem.config.AdminConfig(true, "127.0.0.1", 9999, false, List.of(), null), config.waf());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tandem.applyConfig(withAdmin))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("admin: cannot change at runtime");
    }

    @Test
    void h2cUpgrade_isNotPassedOn() throws Exception {
        String response = raw("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200").contains("upgrade=null");
    }

    private HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tandem.port() + path))
                .timeout(Duration.ofSeconds(5));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", tandem.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            StringBuilder text = new StringBuilder();
            int n;
            while (!text.toString().contains("upgrade=") && (n = in.read(buffer)) > 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            return text.toString();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Optional<String> ourCookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            Matcher m = OUR_COOKIE.matcher(header);
            if (m.lookingAt()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String flip(String value, int index) {
        char c = value.charAt(index);
        return value.substring(0, index) + (c == 'A' ? 'B' : 'A') + value.substring(index + 1);
    }

    /** A well-formed cookie signed by a ring this member does not hold (same key id, other secret). */
    private static final class KeyRingCookie {
        static String signedWithOtherKey() {
            var manager = new io.tandem.session.SessionManager(KeyRing.generate("k1"),
                    io.tandem.session.SessionPolicy.defaults(), "other",
                    new io.tandem.session.LocalHistory(10, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC());
            return manager.encode(manager.issue("web1"));
        }
    }
}
