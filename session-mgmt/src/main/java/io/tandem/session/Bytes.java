package io.tandem.session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Byte and hex helpers shared by the codec, the ids and the key ring. Not part of the API. */
final class Bytes {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final VarHandle LONG_BIG_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /* Character classes by table: token checks run for every decoded cookie. */
    private static final int ID = 1;    // [A-Za-z0-9_-]: key ids
    private static final int NAME = 2;  // [A-Za-z0-9_.-]: node and backend ids
    private static final byte[] TOKEN_CHARS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean id = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            TOKEN_CHARS[c] = (byte) (id ? ID | NAME : c == '.' ? NAME : 0);
        }
    }

    private Bytes() {
    }

    static void putLong(byte[] b, int off, long v) {
        LONG_BIG_ENDIAN.set(b, off, v);
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG_BIG_ENDIAN.get(b, off);
    }

    static void putUnsignedInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static long getUnsignedInt(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16)
                | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static void hex64(long v, char[] out, int off) {
        for (int i = 15; i >= 0; i--) {
            out[off + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }

    static String hex(byte[] b, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    static boolean isHex(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** Parses 16 hex digits at {@code off}; the caller has checked them with {@link #isHex}. */
    static long parseHex64(CharSequence s, int off) {
        long v = 0;
        for (int i = 0; i < 16; i++) {
            v = (v << 4) | Character.digit(s.charAt(off + i), 16);
        }
        return v;
    }

    /** Quotes a value for an error message, shortened so that a huge input cannot flood a log. */
    static String quoteShort(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(50).append('\'');
        int n = Math.min(s.length(), 40);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return out.append(s.length() > n ? "...'" : "'").toString();
    }

    /** True if {@code s} is 1..max characters of {@code [A-Za-z0-9_-]}, plus {@code .} when allowed. */
    static boolean isToken(CharSequence s, int max, boolean allowDot) {
        int n = s.length();
        if (n == 0 || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!isTokenChar(s.charAt(i), allowDot)) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(int c, boolean allowDot) {
        return (c & ~0xFF) == 0 && (TOKEN_CHARS[c] & (allowDot ? NAME : ID)) != 0;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    static void updateLengthPrefixed(MessageDigest md, byte[] value) {
        byte[] length = new byte[4];
        putUnsignedInt(length, 0, value.length);
        md.update(length);
        md.update(value);
    }

    static void updateLengthPrefixed(MessageDigest md, String value) {
        updateLengthPrefixed(md, value.getBytes(StandardCharsets.UTF_8));
    }
}
