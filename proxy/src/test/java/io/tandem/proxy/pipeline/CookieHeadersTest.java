package io.tandem.proxy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookieHeadersTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // Cookie header                                   | our value | what the backend gets
            "PHPSESSID=abc; cookiesession1=XYZ; form_key=k1     | XYZ       | PHPSESSID=abc; form_key=k1",
            "cookiesession1=XYZ                                 | XYZ       | NULL",
            "PHPSESSID=abc                                      | NULL      | PHPSESSID=abc",
            "cookiesession1=A; cookiesession1=B; x=1            | A         | x=1",
            "cookiesession10=A; xcookiesession1=B               | NULL      | cookiesession10=A; xcookiesession1=B",
            "cookiesession1=                                    | ''        | NULL",
            "cookiesession1;x=1                                 | NULL      | cookiesession1; x=1",
    })
    void removeCookie_takesOursOut_andKeepsTheRest(String header, String expectedValue, String forwarded) {
        HeaderMap headers = new HeaderMap();
        headers.put(Headers.COOKIE, header);

        String value = CookieHeaders.removeCookie(headers, "cookiesession1");

        assertThat(value).isEqualTo(expectedValue);
        if (forwarded == null) {
            assertThat(headers.get(Headers.COOKIE)).isNull();
        } else if (expectedValue == null) {
            assertThat(headers.getFirst(Headers.COOKIE)).isEqualTo(header); // untouched, byte for byte
        } else {
            assertThat(headers.getFirst(Headers.COOKIE)).isEqualTo(forwarded);
        }
    }

    @org.junit.jupiter.api.Test
    void removeCookie_searchesEveryCookieHeaderLine() {
        HeaderMap headers = new HeaderMap();
        headers.addAll(Headers.COOKIE, List.of("a=1", "cookiesession1=V; b=2"));

        assertThat(CookieHeaders.removeCookie(headers, "cookiesession1")).isEqualTo("V");
        assertThat(headers.get(Headers.COOKIE)).containsExactly("a=1", "b=2");
    }
}
