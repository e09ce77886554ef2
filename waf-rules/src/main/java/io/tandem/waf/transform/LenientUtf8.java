package io.tandem.waf.transform;

import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 bytes the way a lenient backend might, so that the WAF sees what the application
 * will see: overlong forms ({@code C0 AE} for {@code .}) decode to the character they encode and
 * are reported as {@link DecodeListener.Problem#OVERLONG_UTF8}; invalid sequences become U+FFFD
 * and are reported as {@link DecodeListener.Problem#INVALID_UTF8}. Output length is at most the
 * input length in chars.
 */
public final class LenientUtf8 {

    private LenientUtf8() {
    }

    public static String decode(byte[] bytes, int offset, int length, DecodeListener listener) {
        int end = offset + length;
        // Bodies and values are mostly ASCII: the leading run of 1..127 is copied in one go (a
        // Latin-1 string is a plain copy) instead of char by char; on 1 MiB of ASCII about 0.4 ms
        // instead of 2.5 ms. What follows the first other byte is decoded as before, except that
        // long ASCII runs there are copied in one go too.
        int i = asciiRunEnd(bytes, offset, end);
        if (i == end) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(length);
        out.append(new String(bytes, offset, i - offset, StandardCharsets.ISO_8859_1));
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b == 0) {
                listener.report(DecodeListener.Problem.NUL_BYTE);
                out.append('\0');
                i++;
                continue;
            }
            if (b < 0x80) {
                // Mostly-ASCII text with an accented letter early on would otherwise go char by
                // char from there to the end. Short runs (between letters of a non-Latin script)
                // are not worth a temporary string.
                int run = asciiRunEnd(bytes, i, end);
                if (run - i >= 16) {
                    out.append(new String(bytes, i, run - i, StandardCharsets.ISO_8859_1));
                } else {
                    for (int k = i; k < run; k++) {
                        out.append((char) bytes[k]);
                    }
                }
                i = run;
                continue;
            }
            int need;
            int cp;
            if (b >= 0xc0 && b <= 0xdf) {
                need = 1;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf7) {
                need = 3;
                cp = b & 0x07;
            } else {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
                i++;
                continue;
            }
            if (i + need >= end) {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
                i++;
                continue;
            }
            boolean valid = true;
            for (int k = 1; k <= need; k++) {
                int c = bytes[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    valid = false;
                    break;
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            if (!valid) {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
                i++;
                continue;
            }
            int min = need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
            if (cp < min) {
                listener.report(DecodeListener.Problem.OVERLONG_UTF8);
                if (cp == 0) {
                    listener.report(DecodeListener.Problem.NUL_BYTE);
                }
            }
            if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
            } else {
                out.appendCodePoint(cp);
            }
            i += need + 1;
        }
        return out.toString();
    }

    /**
     * The bytes as text when every one is in {@code 1..0x7f} (ASCII without NUL: what {@link
     * #decode} would return, with nothing to report), else null.
     */
    public static String asciiWithoutNul(byte[] bytes, int offset, int length) {
        // The JDK's own UTF-8 decoding first checks for bytes above 0x7f with a vectorized
        // intrinsic, and ASCII is then a plain copy; the search for NUL is vectorized too. For a
        // form body of 900 KiB that is about half the time asciiRunEnd's eight-bytes-at-a-time scan
        // took before the copy. Only ASCII gives one character per byte and no U+FFFD (a longer
        // sequence gives fewer characters, an invalid byte U+FFFD); other text is decoded at the
        // JDK's speed and then dropped, which costs the rare body of raw UTF-8 one extra pass.
        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
        return text.length() == length && text.indexOf('\uFFFD') < 0 && text.indexOf('\0') < 0 ? text : null;
    }

    /**
     * The end of the run of bytes in {@code 1..0x7f} starting at {@code from}. Eight bytes at a
     * time, then byte by byte to the exact end: byte by byte alone, this scan cost more than the
     * copy it decides on (0.25 ms of 0.35 ms for 900 KiB of ASCII).
     */
    private static int asciiRunEnd(byte[] bytes, int from, int end) {
        int i = from;
        while (i + 8 <= end && ByteWords.allAsciiNonNul(ByteWords.get(bytes, i))) {
            i += 8;
        }
        while (i < end && bytes[i] > 0) {
            i++;
        }
        return i;
    }
}
