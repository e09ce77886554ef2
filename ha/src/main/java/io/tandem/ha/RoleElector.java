package io.tandem.ha;

import java.util.function.Consumer;

/**
 * Decides this member's role and reports every change. Implementations call listeners from one
 * thread at a time, in the order the changes were decided.
 */
public interface RoleElector extends AutoCloseable {

    /** Starts the election; the first decision is reported to {@code listener}. */
    void start(Consumer<RoleChange> listener);

    /** The current role. */
    Role role();

    @Override
    void close();
}
