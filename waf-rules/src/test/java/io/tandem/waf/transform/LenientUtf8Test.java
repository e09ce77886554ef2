package io.tandem.waf.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LenientUtf8#asciiWithoutNul}: the text of bytes that are all in {@code 1..0x7f}, and null
 * for anything else, wherever in a long body the other byte is.
 */
class LenientUtf8Test {

    private static final int LONG = 4099; // not a multiple of eight or of a vector's width

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 31, 32, 33, 4096, LONG - 1})
    void asciiWithoutNulIsTheTextOfPlainAscii(int at) {
        byte[] bytes = plain(LONG);
        bytes[at] = 0x7f; // the highest byte still allowed
        bytes[0] = 0x01; // and the lowest
        assertThat(LenientUtf8.asciiWithoutNul(bytes, 0, bytes.length))
                .isEqualTo(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 31, 32, 33, 4096, LONG - 1})
    void anyOtherByteAnywhereGivesNull(int at) {
        for (byte[] other : new byte[][] {
            {0x00},                                        // NUL
            {(byte) 0x80},                                 // a lone continuation byte
            {(byte) 0xff},                                 // never valid in UTF-8
            {(byte) 0xc3, (byte) 0xa9},                    // é, valid UTF-8
            {(byte) 0xef, (byte) 0xbf, (byte) 0xbd},       // U+FFFD itself, valid UTF-8
            {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, // a character outside the BMP
            {(byte) 0xc0, (byte) 0xae},                    // an overlong '.'
        }) {
            byte[] bytes = plain(LONG);
            System.arraycopy(other, 0, bytes, Math.min(at, LONG - other.length), other.length);
            assertThat(LenientUtf8.asciiWithoutNul(bytes, 0, bytes.length)).as("byte(s) at %d", at).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100})
    void onlyTheGivenRangeCounts(int offset) {
        byte[] bytes = plain(300);
        bytes[offset == 0 ? 299 : offset - 1] = (byte) 0x80; // outside the range
        int length = offset == 0 ? 299 : 300 - offset;
        assertThat(LenientUtf8.asciiWithoutNul(bytes, offset, length))
                .isEqualTo(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
    }

    private static byte[] plain(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }
}
