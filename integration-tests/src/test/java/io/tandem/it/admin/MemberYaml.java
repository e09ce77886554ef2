package io.tandem.it.admin;

import io.tandem.proxy.admin.TokenHashes;
import io.tandem.session.KeyRing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member's {@code tandem.yaml} with an {@code admin:} section (the two tokens of {@link #ADMIN_TOKEN}
 * and {@link #VIEWER_TOKEN}) and optionally an {@code ha:} section, plus its key ring file
 * {@code keys} next to it.
 */
final class MemberYaml {

    /** Admin role; at least 20 characters as TokenHashes requires. */
    static final String ADMIN_TOKEN = "tdm_it-admin-token-7d1c3f0a9b2e4d6c8a0f";
    /** Read-only role. */
    static final String VIEWER_TOKEN = "tdm_it-viewer-token-5e8b2a7c1d9f3e6b4a2c";
    /** Hashed once per JVM: every member of a test gets the same hashes, as a pair must. */
    private static volatile List<String> hashes;

    private final String nodeId;
    private final int servicePort;
    private final int adminPort;
    private final Map<String, URI> backends = new LinkedHashMap<>();
    private String ha = "";
    private String extra = "";

    MemberYaml(String nodeId, int servicePort, int adminPort) {
        this.nodeId = nodeId;
        this.servicePort = servicePort;
        this.adminPort = adminPort;
    }

    static List<String> tokenHashes() {
        List<String> h = hashes;
        if (h == null) {
            synchronized (MemberYaml.class) {
                if (hashes == null) {
                    hashes = List.of(TokenHashes.hash(ADMIN_TOKEN), TokenHashes.hash(VIEWER_TOKEN));
                }
                h = hashes;
            }
        }
        return h;
    }

    MemberYaml backend(String id, URI url) {
        backends.put(id, url);
        return this;
    }

    /** An active-passive pair member: {@code takeover: listener}, this bind, the other as peer. */
    MemberYaml pair(String groupId, int priority, int haPort, int peerHaPort) {
        this.ha = "ha:\n  group-id: " + groupId + "\n  priority: " + priority + "\n  bind: 127.0.0.1:" + haPort
                + "\n  peers: [127.0.0.1:" + peerHaPort + "]\n  takeover: listener\n";
        return this;
    }

    /** Further top-level YAML, appended as is. */
    MemberYaml extra(String yaml) {
        this.extra = yaml;
        return this;
    }

    String text() {
        StringBuilder yaml = new StringBuilder();
        yaml.append("node:\n  id: ").append(nodeId).append('\n');
        yaml.append("listener:\n  address: 127.0.0.1\n  port: ").append(servicePort).append('\n');
        yaml.append("backends:\n");
        backends.forEach((id, url) -> yaml.append("  - id: ").append(id).append("\n    url: ").append(url).append('\n'));
        yaml.append("pool:\n  health-check:\n    path: /health\n    interval: 300ms\n    timeout: 250ms\n    rise: 1\n");
        yaml.append("session:\n  keys:\n    file: keys\n");
        yaml.append("admin:\n  address: 127.0.0.1\n  port: ").append(adminPort).append('\n');
        yaml.append("  tokens:\n");
        List<String> h = tokenHashes();
        yaml.append("    - name: ops\n      role: admin\n      hash: \"").append(h.get(0)).append("\"\n");
        yaml.append("    - name: grafana\n      role: read-only\n      hash: \"").append(h.get(1)).append("\"\n");
        yaml.append(ha);
        yaml.append(extra);
        return yaml.toString();
    }

    /** Writes {@code dir/tandem.yaml} and {@code dir/keys}; returns the configuration file. */
    Path writeTo(Path dir, KeyRing ring) throws IOException {
        writeKeys(dir, ring);
        Path file = dir.resolve("tandem.yaml");
        Files.writeString(file, text());
        return file;
    }

    /** Writes {@code dir/keys}, private to the owner as the product expects (it warns otherwise). */
    static void writeKeys(Path dir, KeyRing ring) throws IOException {
        Path keys = dir.resolve("keys");
        Files.writeString(keys, ring.toText());
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    }
}
