package io.tandem.session;

import java.util.Objects;

/**
 * What {@link HmacCookieCodec#decode} made of a cookie value. Only {@link Decoded} carries a
 * cookie, and only after its MAC verified; the other outcomes carry no attacker-chosen text
 * except a key id that has passed the key-id character check.
 */
public sealed interface CookieDecoding {

    /** The value is well formed and its MAC verified with the key it names. */
    record Decoded(SessionCookie cookie) implements CookieDecoding {
        public Decoded {
            Objects.requireNonNull(cookie, "cookie");
        }
    }

    /** The value is well formed and names a key of the ring, but its MAC does not verify: forged or corrupted. */
    record BadMac(String keyId) implements CookieDecoding {
    }

    /** The value is well formed but names a key the ring does not hold (retired, or another pair's). */
    record UnknownKey(String keyId) implements CookieDecoding {
    }

    /** The value is not a Tandem cookie of a known version; {@code reason} is a short, fixed description. */
    record Malformed(String reason) implements CookieDecoding {
    }
}
