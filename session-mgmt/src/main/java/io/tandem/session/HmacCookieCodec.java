package io.tandem.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link SessionCookie} into a signed cookie value and back, with the keys of one
 * {@link KeyRing}.
 *
 * <h2>Wire format, version 1</h2>
 * Binary, then base64url without padding (Undertow cuts cookie values at {@code =}):
 * <pre>
 *  offset  size  field
 *  0       1     version = 1
 *  1       16    session id, big-endian hi then lo
 *  17      4     issuedAt, epoch seconds, unsigned big-endian
 *  21      4     renewedAt, epoch seconds, unsigned big-endian
 *  25      1+k   key id: length k (1..16), ASCII [A-Za-z0-9_-]
 *  ..      1+i   issuer: length i (1..32), ASCII [A-Za-z0-9_.-]
 *  ..      1+b   backend: length b (0..32), same characters
 *  ..      1+c   checkpoint: length c (0..64), opaque bytes
 *  ..      16    MAC: HMAC-SHA256 over every byte before it, truncated to 128 bits,
 *                with the key named by the key id
 * </pre>
 * A typical cookie (key id {@code k1}, issuer {@code tandem-a}, backend {@code web2}, no
 * checkpoint) is 59 bytes, 79 characters; the largest possible is 189 bytes, 252 characters, just
 * within {@link #MAX_VALUE_LENGTH}, so everything this codec encodes it also decodes.
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>{@link #decode} never throws and never returns a cookie whose MAC did not verify; structure
 *     is checked before the MAC only as far as needed to find the key. The MAC comparison takes
 *     the same time wherever the tags differ.</li>
 * <li>Thread-safe. HMAC state is not, so each thread keeps its own, one per key, keyed once
 *     (see {@code HmacSha256}), together with its work buffers. The state belongs to this codec
 *     instance: a new ring means a new codec, and the old state is collected with it.</li>
 * <li>Logs nothing per cookie; outcomes are the caller's to count and log.</li>
 * </ul>
 */
public final class HmacCookieCodec {

    /** Version byte written first in every value. */
    public static final int VERSION = 1;
    /** Longer values are rejected before any work. */
    public static final int MAX_VALUE_LENGTH = 256;
    /** Bytes of the truncated HMAC-SHA256 tag. */
    public static final int MAC_BYTES = 16;

    private static final Logger LOG = LoggerFactory.getLogger(HmacCookieCodec.class);
    private static final int HEADER_BYTES = 25;
    private static final int MIN_BINARY = HEADER_BYTES + 2 + 2 + 1 + 1 + MAC_BYTES;
    private static final int MAX_BINARY = MAX_VALUE_LENGTH * 3 / 4;
    private static final byte[] NO_CHECKPOINT = new byte[0];

    private static final CookieDecoding NULL = new CookieDecoding.Malformed("null");
    private static final CookieDecoding EMPTY = new CookieDecoding.Malformed("empty");
    private static final CookieDecoding TOO_LONG =
            new CookieDecoding.Malformed("longer than " + MAX_VALUE_LENGTH + " characters");
    private static final CookieDecoding NOT_BASE64 = new CookieDecoding.Malformed("not base64url");
    private static final CookieDecoding BAD_LENGTH = new CookieDecoding.Malformed("impossible base64url length");
    private static final CookieDecoding NOT_CANONICAL = new CookieDecoding.Malformed("non-canonical base64url");
    private static final CookieDecoding TOO_SHORT = new CookieDecoding.Malformed("too short");
    private static final CookieDecoding BAD_VERSION = new CookieDecoding.Malformed("unsupported version");
    private static final CookieDecoding TRUNCATED = new CookieDecoding.Malformed("field length past the end");
    private static final CookieDecoding TRAILING = new CookieDecoding.Malformed("trailing bytes");
    private static final CookieDecoding BAD_KEY_ID = new CookieDecoding.Malformed("bad key id");
    private static final CookieDecoding BAD_FIELD = new CookieDecoding.Malformed("bad field");
    private static final CookieDecoding BAD_TIMES = new CookieDecoding.Malformed("renewed before issued");
    private static final CookieDecoding INTERNAL = new CookieDecoding.Malformed("internal error");

    private final KeyRing ring;
    private final String[] keyIds;
    private final byte[][] keyIdBytes;
    private final byte[][] secrets;
    private final CookieDecoding[] badMacs;
    private final ThreadLocal<ThreadState> state;

    /**
     * A codec that signs with the ring's signing key and verifies with any key of the ring.
     *
     * @throws IllegalStateException if the platform lacks SHA-256
     */
    public HmacCookieCodec(KeyRing ring) {
        this.ring = Objects.requireNonNull(ring, "ring");
        List<SessionKey> keys = ring.keys();
        keyIds = new String[keys.size()];
        keyIdBytes = new byte[keys.size()][];
        secrets = new byte[keys.size()][];
        badMacs = new CookieDecoding[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            keyIds[i] = keys.get(i).id();
            keyIdBytes[i] = keyIds[i].getBytes(StandardCharsets.US_ASCII);
            secrets[i] = keys.get(i).secret();
            badMacs[i] = new CookieDecoding.BadMac(keyIds[i]);
        }
        new HmacSha256(secrets[0]); // fail now, not on the first request
        state = ThreadLocal.withInitial(() -> new ThreadState(secrets));
    }

    /** The ring this codec signs and verifies with. */
    public KeyRing keyRing() {
        return ring;
    }

    /**
     * Signs a cookie with the ring's signing key. The value names that key, whatever
     * {@code cookie.keyId()} says: re-encoding a cookie decoded with an older key moves it to the
     * current key.
     *
     * @return base64url without padding, at most {@link #MAX_VALUE_LENGTH} characters
     */
    public String encode(SessionCookie cookie) {
        ThreadState ts = state.get();
        byte[] b = ts.binary;
        b[0] = VERSION;
        cookie.id().writeTo(b, 1);
        Bytes.putUnsignedInt(b, 17, cookie.issuedAt());
        Bytes.putUnsignedInt(b, 21, cookie.renewedAt());
        int p = putAscii(b, HEADER_BYTES, keyIds[0]);
        p = putAscii(b, p, cookie.issuer());
        p = putAscii(b, p, cookie.backend());
        byte[] checkpoint = cookie.checkpointBytes();
        b[p++] = (byte) checkpoint.length;
        System.arraycopy(checkpoint, 0, b, p, checkpoint.length);
        p += checkpoint.length;
        sign(ts, 0, b, p);
        System.arraycopy(ts.tag, 0, b, p, MAC_BYTES);
        int chars = Base64Url.encode(b, p + MAC_BYTES, ts.text);
        return new String(ts.text, 0, chars, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes and verifies a cookie value. Never throws: any input that is not a value this pair
     * signed, in a supported version, with a key of the ring, gives {@link CookieDecoding.Malformed},
     * {@link CookieDecoding.UnknownKey} or {@link CookieDecoding.BadMac}. Does not check
     * expiry; that is the {@link SessionManager}'s job.
     */
    public CookieDecoding decode(CharSequence value) {
        if (value == null) {
            return NULL;
        }
        ThreadState ts = null;
        try {
            int len = value.length();
            if (len == 0) {
                return EMPTY;
            }
            if (len > MAX_VALUE_LENGTH) {
                return TOO_LONG;
            }
            ts = state.get();
            return decodeChecked(value, len, ts);
        } catch (RuntimeException e) {
            // A bug, never attacker input: keep the promise, drop this thread's (maybe dirty) state.
            LOG.error("Cookie decoding failed unexpectedly; treating the cookie as malformed", e);
            if (ts != null) {
                state.remove();
            }
            return INTERNAL;
        }
    }

    private CookieDecoding decodeChecked(CharSequence value, int len, ThreadState ts) {
        byte[] b = ts.binary;
        int n = Base64Url.decode(value, len, b);
        if (n < 0) {
            return n == Base64Url.BAD_CHARACTER ? NOT_BASE64 : n == Base64Url.BAD_LENGTH ? BAD_LENGTH : NOT_CANONICAL;
        }
        if (n < MIN_BINARY) {
            return TOO_SHORT;
        }
        if (b[0] != VERSION) {
            return BAD_VERSION;
        }
        int end = n - MAC_BYTES; // the signed bytes are b[0..end)

        int keyAt = HEADER_BYTES + 1;
        int keyLen = b[HEADER_BYTES] & 0xFF;
        if (keyLen < 1 || keyLen > SessionKey.MAX_ID_LENGTH) {
            return BAD_KEY_ID;
        }
        int issuerAt = keyAt + keyLen + 1;
        if (issuerAt > end) {
            return TRUNCATED;
        }
        int issuerLen = b[issuerAt - 1] & 0xFF;
        int backendAt = issuerAt + issuerLen + 1;
        if (backendAt > end) {
            return TRUNCATED;
        }
        int backendLen = b[backendAt - 1] & 0xFF;
        int checkpointAt = backendAt + backendLen + 1;
        if (checkpointAt > end) {
            return TRUNCATED;
        }
        int checkpointLen = b[checkpointAt - 1] & 0xFF;
        int last = checkpointAt + checkpointLen;
        if (last > end) {
            return TRUNCATED;
        }
        if (last < end) {
            return TRAILING;
        }
        int k = findKey(b, keyAt, keyLen);
        if (k < 0) {
            // Only a checked id may leave the codec (it ends up in logs).
            return isToken(b, keyAt, keyLen, false)
                    ? new CookieDecoding.UnknownKey(new String(b, keyAt, keyLen, StandardCharsets.ISO_8859_1))
                    : BAD_KEY_ID;
        }
        sign(ts, k, b, end);
        int diff = 0;
        for (int i = 0; i < MAC_BYTES; i++) {
            diff |= ts.tag[i] ^ b[end + i];
        }
        if (diff != 0) {
            return badMacs[k];
        }

        // Verified: the rest was written by a member of this pair. The SessionCookie constructor
        // still checks every field (only a key holder could get here with bad ones).
        long issuedAt = Bytes.getUnsignedInt(b, 17);
        long renewedAt = Bytes.getUnsignedInt(b, 21);
        if (renewedAt < issuedAt) {
            return BAD_TIMES;
        }
        SessionId id = new SessionId(Bytes.getLong(b, 1), Bytes.getLong(b, 9));
        String issuer = ts.issuers.intern(b, issuerAt, issuerLen);
        String backend = ts.backends.intern(b, backendAt, backendLen);
        byte[] checkpoint = checkpointLen == 0
                ? NO_CHECKPOINT : Arrays.copyOfRange(b, checkpointAt, checkpointAt + checkpointLen);
        try {
            return new CookieDecoding.Decoded(
                    new SessionCookie(id, issuedAt, renewedAt, keyIds[k], issuer, backend, checkpoint));
        } catch (IllegalArgumentException e) {
            return BAD_FIELD;
        }
    }

    private int findKey(byte[] b, int at, int len) {
        for (int k = 0; k < keyIdBytes.length; k++) {
            if (matches(keyIdBytes[k], b, at, len)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] expected, byte[] b, int at, int len) {
        if (expected.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (expected[i] != b[at + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(byte[] b, int at, int len, boolean allowDot) {
        for (int i = at; i < at + len; i++) {
            if (!Bytes.isTokenChar(b[i], allowDot)) {
                return false;
            }
        }
        return true;
    }

    private static int putAscii(byte[] b, int p, String s) {
        int n = s.length();
        b[p++] = (byte) n;
        for (int i = 0; i < n; i++) {
            b[p++] = (byte) s.charAt(i);
        }
        return p;
    }

    /** Computes the full HMAC of {@code b[0..len)} with key {@code k} into {@code ts.tag}. */
    private static void sign(ThreadState ts, int k, byte[] b, int len) {
        ts.hmac(k).tag(b, len, ts.tag);
    }

    @Override
    public String toString() {
        return "HmacCookieCodec[keys=" + List.of(keyIds) + ", signing=" + keyIds[0] + "]";
    }

    /** One thread's HMACs (one per key, keyed on first use) and work buffers. */
    private static final class ThreadState {
        final byte[] binary = new byte[MAX_BINARY];
        final byte[] text = new byte[MAX_VALUE_LENGTH];
        final byte[] tag = new byte[HmacSha256.TAG_BYTES];
        final NameCache issuers = new NameCache();
        final NameCache backends = new NameCache();
        private final byte[][] secrets;
        private final HmacSha256[] hmacs;

        ThreadState(byte[][] secrets) {
            this.secrets = secrets;
            this.hmacs = new HmacSha256[secrets.length];
        }

        HmacSha256 hmac(int k) {
            HmacSha256 hmac = hmacs[k];
            if (hmac == null) {
                hmac = new HmacSha256(secrets[k]);
                hmacs[k] = hmac;
            }
            return hmac;
        }
    }

    /**
     * Remembers the last name decoded on this thread. A pair has two issuers and a handful of
     * backends, so most cookies repeat the previous name and share one String instead of
     * allocating and retaining a copy per session.
     */
    private static final class NameCache {
        private String last = "";
        private byte[] lastBytes = new byte[0];

        String intern(byte[] b, int at, int len) {
            if (!matches(lastBytes, b, at, len)) {
                lastBytes = Arrays.copyOfRange(b, at, at + len);
                last = new String(lastBytes, StandardCharsets.ISO_8859_1);
            }
            return last;
        }
    }
}
