package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Base64UrlTest {

    @Test
    void encode_agreesWithJdk_forEveryLengthUpTo192() {
        Random random = new Random(1);
        byte[] text = new byte[256];
        for (int len = 0; len <= 192; len++) {
            for (int round = 0; round < 20; round++) {
                byte[] data = new byte[len];
                random.nextBytes(data);

                int chars = Base64Url.encode(data, len, text);

                assertThat(new String(text, 0, chars, StandardCharsets.ISO_8859_1))
                        .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(data));
                assertThat(chars).isEqualTo(Base64Url.encodedLength(len));
            }
        }
    }

    @Test
    void decode_agreesWithJdk_forEveryLengthUpTo192() {
        Random random = new Random(2);
        byte[] out = new byte[192];
        for (int len = 0; len <= 192; len++) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(data);

            int n = Base64Url.decode(text, text.length(), out);

            assertThat(n).isEqualTo(len);
            assertThat(Arrays.copyOf(out, n)).isEqualTo(data);
        }
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource({
            "A,      -2",
            "AAAAA,  -2",
            "AB,     -3",
            "AAB,    -3",
            "AQ,     1",
            "AAE,    2",
            "AA==,   -1",
            "A+AA,   -1",
            "A/AA,   -1",
            "'AA A', -1",
            "AAé,    -1",
    })
    void decode_rejectsWhatNoCanonicalEncodingContains(String text, int expected) {
        assertThat(Base64Url.decode(text, text.length(), new byte[8])).isEqualTo(expected);
    }
}
