package io.tandem.config;

import java.time.Duration;

/**
 * Active HTTP health check run against every backend.
 *
 * @param path     request path, starts with {@code /}
 * @param interval time between checks of one backend
 * @param timeout  time a check may take; must be shorter than {@code interval}
 * @param rise     consecutive successes that bring a down backend back, >= 1
 * @param fall     consecutive failures that take an up backend down, >= 1
 */
public record HealthCheckConfig(String path, Duration interval, Duration timeout, int rise, int fall) {
}
