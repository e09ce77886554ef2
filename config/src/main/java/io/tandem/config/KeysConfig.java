package io.tandem.config;

/**
 * Where the session key ring is read from. At most one of {@code file} and {@code env} is set;
 * when neither is, the member generates an ephemeral key and warns that sessions will not
 * survive a restart and that a peer will refuse it.
 *
 * @param file path of a key-ring file, or {@code null}
 * @param env  name of an environment variable holding the key ring, or {@code null}
 */
public record KeysConfig(String file, String env) {

    public boolean isEphemeral() {
        return file == null && env == null;
    }
}
