package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "0,       0",
            "8192,    8192",
            "1KiB,    1024",
            "64KiB,   65536",
            "1MiB,    1048576",
            "16GiB,   17179869184",
            "007KiB,  7168",
    })
    void parse_acceptsBinaryUnitsAndBareNumbers(String text, long size) {
        assertThat(Sizes.parse(text)).isEqualTo(size);
    }

    @ParameterizedTest(name = "[{0}] is rejected")
    @ValueSource(strings = {
            "", "KiB", "-1", "+1", "1 KiB", " 1KiB", "1KB", "1kb", "1k", "1K", "1kib", "1.5MiB", "1MiB512KiB", "1TiB",
            "0x10", "1_000", "9999999999999999GiB", "1234567890123456789",
    })
    void parse_rejectsEverythingElse(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Sizes.parse(text)).withMessage("units KiB, MiB, GiB");
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
            "0,           0",
            "1000,        1000",
            "1024,        1KiB",
            "1536,        1536",
            "65536,       64KiB",
            "1048576,     1MiB",
            "33554432,    32MiB",
            "1073741824,  1GiB",
    })
    void format_isTheShortestSpellingThatParsesBack(long size, String text) {
        assertThat(Sizes.format(size)).isEqualTo(text);
        assertThat(Sizes.parse(text)).isEqualTo(size);
    }
}
