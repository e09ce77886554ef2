package io.tandem.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole, validated configuration of one Tandem member. Immutable; built only by
 * {@link ConfigLoader}, which checks every value when the file is read so that nothing is
 * checked again while requests run.
 *
 * <p>{@code ha} is never {@code null}: a member without an {@code ha:} section has
 * {@link HaConfig#standalone()}, whose {@link HaConfig#enabled()} is false. {@code waf} is never
 * {@code null} either: without a {@code waf:} section it is {@link WafConfig#defaults()}, every
 * built-in rule on with its default action.
 */
public record TandemConfig(
        NodeConfig node,
        ListenerConfig listener,
        List<BackendConfig> backends,
        PoolConfig pool,
        SessionConfig session,
        NetworkConfig network,
        AccessLogConfig accessLog,
        HaConfig ha,
        AdminConfig admin,
        WafConfig waf) {

    public TandemConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(listener, "listener");
        backends = List.copyOf(backends);
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(ha, "ha"); // HaConfig.standalone() when there is no ha: section
        Objects.requireNonNull(admin, "admin"); // AdminConfig.disabled() when there is no admin: section
        Objects.requireNonNull(waf, "waf"); // WafConfig.defaults() when there is no waf: section
    }
}
