package io.tandem.config;

import java.net.URI;

/**
 * One backend server of the farm.
 *
 * @param id  short stable name, written into session cookies as the persistence target; unique,
 *            {@code [A-Za-z0-9_.-]{1,32}}; defaults to {@code b1}, {@code b2}, ... by position
 * @param url base URL, {@code http://host:port}, without path, query or user info
 */
public record BackendConfig(String id, URI url) {
}
