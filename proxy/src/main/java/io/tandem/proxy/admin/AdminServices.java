package io.tandem.proxy.admin;

import io.tandem.proxy.metrics.TandemMetrics;
import java.util.Objects;

/**
 * What the admin API reads and changes, each behind a small interface so that the admin server
 * knows nothing of how TandemServer, the HA layer or the session manager are built. All are
 * required; use the standalone implementations where a part is not wired yet.
 *
 * @param member   role, epoch, members, failover, maintenance ({@link StandaloneMember} without HA)
 * @param backends backend health ({@link BackendStatus#of})
 * @param sessions the local session table ({@link HistorySessionTable})
 * @param rules    rule switches and hits ({@link RuleSwitches})
 * @param config   validate and reload ({@link FileConfigControl})
 * @param keys     key ring view ({@link StandaloneKeyRotation})
 * @param rotation key rotation steps ({@link StandaloneKeyRotation})
 * @param attacks  the recent attack log
 * @param metrics  the metrics registry scraped by {@code GET /metrics}
 */
public record AdminServices(MemberStatus member, BackendStatus backends, SessionTable sessions, RuleControl rules,
                            ConfigControl config, KeyControl keys, KeyRotation rotation, AttackLog attacks,
                            TandemMetrics metrics) {

    public AdminServices {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(attacks, "attacks");
        Objects.requireNonNull(metrics, "metrics");
    }
}
