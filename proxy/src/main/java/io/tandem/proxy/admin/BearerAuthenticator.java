package io.tandem.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * Checks {@code Authorization: Bearer <token>} against the configured token hashes.
 *
 * <p><b>Cost.</b> Argon2 is slow on purpose, so a successful verification is remembered in a small
 * LRU map keyed by the SHA-256 of the token (the token itself is never stored or logged): a
 * known token costs one SHA-256 per request. Failures are not remembered (an attacker would
 * only fill the map), and a token that is not in the map is checked against <em>every</em>
 * configured hash, so the time does not tell which entry matched. At most
 * {@value #MAX_CONCURRENT_VERIFICATIONS} Argon2 verifications run at once; a request that cannot
 * get a slot within {@value #BUSY_WAIT_MILLIS} ms is answered 429, which bounds the CPU and memory
 * a flood of made-up tokens can take, while tokens already verified keep working.
 *
 * <p><b>Stateless tokens.</b> Nothing here is a login session: the same token is accepted by any
 * member configured with its hash, which is why an operator's session survives a failover.
 *
 * <p>Thread-safe. The settings are fixed for the authenticator's lifetime; new settings mean a
 * new authenticator (and an empty cache).
 */
final class BearerAuthenticator {

    static final int MAX_CONCURRENT_VERIFICATIONS = 2;
    static final long BUSY_WAIT_MILLIS = 2_000;
    private static final int CACHE_ENTRIES = 64;

    private final List<AdminSettings.Token> tokens;
    private final BiPredicate<String, String> verifier;
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT_VERIFICATIONS);
    private final Map<String, Granted> verified = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Granted> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    BearerAuthenticator(List<AdminSettings.Token> tokens) {
        this(tokens, TokenHashes::verify);
    }

    /** @param verifier {@code (token, hash) -> matches}; a parameter so tests can count calls */
    BearerAuthenticator(List<AdminSettings.Token> tokens, BiPredicate<String, String> verifier) {
        this.tokens = List.copyOf(tokens);
        this.verifier = verifier;
    }

    /** The outcome of checking one request's credentials. */
    sealed interface Result {
    }

    /** No {@code Authorization: Bearer} header. */
    record Missing() implements Result {
    }

    /** A bearer token that matches no configured hash, or is not a well-formed token. */
    record Invalid() implements Result {
    }

    /** Too many verifications are running; try again shortly. */
    record Busy() implements Result {
    }

    /** A configured token: who it is and what it may do. */
    record Granted(String name, AdminRole role) implements Result {
    }

    /** @param authorization the {@code Authorization} header, or {@code null} */
    Result authenticate(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Missing();
        }
        String token = authorization.substring(7).strip();
        if (!isToken68(token)) {
            return new Invalid();
        }
        String key = sha256(token);
        synchronized (verified) {
            Granted known = verified.get(key);
            if (known != null) {
                return known;
            }
        }
        try {
            if (!slots.tryAcquire(BUSY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Busy();
        }
        Granted granted = null;
        try {
            for (AdminSettings.Token candidate : tokens) {
                // No early exit: every hash is tried, so the time does not reveal the match.
                if (verifier.test(token, candidate.hash()) && granted == null) {
                    granted = new Granted(candidate.name(), candidate.role());
                }
            }
        } finally {
            slots.release();
        }
        if (granted == null) {
            return new Invalid();
        }
        synchronized (verified) {
            verified.put(key, granted);
        }
        return granted;
    }

    /** RFC 6750's b64token: bounded, so hostile input costs nothing before the hash lookup. */
    private static boolean isToken68(String token) {
        if (token.isEmpty() || token.length() > TokenHashes.MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
