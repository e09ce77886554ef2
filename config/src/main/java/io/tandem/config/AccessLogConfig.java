package io.tandem.config;

/**
 * The JSON access log, one line per request.
 *
 * @param enabled whether requests are logged
 */
public record AccessLogConfig(boolean enabled) {
}
