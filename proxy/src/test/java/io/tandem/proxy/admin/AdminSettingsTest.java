package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Settings are checked when built and report every problem at once, naming the YAML path, the
 * value and what was expected; hashes never appear in messages or toString. Pins the texts.
 */
class AdminSettingsTest {

    private static final String HASH = TokenHashes.hash("tdm_settings-token-000000000000000", 64, 1, 1);

    @Test
    void everyProblem_isReported_atOnce() {
        List<AdminSettings.Token> tokens = List.of(
                new AdminSettings.Token("ops", AdminRole.ADMIN, HASH),
                new AdminSettings.Token("ops", null, "plain-text-token"),
                new AdminSettings.Token("bad name", AdminRole.READ_ONLY, HASH));
        assertThatThrownBy(() -> new AdminSettings(" ", 70000, tokens, new AdminSettings.Tls(Path.of("c.pem"), null, false), false))
                .hasMessage(String.join("\n",
                        "admin.address: (empty) (expected: an IP address or host name to bind, e.g. 127.0.0.1)",
                        "admin.port: 70000 (expected: an integer 0..65535)",
                        "admin.tokens[1].name: 'ops' (expected: a name not used by another token)",
                        "admin.tokens[1].role: (missing) (expected: read-only or admin)",
                        "admin.tokens[1].hash: not an Argon2id hash (expected: $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>, as printed by 'tandem hash-token')",
                        "admin.tokens[2].name: 'bad name' (expected: 1-32 characters of [A-Za-z0-9_.-])",
                        "admin.tls.key: (missing) (expected: a PEM file, or 'self-signed: true' instead of cert and key)"))
                .message().doesNotContain("plain-text-token");
    }

    @Test
    void tls_isEitherFilesOrSelfSigned() {
        assertThatThrownBy(() -> AdminSettings.loopback(0, List.of())
                .withTls(new AdminSettings.Tls(Path.of("c.pem"), Path.of("k.pem"), true)))
                .hasMessage("admin.tls: both self-signed and cert/key (expected: either 'self-signed: true' or cert and key)");
        assertThat(AdminSettings.loopback(0, List.of()).withTls(AdminSettings.Tls.selfSignedCertificate()).tls().selfSigned())
                .isTrue();
    }

    @Test
    void toString_hidesHashes() {
        AdminSettings settings = AdminSettings.loopback(9090, List.of(new AdminSettings.Token("ops", AdminRole.ADMIN, HASH)));
        assertThat(settings.toString()).contains("ops", "admin", "(hidden)").doesNotContain(HASH);
    }

    @Test
    void role_parsesTheConfigurationNames() {
        assertThat(AdminRole.parse("read-only")).isEqualTo(AdminRole.READ_ONLY);
        assertThat(AdminRole.parse("Admin")).isEqualTo(AdminRole.ADMIN);
        assertThatThrownBy(() -> AdminRole.parse("root")).hasMessage("role: 'root' (expected: read-only or admin)");
        assertThat(AdminRole.ADMIN.covers(AdminRole.READ_ONLY)).isTrue();
        assertThat(AdminRole.READ_ONLY.covers(AdminRole.ADMIN)).isFalse();
    }
}
