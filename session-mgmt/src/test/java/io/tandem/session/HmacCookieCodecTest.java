package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.session.CookieDecoding.BadMac;
import io.tandem.session.CookieDecoding.Decoded;
import io.tandem.session.CookieDecoding.Malformed;
import io.tandem.session.CookieDecoding.UnknownKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HmacCookieCodecTest {

    private static final SessionKey K1 = Keys.key("k1", 1);
    private static final SessionKey K2 = Keys.key("k2", 2);
    private static final long T0 = 1_700_000_000L;
    private static final SessionId ID = new SessionId(0x0123456789abcdefL, 0xfedcba9876543210L);
    private static final SessionCookie TYPICAL = new SessionCookie(ID, T0, T0 + 60, "k1", "tandem-a", "web2");
    private static final SessionCookie LARGEST = new SessionCookie(new SessionId(-1, -1), 0xFFFF_FFFFL, 0xFFFF_FFFFL,
            "k".repeat(16), "n".repeat(32), "b".repeat(32), new byte[64]);

    private final HmacCookieCodec codec = new HmacCookieCodec(Keys.ring(K1));

    static Stream<SessionCookie> cookies() {
        return Stream.of(
                TYPICAL,
                new SessionCookie(ID, T0, T0, "k1", "a", ""),
                new SessionCookie(new SessionId(0, 0), 0, 0, "k1", "node.1_x-y", "pool-a.web_3"),
                TYPICAL.withCheckpoint(new byte[] {0, -1, 127, -128}),
                new SessionCookie(new SessionId(-1, -1), 0xFFFF_FFFFL, 0xFFFF_FFFFL, "k1", "n".repeat(32),
                        "b".repeat(32), new byte[64]));
    }

    @ParameterizedTest
    @MethodSource("cookies")
    void encode_thenDecode_returnsSameCookie(SessionCookie cookie) {
        String value = codec.encode(cookie);

        assertThat(codec.decode(value)).isEqualTo(new Decoded(cookie));
    }

    @Test
    void encode_matchesDocumentedFormat() {
        String expected = Wire.of(TYPICAL, "k1").valueSignedWith(Keys.secret(1));

        assertThat(codec.encode(TYPICAL)).isEqualTo(expected);
    }

    @Test
    void encode_typicalCookie_isShortUnpaddedBase64Url() {
        String value = codec.encode(TYPICAL);

        assertThat(value).matches("[A-Za-z0-9_-]+").hasSize(79);
        assertThat(Wire.binary(value)).hasSize(59);
    }

    @Test
    void encode_largestCookie_staysWithinMaxValueLength() {
        HmacCookieCodec longKeyCodec = new HmacCookieCodec(Keys.ring(Keys.key("k".repeat(16), 3)));

        String value = longKeyCodec.encode(LARGEST);

        assertThat(value).hasSize(252).hasSizeLessThanOrEqualTo(HmacCookieCodec.MAX_VALUE_LENGTH);
        assertThat(longKeyCodec.decode(value)).isEqualTo(new Decoded(LARGEST));
    }

    @Test
    void encode_writesSigningKeyId_whateverTheCookieSays() {
        HmacCookieCodec rotated = new HmacCookieCodec(Keys.ring(K2, K1));

        CookieDecoding decoded = rotated.decode(rotated.encode(TYPICAL));

        assertThat(((Decoded) decoded).cookie().keyId()).isEqualTo("k2");
        assertThat(Wire.binary(rotated.encode(TYPICAL))).containsSubsequence(2, 'k', '2');
    }

    @Test
    void decode_tamperedByte_isRejected() {
        byte[] good = Wire.binary(codec.encode(TYPICAL));
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < good.length; i++) {
            for (int flip : new int[] {0x01, 0x80, 0xFF}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) flip;
                CookieDecoding result = codec.decode(Wire.text(bad));
                if (!(result instanceof BadMac || result instanceof Malformed || result instanceof UnknownKey)) {
                    accepted.add("byte " + i + " ^ " + flip + " -> " + result);
                }
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void decode_tamperedCharacter_isRejected() {
        String good = codec.encode(TYPICAL);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < good.length(); i++) {
            for (char c : alphabet.toCharArray()) {
                if (c == good.charAt(i)) {
                    continue;
                }
                String bad = good.substring(0, i) + c + good.substring(i + 1);
                if (codec.decode(bad) instanceof Decoded) {
                    accepted.add("char " + i + " -> " + c);
                }
            }
        }
        assertThat(accepted).isEmpty();
    }

    @Test
    void decode_tamperedMac_isBadMac() {
        byte[] bad = Wire.binary(codec.encode(TYPICAL));
        bad[bad.length - 1] ^= 1;

        assertThat(codec.decode(Wire.text(bad))).isEqualTo(new BadMac("k1"));
    }

    @Test
    void decode_truncatedAtEveryLength_isRejected() {
        String good = codec.encode(TYPICAL);
        for (int len = 0; len < good.length(); len++) {
            assertThat(codec.decode(good.substring(0, len)))
                    .as("first %d characters", len)
                    .isInstanceOfAny(Malformed.class, BadMac.class);
        }
    }

    @Test
    void decode_truncatedBinaryAtEveryLength_isRejected() {
        byte[] good = Wire.binary(codec.encode(TYPICAL));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThat(codec.decode(Wire.text(cut)))
                    .as("first %d bytes", len)
                    .isInstanceOfAny(Malformed.class, BadMac.class);
        }
    }

    @Test
    void decode_extraCharacters_isRejected() {
        String good = codec.encode(TYPICAL);

        for (String extra : List.of("A", "AA", "AAA", "AAAA", "=", "==", "-", " ")) {
            assertThat(codec.decode(good + extra)).as("value + '%s'", extra).isNotInstanceOf(Decoded.class);
        }
    }

    @Test
    void decode_resignedWithWrongKeyOfSameId_isBadMac() {
        HmacCookieCodec impostor = new HmacCookieCodec(Keys.ring(Keys.key("k1", 99)));

        assertThat(codec.decode(impostor.encode(TYPICAL))).isEqualTo(new BadMac("k1"));
    }

    @Test
    void decode_keyNotInRing_isUnknownKey() {
        HmacCookieCodec other = new HmacCookieCodec(Keys.ring(Keys.key("other-pair", 7)));

        assertThat(codec.decode(other.encode(TYPICAL))).isEqualTo(new UnknownKey("other-pair"));
    }

    @Test
    void decode_olderKeyOfRing_isDecoded() {
        HmacCookieCodec old = new HmacCookieCodec(Keys.ring(K1));
        HmacCookieCodec rotated = new HmacCookieCodec(Keys.ring(K2, K1));

        assertThat(rotated.decode(old.encode(TYPICAL))).isEqualTo(new Decoded(TYPICAL));
    }

    static Stream<Arguments> garbage() {
        String good = new HmacCookieCodec(Keys.ring(K1)).encode(TYPICAL);
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("space", " "),
                Arguments.of("padding only", "===="),
                Arguments.of("padded value", good + "="),
                Arguments.of("standard alphabet", good.replace('-', '+').replace('_', '/') + "+/"),
                Arguments.of("leading space", " " + good),
                Arguments.of("inner space", good.substring(0, 10) + " " + good.substring(11)),
                Arguments.of("unicode", "sessión-ü-\u00e9\u4e2d\u6587"),
                Arguments.of("emoji", "\ud83c\udf6a".repeat(30)),
                Arguments.of("lone surrogate", "AAAA\ud800AAA"),
                Arguments.of("nul", "AAAA\u0000AAA"),
                Arguments.of("quoted", "\"" + good + "\""),
                Arguments.of("oversized", "A".repeat(HmacCookieCodec.MAX_VALUE_LENGTH + 1)),
                Arguments.of("huge", "A".repeat(1_000_000)),
                Arguments.of("all zero bytes", "A".repeat(80)),
                Arguments.of("PHPSESSID-like", "q3o2gl8lhuf4qm7f6aahhkgj2l"),
                Arguments.of("JWT-like", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void decode_garbage_isMalformed(String name, String value) {
        assertThat(codec.decode(value)).isInstanceOf(Malformed.class);
    }

    static Stream<Arguments> signedButMalformed() {
        Wire base = Wire.version(1).id(ID).u32(T0).u32(T0);
        return Stream.of(
                Arguments.of("version 2", wire(2).field("k1").field("a").field("").field(new byte[0]),
                        "unsupported version"),
                Arguments.of("version 0", wire(0).field("k1").field("a").field("").field(new byte[0]),
                        "unsupported version"),
                Arguments.of("key id length 0", wire(1).field("").field("a").field("").field("xxxxxxxx"), "bad key id"),
                Arguments.of("key id length past the end", wire(1).raw(16).raw('k', '1', 1, 'a', 0, 0),
                        "field length past the end"),
                Arguments.of("issuer length past the end", wire(1).field("k1").raw(200, 'a', 0, 0),
                        "field length past the end"),
                Arguments.of("backend length past the end", wire(1).field("k1").field("a").raw(255, 0),
                        "field length past the end"),
                Arguments.of("checkpoint length past the end", wire(1).field("k1").field("a").field("").raw(1),
                        "field length past the end"),
                Arguments.of("trailing bytes", wire(1).field("k1").field("a").field("").field(new byte[0]).raw(0),
                        "trailing bytes"),
                Arguments.of("key id with a dot", wire(1).field("k.1").field("a").field("").field(new byte[0]),
                        "bad key id"),
                Arguments.of("issuer empty", wire(1).field("k1").field("").field("").field("x"), "bad field"),
                Arguments.of("issuer with a space", wire(1).field("k1").field("a b").field("").field(new byte[0]),
                        "bad field"),
                Arguments.of("backend non-ASCII", wire(1).field("k1").field("a").field(new byte[] {(byte) 0xE9})
                        .field(new byte[0]), "bad field"),
                Arguments.of("checkpoint of 65 bytes", wire(1).field("k1").field("a").field("").field(new byte[65]),
                        "bad field"),
                Arguments.of("renewed before issued", Wire.version(1).id(ID).u32(T0).u32(T0 - 1).field("k1")
                        .field("a").field("").field(new byte[0]), "renewed before issued"),
                Arguments.of("base sanity", base.field("k1").field("a").field("").field(new byte[0]), null));
    }

    private static Wire wire(int version) {
        return Wire.version(version).id(ID).u32(T0).u32(T0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedButMalformed")
    void decode_correctlySignedButMalformed_isMalformed(String name, Wire wire, String reason) {
        CookieDecoding result = codec.decode(wire.valueSignedWith(Keys.secret(1)));

        if (reason == null) {
            assertThat(result).isInstanceOf(Decoded.class);
        } else {
            assertThat(result).isEqualTo(new Malformed(reason));
        }
    }

    @Test
    void decode_randomInput_neverThrowsNorDecodes() {
        Random random = new Random(42);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ .\u00e9";
        for (int i = 0; i < 20_000; i++) {
            int len = random.nextInt(300);
            StringBuilder s = new StringBuilder(len);
            for (int j = 0; j < len; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(codec.decode(s)).isNotInstanceOf(Decoded.class);
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(190)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = 1;
            }
            assertThat(codec.decode(Wire.text(bytes))).isNotInstanceOf(Decoded.class);
        }
    }

    @Test
    void toString_showsKeyIdsOnly() {
        assertThat(codec).hasToString("HmacCookieCodec[keys=[k1], signing=k1]");
    }
}
