package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionCookieTest {

    private static final SessionId ID = new SessionId(1, 2);

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, -1, 0, "k1", "a", ""),
                        "issuedAt: -1 (expected: 0..4294967295)"),
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, 10, 9, "k1", "a", ""),
                        "renewedAt: 9 (expected: 10..4294967295)"),
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, 0, 1L << 32, "k1", "a", ""),
                        "renewedAt: 4294967296 (expected: 0..4294967295)"),
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, 0, 0, "k.1", "a", ""),
                        "keyId: 'k.1' (expected: 1-16 characters of [A-Za-z0-9_-])"),
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, 0, 0, "k1", "", ""),
                        "issuer: '' (expected: 1-32 characters of [A-Za-z0-9_.-])"),
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, 0, 0, "k1", "a".repeat(33), ""),
                        "issuer: '" + "a".repeat(33) + "' (expected: 1-32 characters of [A-Za-z0-9_.-])"),
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, 0, 0, "k1", "a", "web 2"),
                        "backend: 'web 2' (expected: empty or 1-32 characters of [A-Za-z0-9_.-])"),
                Arguments.of((Supplier<?>) () -> new SessionCookie(ID, 0, 0, "k1", "a", "", new byte[65]),
                        "checkpoint: 65 bytes (expected: <= 64)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void constructor_invalidField_isRejectedWithItsName(Supplier<?> construction, String message) {
        assertThatThrownBy(construction::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void checkpoint_isCopiedInAndOut() {
        byte[] checkpoint = {1, 2, 3};
        SessionCookie cookie = new SessionCookie(ID, 0, 0, "k1", "a", "", checkpoint);
        checkpoint[0] = 9;
        cookie.checkpoint()[1] = 9;

        assertThat(cookie.checkpoint()).containsExactly(1, 2, 3);
        assertThat(cookie).isEqualTo(new SessionCookie(ID, 0, 0, "k1", "a", "", new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(new SessionCookie(ID, 0, 0, "k1", "a", "", new byte[] {1, 2, 3}));
        assertThat(cookie.toString()).endsWith("checkpoint=3 bytes]");
    }

    @Test
    void withers_changeOneField() {
        SessionCookie cookie = new SessionCookie(ID, 5, 6, "k1", "a", "web1");

        assertThat(cookie.withBackend("").hasBackend()).isFalse();
        assertThat(cookie.withBackend("web2")).isEqualTo(new SessionCookie(ID, 5, 6, "k1", "a", "web2"));
        assertThat(cookie.renewed(9, "k2", "b")).isEqualTo(new SessionCookie(ID, 5, 9, "k2", "b", "web1"));
    }
}
