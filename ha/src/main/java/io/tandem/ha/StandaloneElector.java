package io.tandem.ha;

import java.util.function.Consumer;

/**
 * The elector of a member that runs without a peer: it is active from the start, at epoch 1.
 * Used until the pair is configured, and by tests of the proxy alone.
 */
public final class StandaloneElector implements RoleElector {

    @Override
    public void start(Consumer<RoleChange> listener) {
        listener.accept(new RoleChange(Role.ACTIVE, 1, "standalone member (no HA peer configured)"));
    }

    @Override
    public Role role() {
        return Role.ACTIVE;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
