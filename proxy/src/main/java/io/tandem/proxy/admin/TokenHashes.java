package io.tandem.proxy.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes of admin API bearer tokens: Argon2id (Bouncy Castle), written in the PHC string format
 * that other tools understand, e.g.
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in base64 without padding).
 *
 * <p>The configuration holds only such hashes, never a token. New hashes use OWASP's minimum for
 * Argon2id (19 MiB, 2 passes, 1 lane): tens of milliseconds, which the admin listener pays once
 * per token thanks to its cache of successful verifications (see {@link BearerAuthenticator}).
 *
 * <p>Command line ({@code ./tandem hash-token}): {@link #main} reads a token from the first line
 * of standard input and prints its hash; with {@code --generate} it makes a new random token and
 * prints the token and its hash.
 *
 * <p>Stateless and thread-safe.
 */
public final class TokenHashes {

    /** Shortest token accepted for hashing: shorter ones are guessable by brute force. */
    public static final int MIN_TOKEN_LENGTH = 20;
    /** Longest token accepted anywhere; bounds the work for hostile input. */
    public static final int MAX_TOKEN_LENGTH = 512;

    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    // Bounds on what a configured hash may ask for, so that one bad entry cannot make every
    // verification take seconds or exhaust the heap.
    private static final int MAX_MEMORY_KIB = 256 * 1024;
    private static final int MAX_ITERATIONS = 10;
    private static final int MAX_PARALLELISM = 8;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final String FORMAT = "$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private TokenHashes() {
    }

    /** Hashes a token with a fresh random salt and the default cost. */
    public static String hash(String token) {
        return hash(token, MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    /** Hashes with another cost; tests use a small one to stay fast. */
    static String hash(String token, int memoryKib, int iterations, int parallelism) {
        checkToken(token);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Params params = new Params(memoryKib, iterations, parallelism, salt, new byte[HASH_BYTES]);
        byte[] hash = params.derive(token);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code token} matches {@code encodedHash}. The derived hash is compared in constant
     * time ({@link MessageDigest#isEqual}); a token of the wrong length or form simply does not
     * match.
     *
     * @throws IllegalArgumentException if {@code encodedHash} is not a valid hash (a configuration
     *                                  error, checked when the settings are built)
     */
    public static boolean verify(String token, String encodedHash) {
        Params params = parse(encodedHash);
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        return constantTimeEquals(params.derive(token), params.expected());
    }

    /**
     * Checks a configured hash.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the hash
     */
    public static void check(String encodedHash) {
        parse(encodedHash);
    }

    /** Compares two byte arrays in time that depends only on their lengths. */
    static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** A new random token: {@code tdm_} and 43 characters of base64url (256 bits). */
    public static String newToken() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return "tdm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private static void checkToken(String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("token: " + (token == null ? 0 : token.length()) + " characters (expected: "
                    + MIN_TOKEN_LENGTH + ".." + MAX_TOKEN_LENGTH + "; use --generate for a random one)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("token: character " + (i + 1)
                        + " is not printable ASCII (expected: visible ASCII without spaces, as a bearer token)");
            }
        }
    }

    private static Params parse(String encoded) {
        if (encoded == null) {
            throw new IllegalArgumentException("hash: (missing) (expected: " + FORMAT + ")");
        }
        Matcher m = PHC.matcher(encoded);
        if (!m.matches()) {
            throw new IllegalArgumentException("hash: not an Argon2id hash (expected: " + FORMAT
                    + ", as printed by 'tandem hash-token')");
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("hash: p=" + parallelism + " (expected: 1.." + MAX_PARALLELISM + ")");
        }
        if (memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("hash: m=" + memory + " (expected: " + 8 * parallelism + ".."
                    + MAX_MEMORY_KIB + " KiB)");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("hash: t=" + iterations + " (expected: 1.." + MAX_ITERATIONS + ")");
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(m.group(4));
            hash = Base64.getDecoder().decode(m.group(5));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hash: salt or hash is not base64 (expected: " + FORMAT + ")", e);
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("hash: salt of " + salt.length + " and hash of " + hash.length
                    + " bytes (expected: >= 8 and >= 16 bytes)");
        }
        return new Params(memory, iterations, parallelism, salt, hash);
    }

    private record Params(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] expected) {

        byte[] derive(String token) {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(memoryKib)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[expected.length];
            byte[] password = token.getBytes(StandardCharsets.UTF_8);
            try {
                generator.generateBytes(password, out);
            } finally {
                Arrays.fill(password, (byte) 0);
            }
            return out;
        }
    }

    /**
     * {@code tandem hash-token [--generate]}: prints the hash of the token on the first line of
     * standard input, or with {@code --generate} a new token and its hash. Exits with 2 on a bad
     * token or unknown option. The token is never echoed, except the generated one, once.
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        boolean generate = false;
        for (String arg : args) {
            if (arg.equals("--generate") || arg.equals("-g")) {
                generate = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println("usage: tandem hash-token [--generate]");
                out.println("  reads a token from the first line of stdin and prints its Argon2id hash;");
                out.println("  --generate makes a new random token and prints it and its hash.");
                out.println("  Put the hash into admin.tokens[].hash; keep the token in a secret store.");
                return 0;
            } else {
                err.println("hash-token: unknown option '" + arg + "' (expected: --generate or --help)");
                return 2;
            }
        }
        String token;
        if (generate) {
            token = newToken();
        } else {
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                token = reader.readLine();
            } catch (IOException e) {
                err.println("hash-token: cannot read stdin (" + e.getClass().getSimpleName() + ")");
                return 2;
            }
            token = token == null ? "" : token.strip();
        }
        String hash;
        try {
            hash = hash(token);
        } catch (IllegalArgumentException e) {
            err.println("hash-token: " + e.getMessage());
            return 2;
        }
        if (generate) {
            out.println("token: " + token);
            out.println("hash:  " + hash);
        } else {
            out.println(hash);
        }
        return 0;
    }
}
