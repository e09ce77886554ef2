package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.session.SessionOutcome.Absent;
import io.tandem.session.SessionOutcome.Adopted;
import io.tandem.session.SessionOutcome.BadMac;
import io.tandem.session.SessionOutcome.Expired;
import io.tandem.session.SessionOutcome.Known;
import io.tandem.session.SessionOutcome.Malformed;
import io.tandem.session.SessionOutcome.UnknownKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class SessionManagerTest {

    private static final SessionKey K1 = Keys.key("k1", 1);
    private static final SessionKey K2 = Keys.key("k2", 2);

    private final MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
    private final LocalHistory historyA = new LocalHistory(10_000, Duration.ofSeconds(1200), clock);
    private final SessionManager a = manager("tandem-a", Keys.ring(K1), historyA);
    private final SessionManager b = manager("tandem-b", Keys.ring(K1),
            new LocalHistory(10_000, Duration.ofSeconds(1200), clock));

    private SessionManager manager(String node, KeyRing ring, LocalHistory history) {
        return new SessionManager(ring, SessionPolicy.defaults(), node, history, clock);
    }

    private long now() {
        return clock.millis() / 1000;
    }

    @ParameterizedTest
    @NullAndEmptySource
    void resolve_noCookie_isAbsent(String value) {
        assertThat(a.resolve(value)).isSameAs(Absent.INSTANCE);
        assertThat(a.resolve(value).label()).isEqualTo("absent");
    }

    @Test
    void issue_setsIdTimesKeyAndIssuer() {
        SessionCookie cookie = a.issue("web2");

        assertThat(cookie.issuedAt()).isEqualTo(now());
        assertThat(cookie.renewedAt()).isEqualTo(now());
        assertThat(cookie.keyId()).isEqualTo("k1");
        assertThat(cookie.issuer()).isEqualTo("tandem-a");
        assertThat(cookie.backend()).isEqualTo("web2");
        assertThat(cookie.checkpoint()).isEmpty();
        assertThat(a.issue("web2").id()).isNotEqualTo(cookie.id());
    }

    @Test
    void resolve_knownVsAdopted_dependsOnLocalHistory() {
        SessionCookie cookie = a.issue("web1");
        String value = a.encode(cookie);

        assertThat(a.resolve(value)).isEqualTo(new Adopted(cookie));
        SessionRecord record = a.touch(cookie, false);
        assertThat(a.resolve(value)).isEqualTo(new Known(cookie, record));
        assertThat(a.resolve(value).label()).isEqualTo("known");

        // The peer holds the same ring but not this member's history: after a failover it adopts.
        SessionOutcome atPeer = b.resolve(value);
        assertThat(atPeer).isEqualTo(new Adopted(cookie));
        assertThat(atPeer.isValid()).isTrue();
        assertThat(atPeer.validCookie()).contains(cookie);
        assertThat(atPeer.label()).isEqualTo("adopted");
        assertThat(b.touch(cookie, true).adopted()).isTrue();
    }

    @Test
    void resolve_idleLongerThanTimeout_isExpiredIdle() {
        SessionCookie cookie = a.issue("");
        String value = a.encode(cookie);

        clock.advance(Duration.ofSeconds(1200));
        assertThat(a.resolve(value).isValid()).isTrue();
        clock.advance(Duration.ofSeconds(1));

        SessionOutcome outcome = a.resolve(value);
        assertThat(outcome).isEqualTo(new Expired(cookie, "idle"));
        assertThat(outcome.isValid()).isFalse();
        assertThat(outcome.validCookie()).isEmpty();
        assertThat(outcome.label()).isEqualTo("expired");
    }

    @Test
    void resolve_olderThanLifetime_isExpiredLifetime_evenIfRenewed() {
        SessionCookie cookie = a.issue("");
        // Keep the session busy: renew every 10 minutes for 8 hours.
        for (int i = 0; i < 48; i++) {
            clock.advance(Duration.ofMinutes(10));
            cookie = a.renewal(cookie, "").orElseThrow();
        }
        String value = a.encode(cookie);
        assertThat(a.resolve(value).isValid()).isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(a.resolve(value)).isEqualTo(new Expired(cookie, "lifetime"));
    }

    @Test
    void resolve_issuedInTheFuture_isMalformed() {
        clock.advance(Duration.ofMinutes(5));
        SessionCookie fromTheFuture = a.issue("");
        clock.advance(Duration.ofMinutes(-5));

        assertThat(a.resolve(a.encode(fromTheFuture))).isEqualTo(new Malformed("issued in the future"));
    }

    @Test
    void resolve_peerClockSlightlyAhead_isAccepted() {
        clock.advance(Duration.ofSeconds(50));
        SessionCookie ahead = b.issue("");
        clock.advance(Duration.ofSeconds(-50));

        assertThat(a.resolve(a.encode(ahead))).isEqualTo(new Adopted(ahead));
    }

    @Test
    void resolve_forgedOrForeignOrGarbage_isNotValid() {
        SessionManager impostor = manager("evil", Keys.ring(Keys.key("k1", 66)), historyA);
        SessionManager otherPair = manager("other", Keys.ring(Keys.key("x9", 9)), historyA);

        assertThat(a.resolve(impostor.encode(impostor.issue("")))).isEqualTo(new BadMac("k1"));
        assertThat(a.resolve(otherPair.encode(otherPair.issue("")))).isEqualTo(new UnknownKey("x9"));
        assertThat(a.resolve("not a cookie")).isEqualTo(new Malformed("not base64url"));
        assertThat(a.resolve("x".repeat(10_000)).label()).isEqualTo("malformed");
        assertThat(new BadMac("k1").label()).isEqualTo("bad-mac");
        assertThat(new UnknownKey("x9").label()).isEqualTo("unknown-key");
    }

    @Test
    void renewal_notDue_sameBackend_sameKey_isEmpty() {
        SessionCookie cookie = a.issue("web1");
        clock.advance(Duration.ofSeconds(59));

        assertThat(a.renewal(cookie, "web1")).isEmpty();
    }

    @Test
    void renewal_due_reissuesWithSameIdAndIssueTime() {
        SessionCookie cookie = b.issue("web1");
        long issuedAt = cookie.issuedAt();
        clock.advance(Duration.ofSeconds(60));

        SessionCookie renewed = a.renewal(cookie, "web1").orElseThrow();

        assertThat(renewed).isEqualTo(new SessionCookie(cookie.id(), issuedAt, now(), "k1", "tandem-a", "web1"));
    }

    @Test
    void renewal_backendChanged_reissuesAtOnce() {
        SessionCookie cookie = a.issue("web1");

        assertThat(a.renewal(cookie, "web2")).hasValueSatisfying(c -> assertThat(c.backend()).isEqualTo("web2"));
        assertThat(a.renewal(cookie, "")).hasValueSatisfying(c -> assertThat(c.hasBackend()).isFalse());
    }

    @Test
    void renewal_keepsCheckpoint() {
        SessionCookie cookie = a.issue("web1").withCheckpoint(new byte[] {7, 7});
        clock.advance(Duration.ofMinutes(2));

        assertThat(a.renewal(cookie, "web1").orElseThrow().checkpoint()).containsExactly(7, 7);
    }

    @Test
    void keyRotation_oldKeyCookieStaysValid_andIsResignedWithNewKey() {
        SessionCookie cookie = a.issue("web1");
        String oldValue = a.encode(cookie);
        a.touch(cookie, false);

        a.replaceKeyRing(Keys.ring(K2, K1));
        b.replaceKeyRing(Keys.ring(K2, K1));

        assertThat(a.resolve(oldValue)).isInstanceOf(Known.class);
        assertThat(b.resolve(oldValue)).isInstanceOf(Adopted.class);
        SessionCookie renewed = a.renewal(cookie, "web1").orElseThrow(); // not due, but signed with k1
        assertThat(renewed.keyId()).isEqualTo("k2");
        assertThat(renewed.renewedAt()).isEqualTo(cookie.renewedAt());
        String newValue = a.encode(renewed);
        assertThat(a.resolve(newValue).validCookie()).hasValueSatisfying(c -> assertThat(c.keyId()).isEqualTo("k2"));
        assertThat(a.renewal(renewed, "web1")).isEmpty();

        // Once the old key is dropped, only cookies never re-signed are refused.
        a.replaceKeyRing(a.keyRing().without("k1"));
        assertThat(a.resolve(oldValue)).isEqualTo(new UnknownKey("k1"));
        assertThat(a.resolve(newValue)).isInstanceOf(Known.class);
    }

    @Test
    void constructor_invalidNodeId_isRejected() {
        assertThatThrownBy(() -> manager("node a", Keys.ring(K1), historyA))
                .hasMessage("nodeId: 'node a' (expected: 1-32 characters of [A-Za-z0-9_.-])");
    }

    @Test
    void accessors_exposeCollaborators() {
        assertThat(a.keyRing()).isEqualTo(Keys.ring(K1));
        assertThat(a.history()).isSameAs(historyA);
        assertThat(a.policy()).isEqualTo(SessionPolicy.defaults());
        assertThat(a.nodeId()).isEqualTo("tandem-a");
    }
}
