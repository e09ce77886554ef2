package io.tandem.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * This member's part in an active-passive pair (the {@code ha:} section).
 *
 * <p><b>Absence.</b> {@link TandemConfig#ha()} is never {@code null}. Without an {@code ha:}
 * section (or with an empty one) it is {@link #standalone()}: {@link #enabled()} is false, the
 * member runs alone and is always active. Only then are {@code groupId} empty, {@code bind}
 * {@code null} and {@code peers} empty; every other component holds its default, so code that
 * reads, say, {@link #takeover()} needs no special case.
 *
 * @param enabled                whether the member is part of a pair ({@code ha:} section present)
 * @param groupId                the pair's name, {@code [A-Za-z0-9_.-]{1,32}}; members of different groups never
 *                               join each other (it is the Hazelcast cluster name)
 * @param priority               0..255, smaller wins the election (as FortiWeb); default 5
 * @param override               whether this member, when it has the better priority, takes the role from a
 *                               healthy active member (a planned hand-over); default false
 * @param bind                   this member's HA address (IP literal and port); {@code null} only when not enabled
 * @param peers                  the other members' HA addresses, 1..8, distinct, none equal to {@code bind}
 * @param heartbeatInterval      100ms..10s, default 500ms
 * @param lostHeartbeatThreshold heartbeats missed before a silent peer is declared dead, 1..60, default 3
 * @param takeover               who owns the service listener
 * @param quorum                 whether a member must see a majority of the configured members to be active
 * @param witness                a witness votes in the quorum but is never active and serves no clients
 */
public record HaConfig(
        boolean enabled,
        String groupId,
        int priority,
        boolean override,
        MemberAddress bind,
        List<MemberAddress> peers,
        Duration heartbeatInterval,
        int lostHeartbeatThreshold,
        Takeover takeover,
        Quorum quorum,
        boolean witness) {

    public static final int DEFAULT_PRIORITY = 5;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(500);
    public static final int DEFAULT_LOST_HEARTBEAT_THRESHOLD = 3;

    private static final HaConfig STANDALONE = new HaConfig(false, "", DEFAULT_PRIORITY, false, null, List.of(),
            DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_LOST_HEARTBEAT_THRESHOLD, Takeover.LISTENER, Quorum.NONE, false);

    public HaConfig {
        Objects.requireNonNull(groupId, "groupId");
        peers = List.copyOf(peers);
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(takeover, "takeover");
        Objects.requireNonNull(quorum, "quorum");
        if (enabled && (bind == null || peers.isEmpty())) {
            throw new IllegalArgumentException("an enabled HA configuration needs bind and at least one peer");
        }
    }

    /** The configuration of a member without an {@code ha:} section: alone, always active. */
    public static HaConfig standalone() {
        return STANDALONE;
    }

    /** How long a peer may stay silent before it is declared dead: interval times threshold. */
    public Duration maxNoHeartbeat() {
        return heartbeatInterval.multipliedBy(lostHeartbeatThreshold);
    }

    /** This member and its peers (a witness among them counts); 1 when not enabled. */
    public int configuredMembers() {
        return 1 + peers.size();
    }

    /** Who listens for clients. */
    public enum Takeover {
        /** Only the active member owns the service listener, like a virtual IP that moves. */
        LISTENER,
        /**
         * Both members listen; an external load balancer sends traffic to the one whose readiness
         * endpoint says it is active, and the standby answers 503 with {@code Retry-After}.
         */
        LOAD_BALANCER
    }

    /** What a member must see to be active. */
    public enum Quorum {
        /** Nothing: a member that sees no other member is active (both are, during a split brain). */
        NONE,
        /** More than half of the configured members, itself included, e.g. 2 of 3 with a witness. */
        MAJORITY
    }

    /**
     * An HA address: an IP literal (never a host name) and a TCP port.
     *
     * @param host an IPv4 address in dotted form or an IPv6 address in RFC 5952 form, without brackets
     * @param port 1..65535
     */
    public record MemberAddress(String host, int port) {

        public MemberAddress {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " (expected: 1..65535)");
            }
        }

        public boolean isIpv6() {
            return host.indexOf(':') >= 0;
        }

        /** {@code 10.0.0.1:5701} or {@code [fd00::1]:5701}, as written in the configuration. */
        @Override
        public String toString() {
            return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
