package io.tandem.ha;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a member publishes about its session key ring, never a key: the fingerprint of the whole
 * ring, and the fingerprints of its keys, the signing key first. Travels as the key-ring
 * fingerprint of a {@link NodeIdentity} (member attributes and status messages).
 *
 * <p>Text form: {@code <ring-fingerprint>;<signing-key-fingerprint>,<key-fingerprint>,...}, or
 * just {@code <ring-fingerprint>} (a member that names no keys, e.g. a witness: compared by the
 * ring fingerprint alone).
 *
 * <h2>When two rings are compatible</h2>
 * Two members can stand in for each other as long as each one accepts the key the other signs
 * with: then every cookie either of them issues is valid on both, whichever is active after a
 * failover. That is what the pair's consistency check enforces ({@link Consistency}), rather
 * than equal fingerprints, because a pair-wide key rotation passes through states where the two
 * rings differ for a moment and still verify each other's cookies:
 * <ul>
 *   <li>one member has the new key staged (accepted, not signing), the other not yet;</li>
 *   <li>one member signs with the new key, the other still signs with the old one and has the
 *       new one staged;</li>
 *   <li>one member has retired an old key, the other not yet.</li>
 * </ul>
 * A ring that does not hold the key the other member signs with (a different ring, a member
 * that missed a rotation entirely, the same key id with another secret) is incompatible: it
 * would reject every cookie the other member issues.
 *
 * @param fingerprint fingerprint of the whole ring, as shown by the admin API
 * @param keys        fingerprints of the ring's keys, signing key first; empty when not published
 */
public record KeyRingDigest(String fingerprint, List<String> keys) {

    private static final Pattern TOKEN = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    /** Longest text form a member publishes: a ring of a few dozen keys. */
    public static final int MAX_TEXT = 1024;

    public KeyRingDigest {
        Objects.requireNonNull(fingerprint, "fingerprint");
        keys = List.copyOf(keys);
        for (String k : keys) {
            if (!TOKEN.matcher(k).matches()) {
                throw new IllegalArgumentException("key fingerprint " + k + " (expected: [0-9A-Za-z_-]{1,64})");
            }
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("key fingerprints repeat: " + keys);
        }
    }

    /** A digest naming its keys: {@code keys} in ring order, the signing key first. */
    public static KeyRingDigest of(String fingerprint, List<String> keys) {
        return new KeyRingDigest(fingerprint, keys);
    }

    /** Reads the text form; anything without {@code ;} is a bare fingerprint. */
    public static KeyRingDigest parse(String text) {
        int semicolon = text.indexOf(';');
        if (semicolon < 0) {
            return new KeyRingDigest(text, List.of());
        }
        String rest = text.substring(semicolon + 1);
        List<String> keys = rest.isEmpty() ? List.of() : List.of(rest.split(",", -1));
        try {
            return new KeyRingDigest(text.substring(0, semicolon), keys);
        } catch (IllegalArgumentException e) {
            return new KeyRingDigest(text, List.of()); // compared as an opaque fingerprint
        }
    }

    public String encode() {
        return keys.isEmpty() ? fingerprint : fingerprint + ";" + String.join(",", keys);
    }

    /** The fingerprint of the key this member signs with, if it names its keys. */
    public Optional<String> signingKey() {
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys.get(0));
    }

    /** Whether the ring holds a key with this fingerprint. */
    public boolean accepts(String keyFingerprint) {
        return keys.contains(keyFingerprint);
    }

    /**
     * Why cookies one of the two members issues would be rejected by the other, or empty when
     * they are compatible (see the class comment). Without key fingerprints on either side the
     * ring fingerprints must be equal.
     *
     * @param self  name of the member holding this ring, for the reason
     * @param other name of the member holding {@code that}
     */
    public Optional<String> conflictWith(KeyRingDigest that, String self, String other) {
        if (keys.isEmpty() || that.keys.isEmpty()) {
            return fingerprint.equals(that.fingerprint) ? Optional.empty() : Optional.of("the fingerprints differ");
        }
        List<String> problems = new ArrayList<>();
        if (!that.accepts(keys.get(0))) {
            problems.add(self + " signs with key " + keys.get(0) + ", which " + other + "'s ring lacks");
        }
        if (!accepts(that.keys.get(0))) {
            problems.add(other + " signs with key " + that.keys.get(0) + ", which " + self + "'s ring lacks");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(", and ", problems));
    }
}
