package io.tandem.ha;

import java.util.Objects;

/**
 * A decided change of this member's role.
 *
 * @param role   the new role
 * @param epoch  increases on every promotion anywhere in the pair; a fencing token that lets a member
 *               tell a stale decision from a current one
 * @param reason why, for the log
 */
public record RoleChange(Role role, long epoch, String reason) {
    public RoleChange {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(reason, "reason");
    }
}
