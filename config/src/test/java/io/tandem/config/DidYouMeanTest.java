package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DidYouMeanTest {

    private static final List<String> SESSION = Schema.SESSION_KEYS;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "cookie-nam,     cookie-name",
            "coookie-name,   cookie-name",
            "cookie-naem,    cookie-name",
            "cookieName,     cookie-name",
            "cookie_name,    cookie-name",
            "COOKIE-NAME,    cookie-name",
            "cookie,         cookie-name",
            "idle-timeouts,  idle-timeout",
            "idle,           idle-timeout",
            "key,            keys",
            "histroy,        history",
            "max-lifetime-x, max-lifetime",
            "secure,         secure-cookie",
    })
    void suggest_findsTheIntendedKey(String unknown, String expected) {
        assertThat(DidYouMean.suggest(unknown, SESSION)).contains(expected);
    }

    @ParameterizedTest(name = "{0} -> nothing")
    @CsvSource({"x", "ab", "timeout", "password", "banana"})
    void suggest_staysQuietWhenNothingIsClose(String unknown) {
        assertThat(DidYouMean.suggest(unknown, SESSION)).isEmpty();
    }

    @ParameterizedTest(name = "d({0}, {1}) = {2}")
    @CsvSource({"abc, abc, 0", "abc, acb, 1", "abc, ab, 1", "abc, xbc, 1", "ca, abc, 3", "'', abc, 3"})
    void distance_countsAdjacentSwapAsOneEdit(String a, String b, int d) {
        assertThat(DidYouMean.distance(a, b)).isEqualTo(d);
    }
}
