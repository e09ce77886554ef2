package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionIdTest {

    @Test
    void toString_is32LowercaseHex_andParsesBack() {
        SessionId id = new SessionId(0x0123456789abcdefL, 0x00000000000000ffL);

        assertThat(id).hasToString("0123456789abcdef00000000000000ff");
        assertThat(SessionId.parse(id.toString())).isEqualTo(id);
        assertThat(SessionId.parse("0123456789ABCDEF00000000000000FF")).isEqualTo(id);
    }

    @Test
    void random_isUniqueAndRoundTrips() {
        Set<SessionId> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            SessionId id = SessionId.random();
            assertThat(seen.add(id)).isTrue();
            assertThat(SessionId.parse(id.toString())).isEqualTo(id);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0123456789abcdef00000000000000f", "0123456789abcdef00000000000000fff",
            "0123456789abcdeg00000000000000ff", " 123456789abcdef00000000000000ff", "+123456789abcdef0000000000000ff",
            "0123456789abcdef０0000000000000ff"})
    void parse_notExactly32HexDigits_isRejected(String text) {
        assertThatThrownBy(() -> SessionId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session id: ")
                .hasMessageEndingWith(" (expected: 32 hex characters)");
    }

    @Test
    void parse_hugeInput_isQuotedShortly() {
        assertThatThrownBy(() -> SessionId.parse("x".repeat(10_000)))
                .hasMessage("session id: '" + "x".repeat(40) + "...' (expected: 32 hex characters)");
    }
}
