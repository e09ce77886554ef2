package io.tandem.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC keys of a pair: the first key signs new cookies, every key (the first included) is
 * accepted when verifying. Rotation is two steps that never log anybody out: put the new key
 * first and keep the old one (cookies signed with the old key stay valid and are re-signed with
 * the new key on their next renewal), then drop the old key once the maximum session lifetime has
 * passed.
 *
 * <p>Both members of a pair must hold the same ring; they publish its {@link #fingerprint()} and
 * compare it when they join. Immutable and thread-safe. Neither {@link #toString()} nor any
 * exception message shows a secret; only {@link #toText()} does, by design.
 *
 * <h2>Text format</h2>
 * One key per line, {@code <key-id> <secret>}, the secret in standard or url-safe base64 (padding
 * optional) of at least {@value SessionKey#MIN_SECRET_BYTES} bytes. Entries may also be separated
 * by {@code ;}, which suits environment variables. Blank entries are ignored, and {@code #} starts
 * a comment that runs to the end of the line.
 */
public final class KeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final byte[] FINGERPRINT_LABEL = "tandem key ring v1".getBytes(StandardCharsets.US_ASCII);
    private static final String FORMAT = "'<key-id> <secret>'";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<SessionKey> keys;
    private final String fingerprint;

    private KeyRing(List<SessionKey> keys) {
        this.keys = List.copyOf(keys);
        MessageDigest md = Bytes.sha256();
        md.update(FINGERPRINT_LABEL);
        for (SessionKey key : this.keys) {
            key.digestInto(md);
        }
        this.fingerprint = Bytes.hex(md.digest(), 16);
    }

    /**
     * Returns a ring of the given keys, the first one signing.
     *
     * @throws IllegalArgumentException if the list is empty or two keys share an id
     */
    public static KeyRing of(List<SessionKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("key ring: no keys (expected: at least one)");
        }
        Set<String> seen = new HashSet<>();
        for (SessionKey key : keys) {
            if (!seen.add(key.id())) {
                throw new IllegalArgumentException("key ring: key id '" + key.id()
                        + "' appears twice (expected: unique key ids)");
            }
        }
        return new KeyRing(keys);
    }

    /** Returns a ring of {@code signing} followed by {@code older}. */
    public static KeyRing of(SessionKey signing, SessionKey... older) {
        List<SessionKey> all = new ArrayList<>();
        all.add(signing);
        all.addAll(List.of(older));
        return of(all);
    }

    /**
     * Returns a ring of one new key of {@value SessionKey#MIN_SECRET_BYTES} random bytes, for demos
     * and for a member started without configured keys (whose sessions then cannot survive a
     * restart or a failover).
     */
    public static KeyRing generate(String keyId) {
        byte[] secret = new byte[SessionKey.MIN_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return of(SessionKey.of(keyId, secret));
    }

    /**
     * Parses the {@linkplain KeyRing text format}.
     *
     * @param sourceName names the source in error messages, e.g. a file name
     * @throws KeyRingException listing every problem, each with its line (and entry, when a line
     *                          holds several), never with a secret
     */
    public static KeyRing parse(String text, String sourceName) throws KeyRingException {
        List<String> problems = new ArrayList<>();
        List<SessionKey> keys = new ArrayList<>();
        Map<String, String> firstSeenAt = new HashMap<>();
        String body = text != null && text.startsWith("\uFEFF") ? text.substring(1) : text; // editors' BOM
        List<String> lines = body == null ? List.of() : body.lines().toList();
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            String[] entries = line.split(";", -1);
            for (int e = 0; e < entries.length; e++) {
                String entry = entries[e].strip();
                if (entry.isEmpty()) {
                    continue;
                }
                String location = "line " + (l + 1) + (entries.length > 1 ? " entry " + (e + 1) : "");
                SessionKey key = parseEntry(entry, sourceName, location, firstSeenAt, problems);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty() && problems.isEmpty()) {
            problems.add(sourceName + ": no keys (expected: at least one " + FORMAT + " entry)");
        }
        if (!problems.isEmpty()) {
            throw new KeyRingException(problems);
        }
        return new KeyRing(keys);
    }

    private static SessionKey parseEntry(String entry, String sourceName, String location,
                                         Map<String, String> firstSeenAt, List<String> problems) {
        String where = sourceName + " " + location;
        String[] fields = entry.split("[ \t]+");
        if (fields.length != 2) {
            // Do not echo the entry: one of its fields may be a secret.
            problems.add(where + ": " + fields.length + (fields.length == 1 ? " field" : " fields")
                    + " (expected: " + FORMAT + ")");
            return null;
        }
        String id = fields[0];
        boolean idOk = SessionKey.isValidId(id);
        if (!idOk) {
            // An over-long "id" may be a secret written first; show only its length then.
            String shown = id.length() <= SessionKey.MAX_ID_LENGTH
                    ? Bytes.quoteShort(id) : "of " + id.length() + " characters";
            problems.add(where + ": key id " + shown + " (expected: 1-" + SessionKey.MAX_ID_LENGTH
                    + " characters of [A-Za-z0-9_-])");
        } else if (firstSeenAt.containsKey(id)) {
            problems.add(where + ": key id '" + id + "' repeats " + firstSeenAt.get(id)
                    + " (expected: unique key ids)");
            idOk = false;
        } else {
            firstSeenAt.put(id, location);
        }
        String name = idOk ? "secret of key '" + id + "'" : "secret";
        byte[] secret = decodeSecret(fields[1]);
        if (secret == null) {
            problems.add(where + ": " + name + " is not base64 (expected: standard or url-safe base64 of >= "
                    + SessionKey.MIN_SECRET_BYTES + " bytes)");
            return null;
        }
        if (secret.length < SessionKey.MIN_SECRET_BYTES) {
            problems.add(where + ": " + name + " has " + secret.length + " bytes (expected: >= "
                    + SessionKey.MIN_SECRET_BYTES + " bytes)");
            return null;
        }
        return idOk ? SessionKey.of(id, secret) : null;
    }

    private static byte[] decodeSecret(String text) {
        String standard = text.replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            return null; // the JDK message may quote a character of the secret
        }
    }

    /**
     * Reads a key-ring file (UTF-8, {@linkplain KeyRing text format}). Warns when the file is
     * readable by group or others.
     *
     * @throws KeyRingException if the file cannot be read or holds an invalid ring
     */
    public static KeyRing load(Path file) throws KeyRingException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyRingException("key ring file " + file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        warnIfShared(file);
        return parse(text, file.toString());
    }

    /**
     * Reads a ring from an environment variable, entries usually separated by {@code ;}.
     *
     * @param env the environment, usually {@link System#getenv()}; a parameter so tests need no
     *            real environment
     * @throws KeyRingException if the variable is missing or empty, or holds an invalid ring
     */
    public static KeyRing fromEnvironment(String variableName, Map<String, String> env) throws KeyRingException {
        String source = "environment variable " + variableName;
        String value = env.get(variableName);
        if (value == null || value.isBlank()) {
            throw new KeyRingException(List.of(source + ": " + (value == null ? "not set" : "empty")
                    + " (expected: " + FORMAT + " entries separated by ';')"));
        }
        return parse(value, source);
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("Key ring file {} is readable by group or others (expected: mode 600)", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot check the permissions of key ring file {}", file, e);
        }
    }

    /** The key that signs new cookies: the first of the ring. */
    public SessionKey signingKey() {
        return keys.get(0);
    }

    /** The key with this id, if the ring accepts it. */
    public Optional<SessionKey> find(String keyId) {
        for (SessionKey key : keys) {
            if (key.id().equals(keyId)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** The ids of all keys, the signing key first. */
    public List<String> keyIds() {
        return keys.stream().map(SessionKey::id).toList();
    }

    /** All keys, the signing key first. */
    public List<SessionKey> keys() {
        return keys;
    }

    /**
     * Returns a ring that signs with {@code newKey} and still accepts every key of this one: the
     * first step of a rotation.
     *
     * @throws IllegalArgumentException if this ring already has a key of that id
     */
    public KeyRing withSigningKey(SessionKey newKey) {
        List<SessionKey> all = new ArrayList<>(keys.size() + 1);
        all.add(Objects.requireNonNull(newKey, "newKey"));
        all.addAll(keys);
        return of(all);
    }

    /**
     * Returns a ring without the key of this id: the last step of a rotation, once no valid cookie
     * can still carry it.
     *
     * @throws IllegalArgumentException if that is the signing key or the ring has no such key
     */
    public KeyRing without(String keyId) {
        if (signingKey().id().equals(keyId)) {
            throw new IllegalArgumentException("key id '" + keyId + "': is the signing key (expected: an older key)");
        }
        List<SessionKey> rest = keys.stream().filter(k -> !k.id().equals(keyId)).toList();
        if (rest.size() == keys.size()) {
            throw new IllegalArgumentException("key id " + Bytes.quoteShort(keyId) + ": not in the ring (expected: one of "
                    + keyIds() + ")");
        }
        return new KeyRing(rest);
    }

    /**
     * A stable digest of the ring (32 hex characters: the first 16 bytes of SHA-256 over a
     * domain-separation label and each key's id and secret, in ring order). Members compare it to
     * detect a mismatched pair. The order counts, so two members that would sign with different
     * keys differ. It reveals nothing usable about the secrets.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Writes the ring in its {@linkplain KeyRing text format}, secrets in url-safe base64 without
     * padding. This text contains the secrets: write it to a private file, never to a log.
     */
    public String toText() {
        StringBuilder out = new StringBuilder(64 + keys.size() * 64)
                .append("# Tandem session key ring: one '<key-id> <secret>' per line; the first key signs.\n")
                .append("# Keep this file private (mode 600); both members of a pair need the same ring.\n");
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        for (SessionKey key : keys) {
            out.append(key.id()).append(' ').append(encoder.encodeToString(key.secret())).append('\n');
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRing other && keys.equals(other.keys);
    }

    @Override
    public int hashCode() {
        return keys.hashCode();
    }

    @Override
    public String toString() {
        return "KeyRing[keys=" + keyIds() + ", signing=" + signingKey().id() + ", fingerprint=" + fingerprint + "]";
    }
}
