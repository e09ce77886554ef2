package io.tandem.ha;

import java.util.Objects;

/**
 * A member taking part in the election, as this member sees it (for status pages and the
 * admin API).
 *
 * @param identity who it is (digests as last reported)
 * @param address  its HA address, {@code host:port}
 * @param role     its role as it last reported it ({@link Role#STANDBY} until its first report);
 *                 for this member, its actual role
 * @param epoch    the epoch it last reported
 * @param self     whether this is the local member
 */
public record MemberView(NodeIdentity identity, String address, Role role, long epoch, boolean self) {

    public MemberView {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
    }
}
