package io.tandem.proxy;

import io.tandem.config.AdminConfig;
import io.tandem.config.BackendConfig;
import io.tandem.config.HaConfig;
import io.tandem.config.HealthCheckConfig;
import io.tandem.config.KeysConfig;
import io.tandem.config.PoolConfig;
import io.tandem.config.SessionConfig;
import io.tandem.config.TandemConfig;
import io.tandem.session.KeyRing;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The effective configuration of a member as a few readable lines, logged once at start so that
 * an operator sees, in one block, what the member actually runs with: defaults filled in,
 * durations in the configuration's own notation.
 *
 * <p>Contract: the lines never contain key material or token hashes. The key ring appears as its
 * key ids, its signing key and its fingerprint (public by design: members exchange it); where it
 * comes from is named (a file path, an environment variable's name), never its content. Admin
 * tokens appear as {@code name/role}. A backend URL is shown without user info (the loader
 * refuses user info anyway; this is a second line of defence for a log that is widely shared).
 *
 * <p>Pure: no I/O, no logging; the caller logs the lines.
 */
public final class StartupSummary {

    private StartupSummary() {
    }

    /**
     * The summary, the first line a header naming the node, each further line one area
     * ({@code listener}, {@code backends}, {@code pool}, {@code session}, {@code key ring},
     * {@code network}, {@code access log}, {@code ha}, {@code admin}), indented by two spaces.
     */
    public static List<String> lines(TandemConfig config, KeyRing keyRing) {
        List<String> lines = new ArrayList<>();
        lines.add("effective configuration of node " + config.node().id() + ":");
        lines.add("  listener: http://" + host(config.listener().address()) + ":" + config.listener().port()
                + " (io-threads: " + (config.listener().ioThreads() == 0 ? "one per core"
                        : String.valueOf(config.listener().ioThreads())) + ")");
        lines.add("  backends: " + config.backends().stream()
                .map(b -> b.id() + "=" + withoutUserInfo(b))
                .collect(Collectors.joining(", ")));
        lines.add("  pool: " + pool(config.pool()));
        lines.add("  session: " + session(config.session()));
        lines.add("  key ring: " + keyRing(config.session().keys(), keyRing));
        lines.add("  network: trusted-proxies " + config.network().trustedProxies());
        lines.add("  access log: " + (config.accessLog().enabled() ? "on" : "off"));
        lines.add("  ha: " + ha(config.ha()));
        lines.add("  admin: " + admin(config.admin()));
        return List.copyOf(lines);
    }

    private static String pool(PoolConfig pool) {
        HealthCheckConfig hc = pool.healthCheck();
        return "balance " + keyword(pool.balance()) + ", max-connections-per-backend "
                + pool.maxConnectionsPerBackend() + ", queue-size " + pool.queueSize() + ", connect-timeout "
                + duration(pool.connectTimeout()) + ", request-timeout " + duration(pool.requestTimeout())
                + ", retries " + pool.retries() + "; health check GET " + hc.path() + " every "
                + duration(hc.interval()) + " (timeout " + duration(hc.timeout()) + ", rise " + hc.rise()
                + ", fall " + hc.fall() + ")";
    }

    private static String session(SessionConfig session) {
        return "cookie " + session.cookieName() + (session.secureCookie() ? " (Secure)" : "") + ", idle-timeout "
                + duration(session.idleTimeout()) + ", max-lifetime " + duration(session.maxLifetime())
                + ", renew-interval " + duration(session.renewInterval()) + "; history max-entries "
                + session.history().maxEntries() + ", idle-expiry " + duration(session.history().idleExpiry());
    }

    private static String keyRing(KeysConfig keys, KeyRing ring) {
        String source;
        if (keys.file() != null) {
            source = "file " + keys.file();
        } else if (keys.env() != null) {
            source = "environment variable " + keys.env();
        } else {
            source = "ephemeral (generated at start; sessions do not survive a restart)";
        }
        return "keys " + ring.keyIds() + ", signing " + ring.signingKey().id() + ", fingerprint "
                + ring.fingerprint() + ", from " + source;
    }

    private static String ha(HaConfig ha) {
        if (!ha.enabled()) {
            return "standalone (no ha: section; always active)";
        }
        return "group " + ha.groupId() + ", " + (ha.witness() ? "witness" : "priority " + ha.priority()
                + (ha.override() ? " with override" : "")) + ", bind " + ha.bind() + ", peers " + ha.peers()
                + ", heartbeat " + duration(ha.heartbeatInterval()) + " x " + ha.lostHeartbeatThreshold()
                + ", takeover " + keyword(ha.takeover()) + ", quorum " + keyword(ha.quorum());
    }

    private static String admin(AdminConfig admin) {
        if (!admin.enabled()) {
            return "off (no admin: section)";
        }
        String scheme = admin.tls() == null ? "http" : "https";
        String tls = admin.tls() == null ? "" : admin.tls().selfSigned() ? " (TLS, self-signed)" : " (TLS)";
        String tokens = admin.tokens().isEmpty() ? "none"
                : admin.tokens().stream()
                        .map(t -> t.name() + "/" + (t.role() == AdminConfig.Role.ADMIN ? "admin" : "read-only"))
                        .collect(Collectors.joining(", "));
        return scheme + "://" + host(admin.address()) + ":" + admin.port() + "/api/v1" + tls + ", tokens " + tokens
                + ", metrics " + (admin.metricsPublic() ? "public" : "need a token");
    }

    private static String withoutUserInfo(BackendConfig backend) {
        URI url = backend.url();
        if (url.getRawUserInfo() == null) {
            return url.toString();
        }
        return url.getScheme() + "://***@" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    private static String host(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    private static String keyword(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A duration in the configuration's notation: {@code 500ms}, {@code 30s}, {@code 20m}, {@code 8h}, {@code 1d}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
