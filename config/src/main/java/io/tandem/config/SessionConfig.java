package io.tandem.config;

import java.time.Duration;

/**
 * The signed session cookie and the local session history.
 *
 * @param cookieName     cookie name, an RFC 6265 token (default {@code cookiesession1}, as FortiWeb)
 * @param idleTimeout    a session not seen for this long has expired (default 1200 s, as FortiWeb)
 * @param maxLifetime    absolute lifetime of a session from its issue, whatever its activity; > idleTimeout
 * @param renewInterval  a cookie older than this is re-issued on the next response; < idleTimeout
 * @param secureCookie   add the {@code Secure} attribute
 * @param keys           where the key ring comes from
 * @param history        bounds of the local (never replicated) session history
 */
public record SessionConfig(
        String cookieName,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration renewInterval,
        boolean secureCookie,
        KeysConfig keys,
        HistoryConfig history) {
}
