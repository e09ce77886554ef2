package io.tandem.session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Carries a session key from one member of a pair to the other over a channel that anybody on
 * the HA network may read or write (the Hazelcast topic), and lets a member prove that it holds
 * a key without showing it.
 *
 * <h2>Sealing</h2>
 * The key's secret is encrypted with AES-256-GCM under a key-encryption key derived (HKDF-SHA256)
 * from the secret of a <em>wrap key</em>: a key of the ring both members already share (usually
 * the one they both sign with). Only a member holding that same key can open it. The
 * {@link Binding} (purpose, group id, rotation id, sender, the new key's id) and the wrap key's
 * id go into both the derivation and the associated data, so a sealed key opens only for the
 * purpose, group and rotation it was made for: it cannot be replayed as a commit, into another
 * group or under another rotation id, and any change to a byte is detected. A fresh random
 * 96-bit nonce is used for every seal.
 *
 * <h2>Proofs</h2>
 * {@link #prove} is an HMAC over the binding with a key derived from the proven key's secret:
 * "I hold key k2" (an acknowledgement), "drop the key of rotation r" (an abort), bound like a
 * sealed key. Checking it needs the same key.
 *
 * <p>Secrets never appear in a string, a log line or an exception message. Stateless and
 * thread-safe. Replay of a whole, unchanged message is not detected here: the receiver decides
 * which rotation ids it still takes (see the proxy's key rotation).
 */
public final class KeyTransport {

    private static final byte[] SALT = "tandem key transport v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRAP = "wrap".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROOF = "proof".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private KeyTransport() {
    }

    /**
     * What a sealed key or a proof is bound to. Every field is printable ASCII without spaces
     * or tabs (ids, never free text), at most 64 characters.
     *
     * @param purpose    what the message does, e.g. {@code stage} or {@code commit}
     * @param groupId    the HA group
     * @param rotationId the rotation it belongs to ({@code -} for none)
     * @param sender     the node id of the member that made it
     * @param keyId      the id of the key carried or proven
     */
    public record Binding(String purpose, String groupId, String rotationId, String sender, String keyId) {
        public Binding {
            check("purpose", purpose);
            check("groupId", groupId);
            check("rotationId", rotationId);
            check("sender", sender);
            check("keyId", keyId);
        }

        private static void check(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isEmpty() || value.length() > 64 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException(name + ": " + Bytes.quoteShort(value)
                        + " (expected: 1-64 printable ASCII characters without spaces)");
            }
        }

        byte[] encode(String wrapKeyId) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            out.writeBytes(SALT);
            for (String field : new String[] {purpose, groupId, rotationId, sender, keyId, wrapKeyId}) {
                byte[] b = field.getBytes(StandardCharsets.US_ASCII);
                out.write(b.length);
                out.writeBytes(b);
            }
            return out.toByteArray();
        }
    }

    /**
     * A sealed key as it travels: the id of the wrap key (public), the nonce and the ciphertext
     * with its tag. Text form {@code <wrap-key-id>.<nonce>.<ciphertext>}, base64url without padding.
     */
    public record Sealed(String wrapKeyId, byte[] nonce, byte[] ciphertext) {
        public Sealed {
            Objects.requireNonNull(wrapKeyId, "wrapKeyId");
            nonce = nonce.clone();
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] nonce() {
            return nonce.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        public String toText() {
            return wrapKeyId + "." + B64.encodeToString(nonce) + "." + B64.encodeToString(ciphertext);
        }

        /** @return empty if {@code text} is not a well-formed sealed key (nothing is decrypted here) */
        public static Optional<Sealed> parse(String text) {
            if (text == null || text.length() > 1024) {
                return Optional.empty();
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length != 3 || !SessionKey.isValidId(parts[0])) {
                return Optional.empty();
            }
            try {
                byte[] nonce = B64_DECODER.decode(parts[1]);
                byte[] ciphertext = B64_DECODER.decode(parts[2]);
                if (nonce.length != NONCE_BYTES || ciphertext.length < SessionKey.MIN_SECRET_BYTES + TAG_BITS / 8) {
                    return Optional.empty();
                }
                return Optional.of(new Sealed(parts[0], nonce, ciphertext));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sealed s && wrapKeyId.equals(s.wrapKeyId) && Arrays.equals(nonce, s.nonce)
                    && Arrays.equals(ciphertext, s.ciphertext);
        }

        @Override
        public int hashCode() {
            return wrapKeyId.hashCode() * 31 + Arrays.hashCode(nonce);
        }

        @Override
        public String toString() {
            return "Sealed[wrapKey=" + wrapKeyId + ", " + ciphertext.length + " bytes]";
        }
    }

    /** A key that could not be opened or a proof that did not check; the message never holds a secret. */
    public static final class KeyTransportException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyTransportException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Seals {@code key} for a member that holds {@code wrapKey}.
     *
     * @throws IllegalArgumentException if {@code binding.keyId()} is not {@code key}'s id
     */
    public static Sealed seal(SessionKey key, SessionKey wrapKey, Binding binding) {
        if (!binding.keyId().equals(key.id())) {
            throw new IllegalArgumentException("binding keyId " + binding.keyId() + " (expected: " + key.id() + ")");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] secret = key.secret();
        byte[] kek = kek(wrapKey, binding);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(binding.encode(wrapKey.id()));
            return new Sealed(wrapKey.id(), nonce, cipher.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(kek, (byte) 0);
        }
    }

    /**
     * Opens a sealed key with the wrap key of {@code ring} it names. The key gets the id of the
     * binding.
     *
     * @throws KeyTransportException if the ring has no key of that id, or the key does not open
     *                               (another ring, another group, rotation, purpose or sender,
     *                               or a changed byte)
     */
    public static SessionKey open(Sealed sealed, KeyRing ring, Binding binding) throws KeyTransportException {
        SessionKey wrapKey = ring.find(sealed.wrapKeyId()).orElseThrow(() -> new KeyTransportException(
                "sealed with key " + sealed.wrapKeyId() + ", which this ring does not hold (expected: a key of "
                        + ring.keyIds() + ")"));
        byte[] kek = kek(wrapKey, binding);
        byte[] secret = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed.nonce));
            cipher.updateAAD(binding.encode(wrapKey.id()));
            secret = cipher.doFinal(sealed.ciphertext);
            return SessionKey.of(binding.keyId(), secret);
        } catch (AEADBadTagException e) {
            throw new KeyTransportException("sealed key of " + binding.keyId() + " does not open with key "
                    + wrapKey.id() + " of this ring: another ring, group or rotation, or changed on the way");
        } catch (IllegalArgumentException e) {
            throw new KeyTransportException("sealed key of " + binding.keyId() + ": not a valid key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        } finally {
            Arrays.fill(kek, (byte) 0);
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }

    /** A proof that the sender holds {@code key}, bound to {@code binding}: base64url, 43 characters. */
    public static String prove(SessionKey key, Binding binding) {
        if (!binding.keyId().equals(key.id())) {
            throw new IllegalArgumentException("binding keyId " + binding.keyId() + " (expected: " + key.id() + ")");
        }
        return B64.encodeToString(proofBytes(key, binding));
    }

    /** Whether {@code proof} was made by a holder of {@code key} for exactly this binding (constant time). */
    public static boolean verify(SessionKey key, Binding binding, String proof) {
        if (proof == null || !binding.keyId().equals(key.id())) {
            return false;
        }
        byte[] given;
        try {
            given = B64_DECODER.decode(proof);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(proofBytes(key, binding), given);
    }

    private static byte[] proofBytes(SessionKey key, Binding binding) {
        byte[] secret = key.secret();
        byte[] encoded = binding.encode(key.id());
        byte[] macKey = Hkdf.derive(SALT, secret, concat(PROOF, encoded), 32);
        try {
            return Hkdf.mac(macKey, encoded);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(macKey, (byte) 0);
        }
    }

    private static byte[] kek(SessionKey wrapKey, Binding binding) {
        byte[] secret = wrapKey.secret();
        try {
            return Hkdf.derive(SALT, secret, concat(WRAP, binding.encode(wrapKey.id())), 32);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
