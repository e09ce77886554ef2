package io.tandem.waf.transform;

import java.nio.charset.StandardCharsets;

/**
 * One round of percent-decoding: {@code %HH}, IIS-style {@code %uHHHH}, and optionally {@code +} as
 * a space (query strings and form bodies). Malformed escapes are kept literally and reported;
 * decoded bytes go through {@link LenientUtf8}, so overlong UTF-8 is normalized here. The output
 * is never longer than the input.
 */
public final class UrlDecode implements Transform {

    /** Decodes {@code +} as a space: query and form semantics. */
    public static final UrlDecode FORM = new UrlDecode(true);
    /** Keeps {@code +}: path semantics. */
    public static final UrlDecode PATH = new UrlDecode(false);

    private final boolean plusAsSpace;

    private UrlDecode(boolean plusAsSpace) {
        this.plusAsSpace = plusAsSpace;
    }

    @Override
    public String apply(String input) {
        return decode(input, plusAsSpace, DecodeListener.IGNORE);
    }

    /** Whether {@code s} contains anything this transform would change. */
    public static boolean needsDecoding(String s, boolean plusAsSpace) {
        return s.indexOf('%') >= 0 || (plusAsSpace && s.indexOf('+') >= 0);
    }

    public static String decode(String s, boolean plusAsSpace, DecodeListener listener) {
        if (!needsDecoding(s, plusAsSpace)) {
            if (s.indexOf('\0') >= 0) {
                listener.report(DecodeListener.Problem.NUL_BYTE);
            }
            return s;
        }
        // Non-ASCII characters as sent are re-encoded to UTF-8, so that percent-encoded UTF-8 bytes
        // next to them decode in one pass. getBytes does that for the whole string at once (for an
        // all-ASCII string it is a plain copy, no per-character loop), with the same bytes as
        // encoding each character or surrogate pair on its own: a lone surrogate becomes '?'.
        // Escapes are ASCII and ASCII maps to one byte each, so every escape reads the same in the
        // bytes as in the characters.
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        // Whether every byte of the output is in 1..127 so far: one byte per character and no NUL
        // in the input, and no escape decoded to anything else. Then LenientUtf8 would return a
        // plain Latin-1 copy and report nothing, and its scan of the output is skipped.
        boolean plainAscii = b.length == s.length() && s.indexOf('\0') < 0;
        // Decoded in place: every escape is longer than the bytes it stands for, so the write
        // position w never passes the read position r.
        int n = b.length;
        int r = 0;
        int w = 0;
        while (r < n) {
            // Fast path: query and form values are mostly letters and '+'. Eight bytes with no '%'
            // are copied as one word, with '+' turned into ' ' in the word, instead of byte by byte.
            // With the bulk copies around it, 64 KiB of "lorem+ipsum+dolor+sit+amet%2C+" decodes in
            // about 1 ns a character, down from 2.4 ns for the character-by-character loop.
            if (r + 8 <= n) {
                long word = ByteWords.get(b, r);
                long percents = ByteWords.bytesEqual(word, '%');
                long out = plusAsSpace ? ByteWords.replace(word, '+', ' ') : word;
                if (percents == 0) {
                    ByteWords.set(b, w, out);
                    r += 8;
                    w += 8;
                    continue;
                }
                // The bytes before the '%' go out as a word too, once the output lags the input by a
                // word or more: then the word's tail lands on bytes already read (what follows
                // overwrites it), never on the escape still to be read.
                if (r - w >= 8) {
                    int before = ByteWords.firstFlagged(percents);
                    ByteWords.set(b, w, out);
                    r += before;
                    w += before;
                }
            }
            if (r == n) {
                break;
            }
            byte c = b[r];
            if (c != '%') {
                b[w++] = c == '+' && plusAsSpace ? (byte) ' ' : c;
                r++;
                continue;
            }
            int hi = r + 2 < n ? hex(b, r + 1) : -1;
            int lo = hi >= 0 ? hex(b, r + 2) : -1;
            if (lo >= 0) {
                int decoded = hi << 4 | lo;
                b[w++] = (byte) decoded;
                plainAscii &= decoded != 0 && decoded < 0x80;
                r += 3;
                continue;
            }
            if (r + 5 < n && (b[r + 1] == 'u' || b[r + 1] == 'U') && hex(b, r + 2) >= 0
                    && hex(b, r + 3) >= 0 && hex(b, r + 4) >= 0 && hex(b, r + 5) >= 0) {
                char u = (char) (hex(b, r + 2) << 12 | hex(b, r + 3) << 8 | hex(b, r + 4) << 4 | hex(b, r + 5));
                listener.report(DecodeListener.Problem.UNICODE_PERCENT_ENCODING);
                w = putUtf8(b, w, u);
                plainAscii &= u != 0 && u < 0x80;
                r += 6;
                continue;
            }
            // "%1G", "%w20", "%u12": an escape gone wrong. A '%' before anything else ("99%",
            // "80% off") is a literal percent sign that a lenient client left unencoded.
            if (r + 1 < n && isAsciiLetterOrDigit(b[r + 1])) {
                listener.report(DecodeListener.Problem.INVALID_PERCENT_ENCODING);
            }
            b[w++] = '%';
            r++;
        }
        return plainAscii ? new String(b, 0, w, StandardCharsets.ISO_8859_1) : LenientUtf8.decode(b, 0, w, listener);
    }

    /** Writes {@code c} as UTF-8 (at most 3 bytes); a lone surrogate becomes '?', as in getBytes. */
    private static int putUtf8(byte[] b, int w, char c) {
        if (c < 0x80) {
            b[w++] = (byte) c;
        } else if (c < 0x800) {
            b[w++] = (byte) (0xc0 | c >> 6);
            b[w++] = (byte) (0x80 | (c & 0x3f));
        } else if (Character.isSurrogate(c)) {
            b[w++] = '?';
        } else {
            b[w++] = (byte) (0xe0 | c >> 12);
            b[w++] = (byte) (0x80 | (c >> 6 & 0x3f));
            b[w++] = (byte) (0x80 | (c & 0x3f));
        }
        return w;
    }

    private static boolean isAsciiLetterOrDigit(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int hex(byte[] b, int i) {
        return hex((char) (b[i] & 0xff));
    }

    /**
     * Form-decodes {@code src[from, to)} into {@code out} from {@code at}, for a range already known
     * to hold only bytes in {@code 1..0x7f} and escapes that are {@code %XX} of such a byte (what
     * the form parser checks before it decodes a long value's head and tail): each escape becomes
     * its byte, {@code +} a space, every other byte stays. There is nothing to report then, and
     * nothing for {@link LenientUtf8} to do, so the bytes go straight from the body to the output,
     * eight at a time between escapes. {@code out} needs 8 bytes of room past {@code at + (to - from)}:
     * a word may be written whole and its tail overwritten by what follows.
     *
     * @return the write position after the decoded range
     */
    public static int decodeCheckedAscii(byte[] src, int from, int to, byte[] out, int at) {
        int r = from;
        int w = at;
        while (r < to) {
            if (r + 8 <= to) {
                long word = ByteWords.get(src, r);
                long percents = ByteWords.bytesEqual(word, '%');
                ByteWords.set(out, w, ByteWords.replace(word, '+', ' '));
                int plain = percents == 0 ? 8 : ByteWords.firstFlagged(percents);
                r += plain;
                w += plain;
                if (plain == 8) {
                    continue;
                }
            } else if (src[r] != '%') {
                out[w++] = src[r] == '+' ? (byte) ' ' : src[r];
                r++;
                continue;
            }
            out[w++] = (byte) (hex((char) src[r + 1]) << 4 | hex((char) src[r + 2]));
            r += 3;
        }
        return w;
    }

    /** {@link #formPartKind}: nothing to decode (no {@code %}, no {@code +}). */
    public static final int PLAIN = 0;
    /** {@link #formPartKind}: {@link #decodeCheckedAscii} decodes it, with nothing to report. */
    public static final int CHECKED_ASCII = 1;
    /** {@link #formPartKind}: an escape that only {@link #decode} handles (and reports). */
    public static final int GENERAL = 2;

    /**
     * What form-decoding {@code src[from, to)} takes, for bytes known to be in {@code 1..0x7f}:
     * {@link #PLAIN}, {@link #CHECKED_ASCII} when every escape is a {@code %XX} of such a byte, else
     * {@link #GENERAL} (a malformed or cut escape, {@code %00}, an escape of a byte above 0x7f such
     * as a UTF-8 sequence). Eight bytes at a time between escapes.
     */
    public static int formPartKind(byte[] src, int from, int to) {
        int kind = PLAIN;
        int r = from;
        while (r < to) {
            if (r + 8 <= to) {
                long word = ByteWords.get(src, r);
                long percents = ByteWords.bytesEqual(word, '%');
                if (ByteWords.bytesEqual(word, '+') != 0) {
                    kind = CHECKED_ASCII;
                }
                if (percents == 0) {
                    r += 8;
                    continue;
                }
                r += ByteWords.firstFlagged(percents);
            } else if (src[r] != '%') {
                if (src[r] == '+') {
                    kind = CHECKED_ASCII;
                }
                r++;
                continue;
            }
            if (r + 2 >= to) {
                return GENERAL;
            }
            if (!isPlainAsciiEscape((char) src[r + 1], (char) src[r + 2])) {
                return GENERAL;
            }
            kind = CHECKED_ASCII;
            r += 3;
        }
        return kind;
    }

    /**
     * Whether {@code %} followed by these two characters escapes a byte in {@code 1..0x7f}: one
     * ASCII character, neither NUL nor part of a UTF-8 sequence, so decoding it reports nothing.
     */
    public static boolean isPlainAsciiEscape(char first, char second) {
        int hi = hex(first);
        int lo = hex(second);
        return hi >= 0 && lo >= 0 && hi <= 7 && (hi != 0 || lo != 0);
    }

    /** The value of a hexadecimal digit, or -1. */
    public static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    @Override
    public String toString() {
        return plusAsSpace ? "url-decode(form)" : "url-decode(path)";
    }
}
