package io.tandem.ha;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last status message of each member incarnation (Hazelcast member UUID), and the highest
 * epoch ever heard of. Written by Hazelcast's event threads, read by the elector thread.
 */
final class PeerStatuses {

    /** @param receivedAt elector clock, nanos */
    record Received(StatusMessage status, long receivedAt) {
    }

    private final Map<UUID, Received> latest = new ConcurrentHashMap<>();
    private final AtomicLong maxEpoch = new AtomicLong();

    /**
     * Keeps the message unless a newer one (higher sequence number) from the same incarnation is
     * already there.
     *
     * @return whether it is the first message from this incarnation
     */
    boolean record(UUID member, StatusMessage status, long now) {
        maxEpoch.accumulateAndGet(status.epoch(), Math::max);
        boolean first = !latest.containsKey(member);
        latest.merge(member, new Received(status, now), (old, neu) -> neu.status().seq() > old.status().seq() ? neu : old);
        return first;
    }

    Optional<StatusMessage> of(UUID member) {
        return Optional.ofNullable(latest.get(member)).map(Received::status);
    }

    /** The last message of {@code member} with the elector time it arrived. */
    Optional<Received> received(UUID member) {
        return Optional.ofNullable(latest.get(member));
    }

    /** Whether {@code nodeId} currently claims the active role (and is not leaving). */
    boolean claimsActive(String nodeId) {
        return latest.values().stream().map(Received::status)
                .anyMatch(s -> s.nodeId().equals(nodeId) && s.role() == Role.ACTIVE && !s.leaving());
    }

    /**
     * Forgets members no longer in view, once their last word is older than {@code keepNanos}:
     * kept a little so that a goodbye can still explain a departure, and so that a newcomer's first
     * message, which may arrive before it appears in the member list, is not lost.
     */
    void prune(Set<UUID> inView, long now, long keepNanos) {
        latest.entrySet().removeIf(e -> !inView.contains(e.getKey()) && now - e.getValue().receivedAt() > keepNanos);
    }

    long maxEpoch() {
        return maxEpoch.get();
    }

    /** A promotion: the next epoch, above every epoch heard of. */
    long nextEpoch() {
        return maxEpoch.incrementAndGet();
    }
}
