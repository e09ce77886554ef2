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
        while (end > start && input.charAt(end - 1) == '=') {
            end--;
        }
        // One buffer serves all four alignments, and a value that is not text (a hex session id,
        // a hash) is turned down without building a string: most values that look like base64 are.
        byte[] bytes = new byte[(end - start + 3) * 3 / 4 + 3];
        for (int shift = 0; shift < 4; shift++) {
            int length = decode(input, start, end, shift, bytes);
            // A shifted decode starts with junk made of the padding and the partial first group.
            int skip = shift;
            if (length - skip >= 4 && isText(bytes, skip, length)) {
                return LenientUtf8.decode(bytes, skip, length - skip, DecodeListener.IGNORE);
            }
        }
        return null;
    }

    /**
     * Decodes {@code s[from, to)} after {@code shift} zero digits ({@code 'A'}s) into {@code out},
     * as if the value had that many more characters in front: the other alignments of a base64
     * stream cut out of a longer one. Returns the number of bytes written.
     */
    private static int decode(String s, int from, int to, int shift, byte[] out) {
        int len = 0;
        int acc = 0;
        int bits = 0;
        for (int i = from - shift; i < to; i++) {
            int v = i < from ? 0 : value(s.charAt(i));
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[len++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        return len;
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

    /**
     * Whether {@code bytes[from, to)} is text: at least 90 % printable ASCII or valid multi-byte
     * UTF-8 (as decoded by the JDK, malformed bytes becoming U+FFFD), at least four characters.
     * ASCII bytes are counted in place; only bytes with the high bit set need the decoder.
     */
    private static boolean isText(byte[] bytes, int from, int to) {
        int printable = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b < 0) {
                return isUtf8Text(bytes, from, to);
            }
            if (printable(b)) {
                printable++;
            }
        }
        return mostlyPrintable(printable, to - from);
    }

    private static boolean isUtf8Text(byte[] bytes, int from, int to) {
        // Bounds first, so random bytes (what a token decodes to) need no decoder: a printable
        // non-ASCII character takes a lead byte (C2..F4; one from F0..F4 makes a surrogate pair, two
        // characters), and every control byte, impossible byte (C0, C1, F5..FF) and continuation
        // byte beyond three per lead is a character that is not printable.
        int asciiPrintable = 0;
        int leads = 0;
        int maxNonAsciiPrintable = 0;
        int continuations = 0;
        int notPrintable = 0;
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                if (printable(b)) {
                    asciiPrintable++;
                } else {
                    notPrintable++;
                }
            } else if (b < 0xc0) {
                continuations++;
            } else if (b >= 0xc2 && b <= 0xf4) {
                leads++;
                maxNonAsciiPrintable += b >= 0xf0 ? 2 : 1;
            } else {
                notPrintable++;
            }
        }
        notPrintable += Math.max(0, continuations - 3 * leads);
        if (asciiPrintable + maxNonAsciiPrintable < 9 * notPrintable) {
            return false; // printable * 10 >= characters * 9 means printable >= 9 * not printable
        }
        String asText = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        int printable = 0;
        for (int i = 0; i < asText.length(); i++) {
            char c = asText.charAt(i);
            if (printable(c) || (c >= 0xa0 && c != 0xfffd)) {
                printable++;
            }
        }
        return mostlyPrintable(printable, asText.length());
    }

    /** At least 90 % of at least four characters printable. */
    private static boolean mostlyPrintable(int printable, int characters) {
        return printable * 10 >= characters * 9 && characters >= 4;
    }

    private static boolean printable(int c) {
        return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
    }

    @Override
    public String toString() {
        return "base64-decode";
    }
}
