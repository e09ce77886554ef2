package io.tandem.proxy.admin;

import io.tandem.proxy.pool.Backend;
import io.tandem.proxy.pool.BackendPool;
import java.util.List;

/** The backends of the farm and their health, for the status and readiness routes. Thread-safe. */
@FunctionalInterface
public interface BackendStatus {

    List<BackendInfo> backends();

    /** Whether at least one backend is up. */
    default boolean anyUp() {
        return backends().stream().anyMatch(BackendInfo::up);
    }

    /** The live view of a backend pool. */
    static BackendStatus of(BackendPool pool) {
        return () -> pool.backends().stream().map(BackendStatus::info).toList();
    }

    private static BackendInfo info(Backend b) {
        return new BackendInfo(b.id(), b.uri().toString(), b.isUp(), b.inFlight());
    }

    /**
     * @param id       the backend id (the persistence target in cookies)
     * @param url      its base URL
     * @param up       its health as the checks last saw it
     * @param inFlight requests it is serving now
     */
    record BackendInfo(String id, String url, boolean up, int inFlight) {
    }
}
