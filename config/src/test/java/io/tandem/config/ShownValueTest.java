package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShownValueTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            password      | hunter2                  | (hidden)
            client-secret | hunter2                  | (hidden)
            api-token     | hunter2                  | (hidden)
            Passphrase    | hunter2                  | (hidden)
            file          | hunter2                  | hunter2
            url           | http://u:hunter2@h:1/x   | http://***@h:1/x
            note          | see http://u@h and more  | see http://***@h and more
            id            | ''                       | ""
            """)
    void of_showsScalarsAsWrittenButNeverSecrets(String key, String text, String shown) {
        assertThat(ShownValue.of(key, new YamlNode.Scalar(text, 1))).isEqualTo(shown);
    }

    @Test
    void of_namesNonScalarsInsteadOfPrintingThem() {
        assertThat(ShownValue.of("k", new YamlNode.Empty(1))).isEqualTo("(empty)");
        assertThat(ShownValue.of("k", new YamlNode.Sequence(List.of(), 1))).isEqualTo("(empty list)");
        assertThat(ShownValue.of("k", new YamlNode.Sequence(List.of(new YamlNode.Empty(1)), 1))).isEqualTo("(a list)");
        assertThat(ShownValue.of("k", new YamlNode.Mapping(List.of(), 1))).isEqualTo("(a mapping)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'a\\nb'       | a\\nb
            'a\\tb'       | a\\tb
            'a\\u0007b'   | a\\u0007b
            """)
    void oneLine_escapesControlCharacters(String escapedInput, String expected) {
        String input = escapedInput.replace("\\n", "\n").replace("\\t", "\t").replace("\\u0007", "\u0007");
        assertThat(ShownValue.oneLine(input)).isEqualTo(expected);
    }
}
