package io.tandem.config;

import java.time.Duration;

/**
 * How requests reach the backends.
 *
 * @param balance                   how new sessions are spread over healthy backends
 * @param maxConnectionsPerBackend  connections to one backend per IO thread, >= 1
 * @param queueSize                 requests that may wait for a connection per backend and IO thread, >= 0
 * @param connectTimeout            TCP connect timeout toward a backend
 * @param requestTimeout            whole-request timeout toward a backend; exceeding it answers 504
 * @param retries                   further attempts on another backend, idempotent requests only, 0..5
 * @param healthCheck               the active health check
 */
public record PoolConfig(
        Balance balance,
        int maxConnectionsPerBackend,
        int queueSize,
        Duration connectTimeout,
        Duration requestTimeout,
        int retries,
        HealthCheckConfig healthCheck) {

    /** Load-balancing strategies for sessions that have no (usable) persistence target yet. */
    public enum Balance {
        ROUND_ROBIN, LEAST_CONNECTIONS
    }
}
