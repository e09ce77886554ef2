package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/**
 * Two correctly configured members of a pair have the same digest although their node ids,
 * listeners and key-ring locations differ; a difference in what they must share changes it.
 * Fails if a per-member setting makes every pair look mismatched, or a shared one is ignored.
 */
class ConfigDigestTest {

    private static final String MEMBER = """
            node:
              id: %s
            listener:
              address: %s
              port: %d
            backends:
              - id: app1
                url: %s
            session:
              keys:
                file: %s
            """;

    private static String digest(String node, String address, int port, String backend, String keys) throws Exception {
        return ConfigDigest.of(ConfigLoader.parse(MEMBER.formatted(node, address, port, backend, keys), "m.yaml"));
    }

    @Test
    void perMemberSettings_doNotChangeIt_sharedOnesDo() throws Exception {
        String a = digest("tandem-1", "10.0.0.1", 8080, "http://10.0.0.11:8080", "/etc/tandem/keys");
        String b = digest("tandem-2", "10.0.0.2", 8081, "http://10.0.0.11:8080", "/srv/keys");
        String other = digest("tandem-2", "10.0.0.2", 8081, "http://10.0.0.12:8080", "/srv/keys");
        assertThat(a).hasSize(32).isEqualTo(b);
        assertThat(other).isNotEqualTo(a);
    }
}
