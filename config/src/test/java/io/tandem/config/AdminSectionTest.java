package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdminSectionTest {

    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";
    private static final String BASE = "listener:\n  port: 8080\nbackends:\n  - url: http://127.0.0.1:9001\n";

    @Test
    void absentSection_meansNoAdminListener() throws Exception {
        assertThat(ConfigLoader.parse(BASE, "t.yaml").admin()).isEqualTo(AdminConfig.disabled());
    }

    @Test
    void fullSection_binds() throws Exception {
        TandemConfig config = ConfigLoader.parse(BASE + """
                admin:
                  address: 127.0.0.1
                  port: 9191
                  metrics-public: true
                  tokens:
                    - name: ops
                      role: admin
                      hash: "%s"
                    - name: prom
                      role: read-only
                      hash: "%s"
                  tls:
                    self-signed: true
                """.formatted(HASH, HASH), "t.yaml");

        AdminConfig admin = config.admin();
        assertThat(admin.enabled()).isTrue();
        assertThat(admin.port()).isEqualTo(9191);
        assertThat(admin.metricsPublic()).isTrue();
        assertThat(admin.tokens()).extracting(AdminConfig.Token::name, AdminConfig.Token::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ops", AdminConfig.Role.ADMIN),
                        org.assertj.core.groups.Tuple.tuple("prom", AdminConfig.Role.READ_ONLY));
        assertThat(admin.tls()).isEqualTo(new AdminConfig.Tls(null, null, true));
        assertThat(admin.tokens().get(0).toString()).doesNotContain("argon2id");
    }

    @Test
    void mistakes_areAllReported_andNoHashIsShown() {
        String yaml = BASE + """
                admin:
                  port: 8080
                  tokens:
                    - name: ops
                      role: root
                      hash: "not-a-hash-secret"
                    - name: ops
                      role: admin
                      hash: "%s"
                  tls:
                    cert: admin.crt
                """.formatted(HASH);

        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    List<String> lines = e.problems().stream().map(ConfigProblem::toString).toList();
                    assertThat(lines).anyMatch(l -> l.startsWith("t.yaml:6: admin.port: 8080 (expected: a port other than listener.port)"));
                    assertThat(lines).anyMatch(l -> l.startsWith("t.yaml:9: admin.tokens[0].role: root"));
                    assertThat(lines).anyMatch(l -> l.startsWith("t.yaml:10: admin.tokens[0].hash: (hidden)"));
                    assertThat(lines).anyMatch(l -> l.startsWith("t.yaml:11: admin.tokens[1].name: ops"));
                    assertThat(lines).anyMatch(l -> l.contains("admin.tls") && l.contains("either cert and key"));
                    assertThat(e.getMessage()).doesNotContain("not-a-hash-secret").doesNotContain(HASH);
                });
    }
}
