package io.tandem.proxy;

import io.tandem.config.KeysConfig;
import io.tandem.session.KeyRing;
import io.tandem.session.KeyRingException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the key ring a configuration points at. Never logs key material, only ids and fingerprints. */
final class KeyRings {

    private static final Logger LOG = LoggerFactory.getLogger("tandem");

    private KeyRings() {
    }

    /**
     * @param configDir directory of the configuration file; a relative key file path is resolved
     *                  against it, so a config and its key ring can move together
     */
    static KeyRing load(KeysConfig keys, Path configDir, Map<String, String> env) throws KeyRingException {
        if (keys.file() != null) {
            return KeyRing.load(configDir.resolve(keys.file()));
        }
        if (keys.env() != null) {
            return KeyRing.fromEnvironment(keys.env(), env);
        }
        KeyRing ephemeral = KeyRing.generate("ephemeral");
        LOG.warn("no session.keys configured: using an ephemeral key (fingerprint {}); sessions will not survive "
                + "a restart and a peer will refuse to pair", ephemeral.fingerprint());
        return ephemeral;
    }
}
