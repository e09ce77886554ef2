package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "500ms, 500",
            "1ms,   1",
            "30s,   30000",
            "20m,   1200000",
            "8h,    28800000",
            "1d,    86400000",
            "0s,    0",
            "0,     0",
            "45,    45000",
            "1200,  1200000",
            "007s,  7000",
    })
    void parse_acceptsEveryUnitAndBareSeconds(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "[{0}] is rejected")
    @ValueSource(strings = {
            "", "s", "-5s", "+5s", "5 s", " 5s", "5s ", "5S", "5Ms", "1.5s", "1h30m", "5sec", "5us", "PT5S",
            "0x10", "1_000", "99999999999999999d", "1234567890123456789",
    })
    void parse_rejectsNegativesAndGarbage(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
                .withMessage("units ms, s, m, h, d");
    }

    @ParameterizedTest(name = "{0} ms formats as {1}")
    @CsvSource({
            "0,         0s",
            "1,         1ms",
            "1500,      1500ms",
            "1000,      1s",
            "90000,     90s",
            "60000,     1m",
            "1200000,   20m",
            "3600000,   1h",
            "28800000,  8h",
            "86400000,  1d",
            "90000000,  25h",
    })
    void format_usesLargestExactUnit(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
