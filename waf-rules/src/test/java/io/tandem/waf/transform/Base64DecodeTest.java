package io.tandem.waf.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Base64Decode#decodeText} against a plain reference (decode each alignment into a new
 * array, judge it by decoding it with the JDK), on values of every kind a request carries: hex
 * tokens, random bytes, ASCII and multi-byte text, cut at every alignment. The decoder counts in
 * place and rejects most values by bounds, so it must agree with the reference on every one.
 */
class Base64DecodeTest {

    private static final Base64Decode DECODE = new Base64Decode(Integer.MAX_VALUE);

    @Test
    void decodesTextAtEveryAlignment() {
        String encoded = Base64.getEncoder().encodeToString("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        assertEquals("<script>alert(1)</script>", DECODE.decodeText(encoded));
        assertTrue(DECODE.decodeText(encoded.substring(2)).endsWith("ipt>alert(1)</script>"), "cut two characters in");
        assertEquals("grüße aus köln", DECODE.decodeText(
                Base64.getEncoder().encodeToString("grüße aus köln".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void turnsDownTokensThatOnlyLookLikeBase64() {
        assertNull(DECODE.decodeText("6f1c2a9e8b7d4c3a"));
        assertNull(DECODE.decodeText("9qk4mhv0ut3kq6o2b0a7e1cd5f"));
        assertNull(DECODE.decodeText("sports"));
    }

    @Test
    void agreesWithTheReferenceOnRandomValues() {
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 200_000; i++) {
            String value = value(random);
            assertEquals(reference(value), DECODE.decodeText(value), () -> "value: " + value);
        }
    }

    private static String value(SplittableRandom random) {
        int length = 4 + random.nextInt(40);
        switch (random.nextInt(5)) {
            case 0: { // a hex token
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    b.append("0123456789abcdef".charAt(random.nextInt(16)));
                }
                return b.toString();
            }
            case 1: { // characters of the alphabet, padding and spaces
                StringBuilder b = new StringBuilder();
                String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= ";
                for (int i = 0; i < length; i++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                return b.toString();
            }
            default: { // base64 of random bytes, ASCII text or multi-byte text (sometimes damaged), cut anywhere
                byte[] bytes;
                int kind = random.nextInt(3);
                if (kind == 2) {
                    StringBuilder text = new StringBuilder();
                    String letters = "abc de\u00e4\u00f6\u00fc\u00df\u20ac\u0436\ud834\udd1e\u0001";
                    while (text.length() < length) {
                        char c = letters.charAt(random.nextInt(letters.length()));
                        text.append(Character.isHighSurrogate(c) ? "\ud834\udd1e" : Character.isLowSurrogate(c) ? "x" : c);
                    }
                    bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                    if (random.nextBoolean()) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                } else {
                    bytes = new byte[length];
                    for (int i = 0; i < length; i++) {
                        bytes[i] = kind == 0 ? (byte) random.nextInt(256) : (byte) (0x20 + random.nextInt(0x5f));
                    }
                }
                String encoded = (random.nextBoolean() ? Base64.getEncoder() : Base64.getUrlEncoder()).encodeToString(bytes);
                int cut = random.nextInt(Math.min(4, encoded.length()));
                return encoded.substring(cut);
            }
        }
    }

    /** The decoder as first written: a new string per alignment, every judgement by the JDK's decoder. */
    private static String reference(String input) {
        String trimmed = input.trim();
        if (!looksLikeBase64(trimmed)) {
            return null;
        }
        String body = trimmed.replaceAll("=+$", "");
        for (int shift = 0; shift < 4; shift++) {
            byte[] bytes = decode("AAA".substring(0, shift) + body);
            if (bytes.length - shift >= 4 && isText(bytes, shift)) {
                return LenientUtf8.decode(bytes, shift, bytes.length - shift, DecodeListener.IGNORE);
            }
        }
        return null;
    }

    private static boolean looksLikeBase64(String s) {
        if (s.length() < 8) {
            return false;
        }
        boolean lower = s.chars().anyMatch(c -> c >= 'a' && c <= 'z');
        boolean upperOrDigit = s.chars().anyMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
        return s.matches("[A-Za-z0-9+/_-]*={0,2}") && lower && upperOrDigit;
    }

    private static byte[] decode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int acc = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26
                    : c >= '0' && c <= '9' ? c - '0' + 52 : c == '+' || c == '-' ? 62 : 63;
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write(acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        return out.toByteArray();
    }

    private static boolean isText(byte[] bytes, int from) {
        String text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        long printable = text.chars().filter(c -> (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r'
                || (c >= 0xa0 && c != 0xfffd)).count();
        return printable * 10 >= text.length() * 9L && text.length() >= 4;
    }
}
