package io.tandem.waf.parse;

/**
 * The head of a body cut at the inspection limit may end inside a UTF-8 sequence: that is where
 * the cut fell, not broken encoding sent by the client. Parsers of a cut body decode up to
 * {@link #completeLength} so the cut is not reported as {@code INVALID_UTF8}.
 */
public final class Utf8Head {

    private Utf8Head() {
    }

    /**
     * The length of {@code bytes[offset, offset + length)} without an incomplete UTF-8 sequence at
     * its end (at most 3 bytes shorter); anything else, invalid bytes included, is kept for the
     * decoder to judge.
     */
    public static int completeLength(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int back = 1; back <= 3 && end - back >= offset; back++) {
            int b = bytes[end - back] & 0xff;
            if (b < 0x80) {
                return length;
            }
            if (b >= 0xc0) { // the lead byte of the last sequence: complete when it has its continuation bytes
                int need = b <= 0xdf ? 1 : b <= 0xef ? 2 : b <= 0xf7 ? 3 : 0;
                return back <= need ? length - back : length;
            }
        }
        return length;
    }
}
