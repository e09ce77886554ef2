package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guards the bounded urlencoded parser every form action uses. Each row: body, then either the
 * parsed fields or the error text the 400 page shows. Fails if a malformed body gets through or a
 * valid one is refused.
 */
class FormTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a=1&b=2                        | a=1, b=2
            qty=1&qty=2                    | qty=1
            login%5Busername%5D=a%40b.c    | login[username]=a@b.c
            x=hello+world%21               | x=hello world!
            flag&x=                        | flag=, x=
            &&a=1&&                        | a=1
            """)
    void parse_validBody(String body, String expected) throws BadRequestException {
        Map<String, String> fields = Form.parse(body).fields();

        assertThat(fields).as("body %s", body).isEqualTo(toMap(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a=%zz   | form field: '%zz' (expected: valid percent-encoding, %XX with hex digits)
            a=1%    | form field: '1%' (expected: valid percent-encoding, %XX with hex digits)
            =x      | form field: '=x' (expected: name=value with a non-empty name)
            """)
    void parse_malformedBody_namesTheBadPart(String body, String error) {
        assertThatThrownBy(() -> Form.parse(body)).as("body %s", body)
                .isInstanceOf(BadRequestException.class).hasMessage(error);
    }

    @ParameterizedTest(name = "{0} fields")
    @CsvSource({"64, true", "65, false"})
    void parse_boundsTheFieldCount(int count, boolean accepted) throws BadRequestException {
        String body = "f=1" + "&f=1".repeat(count - 1);

        if (accepted) {
            assertThat(Form.parse(body).fields()).containsOnlyKeys("f");
        } else {
            assertThatThrownBy(() -> Form.parse(body)).hasMessage("form body: 65 fields (expected: <= 64)");
        }
    }

    private static Map<String, String> toMap(String expected) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : expected.split(", ")) {
            int eq = pair.indexOf('=');
            map.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return map;
    }
}
