package io.tandem.proxy.admin;

import io.tandem.config.SessionConfig;
import io.tandem.config.TandemConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of the parts of a configuration that both members of a pair must share: backends,
 * pool, the session cookie's settings and network. The parts that may differ per member (node id,
 * listener, access log, HA priority, where the key ring is read from, the history's size) are
 * left out, so two correctly configured members have equal digests.
 * 32 hex characters (the first 16 bytes of SHA-256 over the records' canonical text).
 */
public final class ConfigDigest {

    private ConfigDigest() {
    }

    public static String of(TandemConfig config) {
        SessionConfig s = config.session();
        String canonical = "tandem config v1\n" + config.backends() + "\n" + config.pool()
                + "\nsession[" + s.cookieName() + ", " + s.idleTimeout() + ", " + s.maxLifetime() + ", "
                + s.renewInterval() + ", " + s.secureCookie() + "]\n" + config.network();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
