package io.tandem.session;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request's session cookie amounts to, from {@link SessionManager#resolve}. Only
 * {@link Known} and {@link Adopted} are {@linkplain #isValid() valid}; for anything else the
 * proxy starts a new session and nothing from the cookie is trusted.
 */
public sealed interface SessionOutcome {

    /** True for {@link Known} and {@link Adopted}. */
    default boolean isValid() {
        return this instanceof Known || this instanceof Adopted;
    }

    /** The verified cookie of a valid outcome. */
    default Optional<SessionCookie> validCookie() {
        if (this instanceof Known known) {
            return Optional.of(known.cookie());
        }
        if (this instanceof Adopted adopted) {
            return Optional.of(adopted.cookie());
        }
        return Optional.empty();
    }

    /**
     * A stable lowercase label for logs and metrics: {@code known}, {@code adopted},
     * {@code expired}, {@code bad-mac}, {@code unknown-key}, {@code malformed} or {@code absent}.
     */
    String label();

    /** Valid and in this member's local history. */
    record Known(SessionCookie cookie, SessionRecord record) implements SessionOutcome {
        public Known {
            Objects.requireNonNull(cookie, "cookie");
            Objects.requireNonNull(record, "record");
        }

        @Override
        public String label() {
            return "known";
        }
    }

    /**
     * Valid but not in this member's local history: issued by the peer, or before a failover or
     * restart, or forgotten by the bounded history. The session continues.
     */
    record Adopted(SessionCookie cookie) implements SessionOutcome {
        public Adopted {
            Objects.requireNonNull(cookie, "cookie");
        }

        @Override
        public String label() {
            return "adopted";
        }
    }

    /** Verified, but idle or past its lifetime; {@code reason} is {@code idle} or {@code lifetime}. */
    record Expired(SessionCookie cookie, String reason) implements SessionOutcome {
        public static final String IDLE = "idle";
        public static final String LIFETIME = "lifetime";

        public Expired {
            Objects.requireNonNull(cookie, "cookie");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String label() {
            return "expired";
        }
    }

    /** Names a key of the ring but the MAC does not verify: forged or corrupted. */
    record BadMac(String keyId) implements SessionOutcome {
        @Override
        public String label() {
            return "bad-mac";
        }
    }

    /** Names a key the ring does not hold: retired, or another pair's. */
    record UnknownKey(String keyId) implements SessionOutcome {
        @Override
        public String label() {
            return "unknown-key";
        }
    }

    /** Not a cookie of this pair, or dated in the future; {@code reason} is a short fixed text. */
    record Malformed(String reason) implements SessionOutcome {
        @Override
        public String label() {
            return "malformed";
        }
    }

    /** The request carries no session cookie. */
    record Absent() implements SessionOutcome {
        /** The only instance needed. */
        public static final Absent INSTANCE = new Absent();

        @Override
        public String label() {
            return "absent";
        }
    }
}
