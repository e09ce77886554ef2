package io.tandem.config;

/**
 * The service listener that clients reach.
 *
 * @param address   the local address to bind (default {@code 127.0.0.1}, so nothing is exposed by accident)
 * @param port      the TCP port, 1..65535 (required)
 * @param ioThreads Undertow IO threads; 0 means one per available core
 */
public record ListenerConfig(String address, int port, int ioThreads) {
}
