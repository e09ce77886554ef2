package io.tandem.config;

import java.util.List;

/**
 * How the client address is determined.
 *
 * @param trustedProxies peers whose {@code X-Forwarded-For} header is believed; empty by default,
 *                       so the header is ignored unless configured
 */
public record NetworkConfig(List<Cidr> trustedProxies) {

    public NetworkConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }
}
