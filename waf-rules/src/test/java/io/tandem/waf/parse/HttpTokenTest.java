package io.tandem.waf.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpTokenTest {

    /** The definition the table replaced: visible ASCII, none of RFC 9110's separators. */
    private static boolean reference(char c) {
        return c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    @Test
    void everyCharacterIsJudgedAsTheDefinitionSays() {
        for (char c = 0; c < 0x200; c++) {
            assertThat(HttpToken.isTokenChar(c)).as("U+%04X", (int) c).isEqualTo(reference(c));
        }
    }

    @Test
    void tokensAreNonEmptyRunsOfTokenCharacters() {
        assertThat(HttpToken.isToken("X-Forwarded-For")).isTrue();
        assertThat(HttpToken.isToken("GET")).isTrue();
        assertThat(HttpToken.isToken("")).isFalse();
        assertThat(HttpToken.isToken("bad name")).isFalse();
        assertThat(HttpToken.isToken("text/html")).isFalse();
        assertThat(HttpToken.isToken("caf\u00e9")).isFalse();
    }
}
