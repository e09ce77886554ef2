package io.tandem.proxy.admin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code admin:} section: where the admin listener binds, who may call it and whether it
 * speaks TLS. Shaped like the YAML (see {@code docs/admin-api.md}) so that binding it is a
 * one-to-one mapping:
 *
 * <pre>
 * admin:
 *   address: 127.0.0.1
 *   port: 9090
 *   metrics-public: false
 *   tokens:
 *     - { name: ops, role: admin, hash: "$argon2id$v=19$m=19456,t=2,p=1$..." }
 *     - { name: prometheus, role: read-only, hash: "$argon2id$..." }
 *   tls: { cert: admin.crt, key: admin.key }      # or { self-signed: true }; omit for plain HTTP
 * </pre>
 *
 * <p>The constructor checks everything and reports every problem at once, each as
 * {@code admin.<path>: <value> (expected: ...)}, so nothing is checked again while requests run.
 * Token hashes are never shown in messages or in {@link #toString()}.
 *
 * @param address       bind address of the admin listener (never the service listener's port)
 * @param port          0..65535; 0 picks a free port (tests)
 * @param tokens        bearer tokens, by hash; may be empty (then only the unauthenticated routes answer)
 * @param tls           TLS of the admin listener, or {@code null} for plain HTTP
 * @param metricsPublic whether {@code GET /api/v1/metrics} answers without a token
 */
public record AdminSettings(String address, int port, List<Token> tokens, Tls tls, boolean metricsPublic) {

    /** The default port, as in the proposed YAML. */
    public static final int DEFAULT_PORT = 9090;

    private static final Pattern TOKEN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    public AdminSettings {
        tokens = List.copyOf(Objects.requireNonNull(tokens, "tokens"));
        List<String> problems = new ArrayList<>();
        if (address == null || address.isBlank()) {
            problems.add("admin.address: " + (address == null ? "(missing)" : "(empty)")
                    + " (expected: an IP address or host name to bind, e.g. 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            problems.add("admin.port: " + port + " (expected: an integer 0..65535)");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String where = "admin.tokens[" + i + "]";
            if (token == null) {
                problems.add(where + ": (missing) (expected: a mapping with name, role and hash)");
                continue;
            }
            if (token.name() == null || !TOKEN_NAME.matcher(token.name()).matches()) {
                problems.add(where + ".name: " + (token.name() == null ? "(missing)" : "'" + token.name() + "'")
                        + " (expected: 1-32 characters of [A-Za-z0-9_.-])");
            } else if (!names.add(token.name())) {
                problems.add(where + ".name: '" + token.name() + "' (expected: a name not used by another token)");
            }
            if (token.role() == null) {
                problems.add(where + ".role: (missing) (expected: read-only or admin)");
            }
            try {
                TokenHashes.check(token.hash());
            } catch (IllegalArgumentException e) {
                problems.add(where + "." + e.getMessage());
            }
        }
        if (tls != null) {
            problems.addAll(tls.problems());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    /** Plain HTTP on loopback with the given tokens: the usual test and demo setting. */
    public static AdminSettings loopback(int port, List<Token> tokens) {
        return new AdminSettings("127.0.0.1", port, tokens, null, false);
    }

    public AdminSettings withTls(Tls newTls) {
        return new AdminSettings(address, port, tokens, newTls, metricsPublic);
    }

    public AdminSettings withMetricsPublic(boolean newMetricsPublic) {
        return new AdminSettings(address, port, tokens, tls, newMetricsPublic);
    }

    /**
     * One bearer token, by the hash of its value.
     *
     * @param name shows in logs and in the API as who made a call; never the token
     * @param role what the token may do
     * @param hash {@link TokenHashes} hash of the token
     */
    public record Token(String name, AdminRole role, String hash) {

        @Override
        public String toString() {
            return "Token[name=" + name + ", role=" + role + ", hash=(hidden)]";
        }
    }

    /**
     * TLS of the admin listener: either a PEM certificate (chain) and an unencrypted PEM private
     * key (PKCS#8, or traditional RSA/EC), or a self-signed certificate made at start (demos only:
     * clients cannot verify it except by pinning the fingerprint that is logged).
     *
     * @param cert       PEM certificate file, the server's certificate first, or {@code null}
     * @param key        PEM private key file, or {@code null}
     * @param selfSigned generate a self-signed certificate instead
     */
    public record Tls(Path cert, Path key, boolean selfSigned) {

        public static Tls pem(Path cert, Path key) {
            return new Tls(cert, key, false);
        }

        public static Tls selfSignedCertificate() {
            return new Tls(null, null, true);
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (selfSigned && (cert != null || key != null)) {
                problems.add("admin.tls: both self-signed and cert/key (expected: either 'self-signed: true' or cert and key)");
            } else if (!selfSigned && (cert == null || key == null)) {
                problems.add("admin.tls." + (cert == null ? "cert" : "key")
                        + ": (missing) (expected: a PEM file, or 'self-signed: true' instead of cert and key)");
            }
            return problems;
        }
    }
}
