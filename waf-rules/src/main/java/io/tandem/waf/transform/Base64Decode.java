package io.tandem.waf.transform;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a value that looks like base64 (standard or URL-safe alphabet, optional padding) into
 * text, or returns {@code null} when it does not: too short, other characters, or decoded bytes
 * that are not mostly printable UTF-8 text. Because a keyword can sit anywhere inside a longer
 * base64 stream, the value is also tried at the other three alignments (the first, partial, bytes
 * are then dropped). Bounded: at most {@code maxInput} characters are considered.
 */
public final class Base64Decode implements Transform {

    private static final int MIN_LENGTH = 8;
    private final int maxInput;

    public Base64Decode(int maxInput) {
        if (maxInput < MIN_LENGTH) {
            throw new IllegalArgumentException("maxInput: " + maxInput + " (expected: >= " + MIN_LENGTH + ")");
        }
        this.maxInput = maxInput;
    }

    /** The decoded text, or the input unchanged when it is not base64 text. */
    @Override
    public String apply(String input) {
        String decoded = decodeText(input);
        return decoded == null ? input : decoded;
    }

    /** Whether every character of {@code s[from, to)} is in the base64 alphabets and the shape fits. */
    private static boolean looksLikeBase64(String s, int from, int to) {
        if (to - from < MIN_LENGTH) {
            return false;
        }
        int pad = 0;
        boolean lower = false;
        boolean upperOrDigit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '=') {
                pad++;
                continue;
            }
            if (pad > 0) {
                return false;
            }
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                upperOrDigit = true;
            } else if (c != '+' && c != '/' && c != '-' && c != '_') {
                return false;
            }
        }
        return pad <= 2 && lower && upperOrDigit;
    }

    /**
     * Decoded text, or {@code null}. Surrounding whitespace is ignored; the shape is checked in
     * place, so a value that is not base64 (prose, which often ends in a space) costs no copy.
     */
    public String decodeText(String input) {
        int end = input.length();
        while (end > 0 && input.charAt(end - 1) <= ' ') {
            end--;
        }
        int start = 0;
        while (start < end && input.charAt(start) <= ' ') {
            start++;
        }
        if (end - start > maxInput || !looksLikeBase64(input, start, end)) {
            return null;
        }
        String body = stripPadding(input.substring(start, end));
        for (int shift = 0; shift < 4; shift++) {
            String aligned = "AAA".substring(0, shift) + body;
            byte[] bytes = decode(aligned);
            // A shifted decode starts with junk made of the padding and the partial first group.
            int skip = shift;
            if (bytes.length - skip >= 4 && isText(bytes, skip)) {
                return LenientUtf8.decode(bytes, skip, bytes.length - skip, DecodeListener.IGNORE);
            }
        }
        return null;
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }

    private static byte[] decode(String s) {
        int n = s.length();
        byte[] out = new byte[n * 3 / 4 + 3];
        int len = 0;
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            int v = value(s.charAt(i));
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[len++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        byte[] exact = new byte[len];
        System.arraycopy(out, 0, exact, 0, len);
        return exact;
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' || c == '-' ? 62 : 63;
    }

    /** At least 90 % printable ASCII or valid multi-byte UTF-8, and no NUL in the middle. */
    private static boolean isText(byte[] bytes, int from) {
        int printable = 0;
        int total = bytes.length - from;
        String asText = new String(bytes, from, total, StandardCharsets.UTF_8);
        for (int i = 0; i < asText.length(); i++) {
            char c = asText.charAt(i);
            if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r' || (c >= 0xa0 && c != 0xfffd)) {
                printable++;
            }
        }
        return printable * 10 >= asText.length() * 9 && asText.length() >= 4;
    }

    @Override
    public String toString() {
        return "base64-decode";
    }
}
