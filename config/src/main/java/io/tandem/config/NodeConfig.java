package io.tandem.config;

/** This member's identity. {@code id} is written into the session cookies this member issues. */
public record NodeConfig(String id) {
}
