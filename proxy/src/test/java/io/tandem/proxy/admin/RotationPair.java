package io.tandem.proxy.admin;

import io.tandem.config.HaConfig;
import io.tandem.ha.KeyRingDigest;
import io.tandem.session.KeyRing;
import io.tandem.session.LocalHistory;
import io.tandem.session.MutableClock;
import io.tandem.session.SessionManager;
import io.tandem.session.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Pair members' key rotations wired over an in-memory channel that the test drives: messages wait
 * in a queue until {@link #deliver} (so a test can drop, replay or change them), a member can be
 * down (it neither sends nor receives, and its peers do not see it), and time moves only with
 * {@link #clock}. Each member keeps its ring in a key file of its own, so a restart reads back
 * what it saved. A member's view of a peer carries the peer's key-ring digest, and a peer whose
 * ring is incompatible is listed as refused, as the elector would.
 */
final class RotationPair {

    static final String GROUP = "shop-pair";

    record Envelope(String from, String body) {
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    final Map<String, Member> members = new LinkedHashMap<>();
    final Deque<Envelope> queue = new ArrayDeque<>();
    /** Every message ever sent, for replays. */
    final List<Envelope> sent = new ArrayList<>();

    RotationPair(Path dir, KeyRing ring, String... nodeIds) throws Exception {
        Files.createDirectories(dir);
        int port = 5701;
        for (String id : nodeIds) {
            Path keyFile = dir.resolve(id + ".keys");
            Files.writeString(keyFile, ring.toText());
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            members.put(id, new Member(id, "127.0.0.1:" + port++, GROUP, keyFile));
        }
        members.values().forEach(Member::start);
    }

    Member get(String id) {
        return members.get(id);
    }

    /** Delivers queued messages (and those they cause) to every member that is up, except the sender. */
    void deliver() {
        deliver(UnaryOperator.identity());
    }

    /** Like {@link #deliver()}, each message changed (or dropped: {@code null}) by {@code change} first. */
    void deliver(UnaryOperator<Envelope> change) {
        for (int guard = 0; !queue.isEmpty() && guard < 1000; guard++) {
            Envelope e = change.apply(queue.poll());
            if (e == null) {
                continue;
            }
            for (Member m : members.values()) {
                if (m.up && !m.id.equals(e.from())) {
                    m.rotation.receive(e.from(), e.body());
                }
            }
        }
    }

    /** Every member that is up ticks, then the messages are delivered. */
    void tick() {
        members.values().stream().filter(m -> m.up).forEach(m -> m.rotation.tick());
        deliver();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** The ring fingerprints of every member that is up agree on who can verify whose cookies. */
    Optional<String> conflict() {
        List<Member> up = members.values().stream().filter(m -> m.up).toList();
        for (Member x : up) {
            for (Member y : up) {
                Optional<String> c = x.digest().conflictWith(y.digest(), x.id, y.id);
                if (x != y && c.isPresent()) {
                    return c;
                }
            }
        }
        return Optional.empty();
    }

    final class Member {
        final String id;
        final String address;
        final String group;
        final Path keyFile;
        SessionManager sessions;
        PairKeyRotation rotation;
        boolean up = true;
        boolean witness;

        Member(String id, String address, String group, Path keyFile) {
            this.id = id;
            this.address = address;
            this.group = group;
            this.keyFile = keyFile;
        }

        /** (Re)starts the member from its key file, as a process restart would. */
        void start() {
            try {
                KeyRing ring = KeyRing.load(keyFile);
                sessions = new SessionManager(ring, SessionPolicy.defaults(), id,
                        new LocalHistory(1000, Duration.ofMinutes(20), clock), clock);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<HaConfig.MemberAddress> peers = members.values().stream().filter(m -> m != this)
                    .map(m -> new HaConfig.MemberAddress("127.0.0.1", Integer.parseInt(m.address.split(":")[1])))
                    .toList();
            rotation = new PairKeyRotation(group, peers, sessions, KeyRingStore.file(keyFile), new Link(this), clock,
                    r -> { });
            up = true;
        }

        KeyRing ring() {
            return sessions.keyRing();
        }

        KeyRingDigest digest() {
            return KeyRingDigests.of(ring());
        }

        String signing() {
            return ring().signingKey().id();
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private final class Link implements PairChannel {
        private final Member self;

        Link(Member self) {
            this.self = self;
        }

        @Override
        public void send(String message) {
            if (self.up) {
                Envelope e = new Envelope(self.id, message);
                queue.add(e);
                sent.add(e);
            }
        }

        @Override
        public List<Peer> peers() {
            List<Peer> peers = new ArrayList<>();
            for (Member m : members.values()) {
                if (m != self && m.up) {
                    Optional<String> refusal = m.witness ? Optional.empty()
                            : m.digest().conflictWith(self.digest(), m.id, self.id);
                    peers.add(new Peer(m.id, m.address, m.witness, m.digest(), refusal));
                }
            }
            return peers;
        }
    }
}
