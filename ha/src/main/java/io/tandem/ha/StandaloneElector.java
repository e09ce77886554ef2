package io.tandem.ha;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The elector of a member that runs without a peer: it is active from the start, at epoch 1.
 * Used when the configuration has no {@code ha:} section, and by tests of the proxy alone. It
 * reports its only decision on the thread that calls {@link #start}, before {@code start}
 * returns. It has no members to show and nobody to hand over to.
 */
public final class StandaloneElector implements RoleElector {

    private final AtomicBoolean started = new AtomicBoolean();

    @Override
    public void start(Consumer<RoleChange> listener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        listener.accept(new RoleChange(Role.ACTIVE, 1, "standalone member (no HA peer configured)"));
    }

    @Override
    public Role role() {
        return Role.ACTIVE;
    }

    @Override
    public long epoch() {
        return 1;
    }

    @Override
    public List<MemberView> members() {
        return List.of();
    }

    @Override
    public List<RefusedMember> refusedMembers() {
        return List.of();
    }

    /** Always false: there is no member to hand over to. */
    @Override
    public boolean requestSwitchover() {
        return false;
    }

    /** Nothing to publish to. */
    @Override
    public void updateDigests(String configDigest, String keyRingFingerprint) {
        // no peer
    }

    /** Nobody to send to. */
    @Override
    public void sendToPeers(String body) {
        // no peer
    }

    /** Nobody sends anything. */
    @Override
    public void onPeerMessage(Consumer<PeerMessage> receiver) {
        // no peer
    }

    @Override
    public void close() {
        // nothing to release
    }
}
