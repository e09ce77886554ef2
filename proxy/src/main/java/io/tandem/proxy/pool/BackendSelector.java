package io.tandem.proxy.pool;

import io.tandem.config.PoolConfig;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks a backend for a request: the session's persistence target while it is up and not already
 * tried for this request, otherwise one of the remaining healthy backends by the configured balance.
 * Stateless apart from the round-robin counter; thread-safe.
 */
final class BackendSelector {

    private final List<Backend> backends;
    private final PoolConfig.Balance balance;
    private final AtomicInteger next = new AtomicInteger();

    BackendSelector(List<Backend> backends, PoolConfig.Balance balance) {
        this.backends = List.copyOf(backends);
        this.balance = balance;
    }

    /**
     * @param target    the session's persistence target (a backend id), or empty
     * @param attempted backends already tried for this request
     * @return the backend, or {@code null} when none is healthy and untried
     */
    Backend select(String target, Collection<Backend> attempted) {
        if (!target.isEmpty()) {
            for (Backend backend : backends) {
                if (backend.id().equals(target) && backend.isUp() && !attempted.contains(backend)) {
                    return backend;
                }
            }
        }
        return balance == PoolConfig.Balance.LEAST_CONNECTIONS ? leastBusy(attempted) : roundRobin(attempted);
    }

    private Backend roundRobin(Collection<Backend> attempted) {
        int size = backends.size();
        int start = Math.floorMod(next.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            Backend candidate = backends.get((start + i) % size);
            if (candidate.isUp() && !attempted.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private Backend leastBusy(Collection<Backend> attempted) {
        Backend best = null;
        for (Backend candidate : backends) {
            if (candidate.isUp() && !attempted.contains(candidate)
                    && (best == null || candidate.inFlight() < best.inFlight())) {
                best = candidate;
            }
        }
        return best;
    }
}
