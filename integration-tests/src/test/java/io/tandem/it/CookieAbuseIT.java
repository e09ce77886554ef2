package io.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.session.KeyRing;
import io.tandem.session.LocalHistory;
import io.tandem.session.SessionManager;
import io.tandem.session.SessionPolicy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.util.stream.Stream;

/**
 * Hostile and stale session cookies sent to a Tandem process. Fails if any of them gets a 5xx, is
 * trusted (no new session issued), or goes unlogged; each must start a new session and leave a
 * "session cookie rejected" line naming the reason.
 */
class CookieAbuseIT {

    private static final Pattern OUR_COOKIE = Pattern.compile("cookiesession1=([A-Za-z0-9_-]*)");

    @TempDir
    static Path dir;

    private static Deployment deployment;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        deployment = Deployment.start(dir, 2, "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    static Stream<Arguments> badCookies() throws Exception {
        String valid = cookie(get(null)).orElseThrow();
        KeyRing ring = deployment.keyRing;
        return Stream.of(
                // A flipped byte may land in the key id (unknown key) or a length (malformed): all are refusals.
                Arguments.of("tampered", flip(valid, valid.length() / 2), "bad-mac|unknown-key|malformed"),
                Arguments.of("tampered MAC", flip(valid, valid.length() - 2), "bad-mac"),
                Arguments.of("truncated", valid.substring(0, valid.length() - 6), "malformed"),
                Arguments.of("re-signed with a wrong key", mint(KeyRing.generate("k1"), Instant.now()), "bad-mac"),
                Arguments.of("signed with an unknown key", mint(KeyRing.generate("k9"), Instant.now()), "unknown-key"),
                Arguments.of("expired (idle)", mint(ring, Instant.now().minus(Duration.ofHours(1))), "expired"),
                Arguments.of("expired (lifetime)", mint(ring, Instant.now().minus(Duration.ofDays(2))), "expired"),
                Arguments.of("oversized", "A".repeat(3000), "malformed"),
                Arguments.of("garbage", "!!not-a-cookie!!", "malformed"),
                Arguments.of("padded base64", valid + "==", "malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCookies")
    void badCookie_startsANewSession_isLogged_neverA5xx(String what, String value, String reason) throws Exception {
        HttpResponse<String> response = get("cookiesession1=" + value);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(cookie(response)).as("a new session is issued").isPresent().get().isNotEqualTo(value);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(deployment.tandem.stderr()).containsPattern(
                "session cookie rejected: reason=(" + reason + ") .*request=" + requestId);
    }

    /** A cookie signed with {@code ring} by a member whose clock reads {@code issuedAt}. */
    private static String mint(KeyRing ring, Instant issuedAt) {
        Clock clock = Clock.fixed(issuedAt, ZoneOffset.UTC);
        SessionManager minter = new SessionManager(ring, SessionPolicy.defaults(), "it-minter",
                new LocalHistory(10, Duration.ofMinutes(1), clock), clock);
        return minter.encode(minter.issue("web1"));
    }

    private static HttpResponse<String> get(String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(deployment.tandem.baseUrl().resolve("/"))
                .timeout(Duration.ofSeconds(5));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> cookie(HttpResponse<?> response) {
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
}
