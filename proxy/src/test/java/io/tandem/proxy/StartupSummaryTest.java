package io.tandem.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.proxy.admin.TokenHashes;
import io.tandem.session.KeyRing;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The start-up summary shows the effective configuration (defaults filled in) in one block and
 * never a secret. Fails when an area is missing from the block, when a default is shown wrongly,
 * or when a key secret, an admin token hash (or any part of it) could reach the log.
 */
class StartupSummaryTest {

    private static final String SECRET_A = "TvZAqzM1TRvbdb4Uv80J5PqvxjW12kl8gV9ocx5DBWM";
    private static final String SECRET_B = "6JXHDdJYg6LCUU6g1k4j-ertvstyXr0nFUEPgmLUu4g";

    private static KeyRing ring() throws Exception {
        return KeyRing.parse("k2 " + SECRET_B + "\nk1 " + SECRET_A + "\n", "test");
    }

    @Test
    void minimalConfiguration_showsEveryAreaWithItsDefaults() throws Exception {
        TandemConfig config = ConfigLoader.parse("""
                listener:
                  port: 8080
                backends:
                  - url: http://127.0.0.1:9001
                """, "tandem.yaml");
        KeyRing ring = KeyRing.generate("ephemeral");

        assertThat(StartupSummary.lines(config, ring)).containsExactly(
                "effective configuration of node tandem-1:",
                "  listener: http://127.0.0.1:8080 (io-threads: one per core)",
                "  backends: b1=http://127.0.0.1:9001",
                "  pool: balance round-robin, max-connections-per-backend 32, queue-size 1000, connect-timeout 2s, "
                        + "request-timeout 30s, retries 1; health check GET / every 2s (timeout 1s, rise 2, fall 2)",
                "  session: cookie cookiesession1, idle-timeout 20m, max-lifetime 8h, renew-interval 1m; "
                        + "history max-entries 100000, idle-expiry 20m",
                "  key ring: keys [ephemeral], signing ephemeral, fingerprint " + ring.fingerprint()
                        + ", from ephemeral (generated at start; sessions do not survive a restart)",
                "  network: trusted-proxies []",
                "  access log: on",
                "  ha: standalone (no ha: section; always active)",
                "  admin: off (no admin: section)");
    }

    @Test
    void fullConfiguration_showsPairAdminAndKeyRing_byIdsAndFingerprintOnly() throws Exception {
        String opsHash = TokenHashes.hash("tdm_ops-token-for-the-summary-test");
        String promHash = TokenHashes.hash("tdm_prometheus-token-for-the-summary");
        TandemConfig config = ConfigLoader.parse("""
                node:
                  id: edge-a
                listener:
                  address: 0.0.0.0
                  port: 8443
                  io-threads: 4
                backends:
                  - id: app1
                    url: http://10.0.0.11:8080
                  - id: app2
                    url: http://10.0.0.12:8080
                pool:
                  balance: least-connections
                  retries: 0
                  health-check:
                    path: /health
                    interval: 500ms
                    timeout: 250ms
                session:
                  cookie-name: TANDEMSID
                  idle-timeout: 30m
                  max-lifetime: 1d
                  renew-interval: 90s
                  secure-cookie: true
                  keys:
                    file: /etc/tandem/keyring
                network:
                  trusted-proxies: [10.0.0.0/8]
                access-log:
                  enabled: false
                ha:
                  group-id: shop-pair
                  priority: 1
                  override: true
                  bind: 10.0.0.21:5701
                  peers: [10.0.0.22:5701]
                  takeover: load-balancer
                admin:
                  port: 9091
                  metrics-public: true
                  tokens:
                    - name: ops
                      role: admin
                      hash: "%s"
                    - name: prometheus
                      role: read-only
                      hash: "%s"
                """.formatted(opsHash, promHash), "tandem.yaml");
        KeyRing ring = ring();

        List<String> lines = StartupSummary.lines(config, ring);

        assertThat(lines).containsExactly(
                "effective configuration of node edge-a:",
                "  listener: http://0.0.0.0:8443 (io-threads: 4)",
                "  backends: app1=http://10.0.0.11:8080, app2=http://10.0.0.12:8080",
                "  pool: balance least-connections, max-connections-per-backend 32, queue-size 1000, "
                        + "connect-timeout 2s, request-timeout 30s, retries 0; health check GET /health every 500ms "
                        + "(timeout 250ms, rise 2, fall 2)",
                "  session: cookie TANDEMSID (Secure), idle-timeout 30m, max-lifetime 1d, renew-interval 90s; "
                        + "history max-entries 100000, idle-expiry 30m",
                "  key ring: keys [k2, k1], signing k2, fingerprint " + ring.fingerprint()
                        + ", from file /etc/tandem/keyring",
                "  network: trusted-proxies [10.0.0.0/8]",
                "  access log: off",
                "  ha: group shop-pair, priority 1 with override, bind 10.0.0.21:5701, peers [10.0.0.22:5701], "
                        + "heartbeat 500ms x 3, takeover load-balancer, quorum none",
                "  admin: http://127.0.0.1:9091/api/v1, tokens ops/admin, prometheus/read-only, metrics public");
        String text = String.join("\n", lines);
        for (String secret : List.of(SECRET_A, SECRET_B)) {
            byte[] raw = Base64.getUrlDecoder().decode(secret);
            assertThat(text).doesNotContain(secret, Base64.getEncoder().encodeToString(raw),
                    Base64.getEncoder().withoutPadding().encodeToString(raw));
        }
        for (String hash : List.of(opsHash, promHash)) {
            assertThat(text).doesNotContain("$argon2id");
            for (String part : hash.split("\\$")) {
                if (part.length() >= 16) { // salt and digest; short parts are the public parameters
                    assertThat(text).as("part of a token hash").doesNotContain(part);
                }
            }
        }
    }

    @Test
    void environmentKeyRing_namesTheVariable_andWitnessShowsNoPriority() throws Exception {
        TandemConfig config = ConfigLoader.parse("""
                listener:
                  port: 8080
                backends:
                  - url: http://127.0.0.1:9001
                session:
                  keys:
                    env: TANDEM_KEYS
                ha:
                  group-id: g
                  witness: true
                  quorum: majority
                  bind: 127.0.0.1:5703
                  peers: [127.0.0.1:5701, 127.0.0.1:5702]
                """, "tandem.yaml");

        List<String> lines = StartupSummary.lines(config, ring());

        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(", from environment variable TANDEM_KEYS"));
        assertThat(lines).contains("  ha: group g, witness, bind 127.0.0.1:5703, peers [127.0.0.1:5701, "
                + "127.0.0.1:5702], heartbeat 500ms x 3, takeover listener, quorum majority");
    }

    @Test
    void durations_useTheConfigurationNotation() {
        assertThat(StartupSummary.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(StartupSummary.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(StartupSummary.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(StartupSummary.duration(Duration.ofMinutes(20))).isEqualTo("20m");
        assertThat(StartupSummary.duration(Duration.ofHours(8))).isEqualTo("8h");
        assertThat(StartupSummary.duration(Duration.ofDays(7))).isEqualTo("7d");
    }
}
