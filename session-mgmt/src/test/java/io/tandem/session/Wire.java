package io.tandem.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent writer of the documented cookie format (see {@link HmacCookieCodec}), so tests
 * can build values the codec would never produce: other versions, lying lengths, trailing bytes,
 * all correctly signed.
 */
final class Wire {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Wire version(int version) {
        Wire w = new Wire();
        w.out.write(version);
        return w;
    }

    /** The fields of {@code c} in order, after the version byte, with {@code keyId} as written. */
    static Wire of(SessionCookie c, String keyId) {
        return version(1).id(c.id()).u32(c.issuedAt()).u32(c.renewedAt())
                .field(keyId).field(c.issuer()).field(c.backend()).field(c.checkpoint());
    }

    Wire id(SessionId id) {
        return u64(id.hi()).u64(id.lo());
    }

    Wire u64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
        return this;
    }

    Wire u32(long v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
        return this;
    }

    Wire raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    Wire field(String ascii) {
        return field(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    Wire field(byte[] value) {
        out.write(value.length);
        out.writeBytes(value);
        return this;
    }

    byte[] unsigned() {
        return out.toByteArray();
    }

    /** The bytes so far followed by their truncated HMAC with this secret. */
    byte[] signedWith(byte[] secret) {
        byte[] body = out.toByteArray();
        byte[] tag = hmac(secret, body);
        byte[] all = Arrays.copyOf(body, body.length + 16);
        System.arraycopy(tag, 0, all, body.length, 16);
        return all;
    }

    String valueSignedWith(byte[] secret) {
        return text(signedWith(secret));
    }

    static String text(byte[] binary) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(binary);
    }

    static byte[] binary(String value) {
        return Base64.getUrlDecoder().decode(value);
    }

    static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
