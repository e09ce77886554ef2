package io.tandem.config;

import java.util.List;
import java.util.Objects;

/**
 * The admin API listener (the {@code admin:} section). Opt-in: without the section there is no
 * admin listener ({@link #enabled()} false), so a member never opens a management port nobody
 * configured. Tokens are stored only as Argon2id hashes ({@code ./tandem hash-token}); a hash is
 * never shown in a problem message.
 *
 * @param enabled       whether the section is present
 * @param address       bind address; default {@code 127.0.0.1}
 * @param port          1..65535, default 9090; must differ from the service listener's port
 * @param metricsPublic whether {@code /api/v1/metrics} answers without a token
 * @param tokens        bearer tokens by hash; may be empty (then only health and readiness answer)
 * @param tls           TLS of the admin listener, or {@code null} for plain HTTP
 */
public record AdminConfig(boolean enabled, String address, int port, boolean metricsPublic, List<Token> tokens,
        Tls tls) {

    public static final int DEFAULT_PORT = 9090;
    private static final AdminConfig DISABLED = new AdminConfig(false, "127.0.0.1", DEFAULT_PORT, false, List.of(), null);

    public AdminConfig {
        Objects.requireNonNull(address, "address");
        tokens = List.copyOf(tokens);
    }

    /** The value without an {@code admin:} section: no admin listener. */
    public static AdminConfig disabled() {
        return DISABLED;
    }

    /** Who may call the admin API. */
    public enum Role {
        READ_ONLY, ADMIN
    }

    /** A bearer token by the Argon2id hash of its value; {@code toString} hides the hash. */
    public record Token(String name, Role role, String hash) {
        @Override
        public String toString() {
            return "Token[name=" + name + ", role=" + role + "]";
        }
    }

    /**
     * @param cert       PEM certificate chain file, or {@code null} with {@code selfSigned}
     * @param key        PEM private key file, or {@code null} with {@code selfSigned}
     * @param selfSigned generate a self-signed certificate at start (demos only)
     */
    public record Tls(String cert, String key, boolean selfSigned) {
    }
}
