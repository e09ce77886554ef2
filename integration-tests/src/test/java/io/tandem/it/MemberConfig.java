package io.tandem.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a member's {@code tandem.yaml} for a test: the listener, the backends and the key file.
 * Public for the pair tests ({@code io.tandem.it.pair}), whose two members share one key file.
 */
public final class MemberConfig {

    private final String nodeId;
    private final int port;
    private final Map<String, URI> backends = new LinkedHashMap<>();
    private String extra = "";
    private String keysFile = "keys";

    public MemberConfig(String nodeId, int port) {
        this.nodeId = nodeId;
        this.port = port;
    }

    public MemberConfig backend(String id, URI url) {
        backends.put(id, url);
        return this;
    }

    /** Further top-level YAML (a {@code pool:} section, say), appended as is. */
    public MemberConfig extra(String yaml) {
        this.extra = yaml;
        return this;
    }

    /**
     * The key ring file, relative to the configuration's directory or absolute; default
     * {@code keys} (in the same directory).
     */
    public MemberConfig keysFile(Path file) {
        this.keysFile = file.toString();
        return this;
    }

    /** Writes {@code dir/tandem.yaml} referring to the key ring file (unless set, {@code keys} in {@code dir}). */
    public Path writeTo(Path dir) throws IOException {
        StringBuilder yaml = new StringBuilder();
        yaml.append("node:\n  id: ").append(nodeId).append('\n');
        yaml.append("listener:\n  address: 127.0.0.1\n  port: ").append(port).append('\n');
        yaml.append("backends:\n");
        backends.forEach((id, url) -> yaml.append("  - id: ").append(id).append("\n    url: ").append(url).append('\n'));
        yaml.append("session:\n  keys:\n    file: \"").append(keysFile).append("\"\n");
        if (!extra.contains("pool:")) {
            yaml.append("pool:\n  health-check:\n    path: /health\n    interval: 300ms\n    timeout: 250ms\n    rise: 1\n");
        }
        yaml.append(extra);
        Path file = dir.resolve("tandem.yaml");
        Files.writeString(file, yaml.toString());
        return file;
    }
}
