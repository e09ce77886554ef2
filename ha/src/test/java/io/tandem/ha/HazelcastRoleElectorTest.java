package io.tandem.ha;

import static io.tandem.ha.TestMember.freePort;
import static io.tandem.ha.TestMember.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.tandem.config.HaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Pairs of real, embedded Hazelcast members on 127.0.0.1 in one JVM. Each test says what it
 * guards. Waits are for conditions, never for time; every wait is bounded.
 */
class HazelcastRoleElectorTest {

    private static final Duration SETTLED = Duration.ofSeconds(10);

    private final List<TestMember> started = new ArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger electorLogger = (Logger) LoggerFactory.getLogger(HazelcastRoleElector.class);

    @BeforeEach
    void captureLog() {
        log.start();
        electorLogger.addAppender(log);
    }

    @AfterEach
    void stopAll() {
        started.forEach(TestMember::close);
        electorLogger.detachAppender(log);
    }

    /**
     * Guards the override-off rule and the epoch: the first member becomes active at epoch 1; a
     * member with a better priority that joins later does not take over a healthy active member.
     */
    @Test
    void secondMember_withBetterPriority_staysStandby_whenOverrideIsOff() {
        TestMember a = run(member("a").priority(5).start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        TestMember b = run(member("b").priority(1).peers(a.port).start());

        await().atMost(SETTLED).until(() -> !b.changes.isEmpty());
        assertThat(a.changes).containsExactly(new RoleChange(Role.ACTIVE, 1, "a is the only member that can be active"));
        assertThat(b.changes).singleElement().satisfies(c -> {
            assertThat(c.role()).isEqualTo(Role.STANDBY);
            assertThat(c.epoch()).isEqualTo(1);
            assertThat(c.reason()).endsWith("a stays active (epoch 1): b has a better priority but no override");
        });
        assertThat(b.elector.epoch()).isEqualTo(1);
        await().atMost(SETTLED).untilAsserted(() -> assertThat(a.elector.members())
                .extracting(m -> m.identity().nodeId() + "=" + m.role() + (m.self() ? "*" : ""))
                .containsExactly("a=ACTIVE*", "b=STANDBY"));
        assertThat(log()).contains("role change: node=a role=ACTIVE epoch=1 reason=a is the only member that can be active");
    }

    /**
     * Guards failover: when the active member dies without a goodbye, the standby becomes active
     * within a couple of seconds with a higher epoch, and says why.
     */
    @Test
    void activeMemberDies_standbyTakesOver_withHigherEpoch() {
        TestMember a = run(member("a").priority(1).start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        TestMember b = run(member("b").priority(5).peers(a.port).start());
        await().atMost(SETTLED).until(() -> b.is(Role.STANDBY));
        assertThat(b.elector.epoch()).isEqualTo(1);

        a.elector.terminateAbruptly(); // in-JVM this call itself can take seconds; b may take over meanwhile

        await().atMost(Duration.ofSeconds(3)).until(() -> b.is(Role.ACTIVE));
        assertThat(b.lastChange().epoch()).isEqualTo(2);
        assertThat(b.elector.epoch()).isEqualTo(2);
        assertThat(b.lastChange().reason()).isEqualTo(
                "peer a left without a goodbye (crashed, killed, frozen or cut off); b is the only member that can be active");
    }

    /**
     * Guards the planned switchover order: the active member is told to stand down and returns
     * from its listener (the proxy has released the service listener) before the standby is
     * told to take over; the old active member then stays standby (no flapping).
     */
    @Test
    void requestSwitchover_movesTheRole_afterTheActiveMemberReleasedIt() {
        List<String> order = new CopyOnWriteArrayList<>();
        TestMember a = run(member("a").priority(1).build());
        TestMember b = run(member("b").priority(5).peers(a.port).build());
        List<Role> bRoleWhileADrains = new CopyOnWriteArrayList<>();
        a.onChange(change -> {
            if (change.role() == Role.STANDBY) {
                bRoleWhileADrains.add(b.role());
            }
            order.add("a:" + change.role());
        }).start();
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        b.onChange(change -> order.add("b:" + change.role())).start();
        await().atMost(SETTLED).until(() -> b.elector.members().size() == 2 && !b.changes.isEmpty());
        assertThat(b.elector.requestSwitchover()).as("switchover on the standby").isFalse();

        assertThat(a.elector.requestSwitchover()).isTrue();

        await().atMost(SETTLED).until(() -> b.is(Role.ACTIVE));
        assertThat(order).containsExactly("a:ACTIVE", "b:STANDBY", "a:STANDBY", "b:ACTIVE");
        assertThat(bRoleWhileADrains).containsExactly(Role.STANDBY);
        assertThat(a.lastChange()).isEqualTo(new RoleChange(Role.STANDBY, 1, "planned switchover to b (requested)"));
        assertThat(b.lastChange()).isEqualTo(new RoleChange(Role.ACTIVE, 2, "a hands over to b"));
        // a has the better priority but no override: once it knows b holds epoch 2, it stays standby.
        await().atMost(SETTLED).untilAsserted(() -> assertThat(a.elector.members())
                .extracting(m -> m.identity().nodeId() + "=" + m.role() + "@" + m.epoch())
                .containsExactly("a=STANDBY@2", "b=ACTIVE@2"));
        assertThat(a.changes).hasSize(2);
        assertThat(a.role()).isEqualTo(Role.STANDBY);
    }

    /** Guards override: a member with override and a better priority gets the role through a hand-over. */
    @Test
    void override_betterPriorityJoiningLater_takesOverThroughAHandOver() {
        TestMember a = run(member("a").priority(5).start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        TestMember b = run(member("b").priority(1).override().peers(a.port).start());

        await().atMost(SETTLED).until(() -> b.is(Role.ACTIVE));
        assertThat(a.lastChange()).isEqualTo(new RoleChange(Role.STANDBY, 1,
                "peer b joined; planned switchover to b (b has a better priority (1 < 5) and override: a hands over)"));
        assertThat(b.lastChange().epoch()).isEqualTo(2);
        assertThat(b.lastChange().reason()).isEqualTo("a hands over to b");
        assertThat(a.role()).isEqualTo(Role.STANDBY);
        assertThat(b.elector.requestSwitchover()).as("a switchover that override would undo").isFalse();
    }

    /**
     * Guards the pair consistency check: a member with another key ring is refused loudly, with
     * both fingerprints, takes no part (the active member is not disturbed) and stays standby
     * saying why; once it publishes the right fingerprint it is accepted.
     */
    @Test
    void keyRingMismatch_refusesTheNewcomer_untilItPublishesTheSameFingerprint() {
        TestMember a = run(member("a").priority(5).fingerprint("5a1e0f").start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        TestMember b = run(member("b").priority(1).override().fingerprint("0ddba11").peers(a.port).start());

        await().atMost(SETTLED).until(() -> !a.elector.refusedMembers().isEmpty() && !b.changes.isEmpty());
        String why = "key-ring fingerprint 0ddba11 differs from the pair's 5a1e0f (held by a); "
                + "both members need the same session key ring";
        assertThat(a.elector.refusedMembers())
                .containsExactly(new RefusedMember("b", "127.0.0.1:" + b.port, why, "0ddba11"));
        assertThat(a.elector.members()).extracting(m -> m.identity().nodeId()).containsExactly("a");
        assertThat(b.changes).containsExactly(new RoleChange(Role.STANDBY, 1, "this member is refused: " + why));
        assertThat(a.changes).hasSize(1);
        assertThat(log()).contains(
                "refusing member b at 127.0.0.1:" + b.port + ": " + why + "; it takes no part in the election",
                "this member (b) is refused by group shop-pair: " + why + "; it stays STANDBY while it sees the pair");
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().startsWith("refusing member b"))
                .singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.ERROR);

        b.elector.updateDigests("c1", "5a1e0f"); // e.g. the right key ring was installed and reloaded

        await().atMost(SETTLED).until(() -> a.elector.refusedMembers().isEmpty() && b.is(Role.ACTIVE));
        assertThat(b.lastChange().reason()).isEqualTo("a hands over to b"); // override now applies
    }

    /**
     * Guards the tolerance of a pair-wide key rotation: while one member has a key staged, signs
     * with the new key a moment before the other, or retired the old key first, neither refuses
     * the other; a member that signs with a key its peer lacks is refused at once. Fails if a
     * rotation state makes the pair refuse its standby (then a failover would log everybody out
     * or could not happen).
     */
    @Test
    void keyRotationStates_areTolerated_butAForeignSigningKeyIsRefused() {
        TestMember a = run(member("a").priority(1).fingerprint("f1;k1").start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        TestMember b = run(member("b").priority(2).fingerprint("f1;k1").peers(a.port).start());
        await().atMost(SETTLED).until(() -> a.elector.members().size() == 2 && b.is(Role.STANDBY));

        for (String[] step : new String[][] {{"f2;k1,k2", "f1;k1"}, {"f2;k1,k2", "f2;k1,k2"}, {"f3;k2,k1", "f2;k1,k2"},
                {"f3;k2,k1", "f3;k2,k1"}, {"f4;k2", "f3;k2,k1"}, {"f4;k2", "f4;k2"}}) {
            a.elector.updateDigests("c1", step[0]);
            b.elector.updateDigests("c1", step[1]);
            await().atMost(SETTLED).until(() -> a.elector.members().stream().anyMatch(
                    m -> !m.self() && m.identity().keyRingFingerprint().equals(step[1])));
            assertThat(a.elector.refusedMembers()).as("a=%s b=%s", step[0], step[1]).isEmpty();
            assertThat(b.elector.refusedMembers()).as("a=%s b=%s", step[0], step[1]).isEmpty();
        }
        b.elector.updateDigests("c1", "f1;k1"); // b went back to a ring without the key a signs with

        await().atMost(SETTLED).until(() -> !a.elector.refusedMembers().isEmpty());
        assertThat(a.elector.refusedMembers()).singleElement().extracting(RefusedMember::reason)
                .isEqualTo("key-ring fingerprint f1 differs from the pair's f4 (held by a) and b signs with key k1, "
                        + "which a's ring lacks, and a signs with key k2, which b's ring lacks; both members need the "
                        + "same session key ring");
        assertThat(a.is(Role.ACTIVE)).isTrue();
    }

    /**
     * Guards the application channel: a message sent by one member reaches the other's receiver
     * with the sender's node id, never the sender itself, and a body that could not travel as
     * printable text is refused when sent.
     */
    @Test
    void peerMessages_reachTheOtherMember_withTheSendersNodeId() {
        List<PeerMessage> atA = new CopyOnWriteArrayList<>();
        List<PeerMessage> atB = new CopyOnWriteArrayList<>();
        TestMember a = member("a").priority(1).build();
        a.elector.onPeerMessage(atA::add);
        run(a.start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        TestMember b = member("b").priority(2).peers(a.port).build();
        b.elector.onPeerMessage(atB::add);
        run(b.start());
        await().atMost(SETTLED).until(() -> a.elector.members().size() == 2);

        a.elector.sendToPeers("tandem-keys/1\thello b");
        b.elector.sendToPeers("hello a");

        await().atMost(SETTLED).until(() -> atA.size() == 1 && atB.size() == 1);
        assertThat(atB).containsExactly(new PeerMessage("a", "tandem-keys/1\thello b"));
        assertThat(atA).containsExactly(new PeerMessage("b", "hello a"));
        assertThatThrownBy(() -> a.elector.sendToPeers("line\nbreak")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.elector.sendToPeers("x".repeat(PeerMessage.MAX_BODY + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Guards quorum with a witness: a lone member of three configured is never active; with a
     * second member the better priority is chosen; the witness is never active; losing the
     * active member hands the role over; losing the quorum takes it away.
     */
    @Test
    void majorityQuorum_withWitness_onlyTheSideWithTheMajorityIsActive() {
        int aPort = freePort();
        int bPort = freePort();
        int wPort = freePort();
        TestMember a = run(member("a").priority(5).port(aPort).peers(bPort, wPort).majority().start());
        await().atMost(SETTLED).until(() -> !a.changes.isEmpty());
        assertThat(a.changes).containsExactly(new RoleChange(Role.STANDBY, 0,
                "no quorum: 1 of 3 configured members in view, 2 needed"));

        TestMember b = run(member("b").priority(1).port(bPort).peers(aPort, wPort).majority().start());
        await().atMost(SETTLED).until(() -> b.is(Role.ACTIVE));
        TestMember w = run(member("w").priority(0).witness().fingerprint("").port(wPort).peers(aPort, bPort)
                .majority().start());
        await().atMost(SETTLED).until(() -> a.elector.members().size() == 3 && !w.changes.isEmpty());
        assertThat(w.role()).isEqualTo(Role.STANDBY);
        assertThat(a.role()).isEqualTo(Role.STANDBY);

        b.elector.terminateAbruptly();
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        assertThat(a.lastChange().epoch()).isEqualTo(2);
        assertThat(w.role()).isEqualTo(Role.STANDBY);

        w.elector.terminateAbruptly();
        await().atMost(SETTLED).until(() -> a.is(Role.STANDBY));
        assertThat(a.lastChange().reason()).endsWith("no quorum: 1 of 3 configured members in view, 2 needed");
        assertThat(log()).anyMatch(line -> line.startsWith("role change: node=a role=STANDBY epoch=2 reason=peer w left"));
    }

    /**
     * Guards split-brain convergence: two members that formed separate groups are both active;
     * once one finds the other, the groups merge and exactly one stays active (the better
     * priority at equal epochs); the loser logs its step-down.
     */
    @Test
    void splitBrain_bothActive_thenExactlyOneRemainsAfterTheMerge() {
        int bPort = freePort();
        TestMember a = run(member("a").priority(5).peers(bPort).start()); // b is not up: a forms its own group
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        // b knows no peer: it forms its own group too, until a's merge check finds it.
        TestMember b = run(member("b").priority(1).port(bPort).start());
        await().atMost(SETTLED).until(() -> b.is(Role.ACTIVE));
        assertThat(a.lastChange().epoch()).isEqualTo(1);
        assertThat(b.lastChange().epoch()).isEqualTo(1);

        long before = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> a.is(Role.STANDBY));
        System.out.printf("split brain converged after %d ms%n", (System.nanoTime() - before) / 1_000_000);
        assertThat(b.role()).isEqualTo(Role.ACTIVE);
        assertThat(a.lastChange().reason()).contains("b stays active: 2 active members at epoch 1, b ranks first");
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().startsWith("role change: node=a role=STANDBY"))
                .singleElement().extracting(ILoggingEvent::getLevel).isEqualTo(Level.WARN);
        await().atMost(SETTLED).untilAsserted(() -> assertThat(b.elector.members()).hasSize(2));
        assertThat(b.changes).hasSize(1);
    }

    /**
     * Guards the fencing of a frozen member: an active member whose process was paused longer
     * than a peer waits for its heartbeats steps down at once, holds off while the group could
     * still be merging it back, then decides again with a new epoch.
     */
    @Test
    void pausedActiveMember_stepsDown_thenDecidesAgainWithANewEpoch() {
        TestMember a = run(member("a").start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));

        a.clockOffset.addAndGet(Duration.ofSeconds(10).toNanos()); // as if SIGSTOP'ed for 10 s

        await().atMost(SETTLED).until(() -> a.changes.size() >= 2);
        assertThat(a.changes.get(1).role()).isEqualTo(Role.STANDBY);
        assertThat(a.changes.get(1).reason()).startsWith("this member was paused for ")
                .endsWith(" ms, longer than a peer waits for its heartbeats (1000 ms): stepping down in case the peer took over");
        long steppedDown = System.nanoTime();
        await().atMost(Duration.ofSeconds(15)).until(() -> a.is(Role.ACTIVE));
        assertThat(a.lastChange().epoch()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - steppedDown)).as("hold after the pause")
                .isGreaterThan(Duration.ofSeconds(7)); // 2 x 2 s + 200 ms + 2 x 2 s, less a tick
    }

    /** Guards a clean shutdown: the peer learns it was a goodbye, not a failure, and takes over. */
    @Test
    void close_saysGoodbye_andThePeerTakesOver() {
        TestMember a = run(member("a").priority(1).start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        TestMember b = run(member("b").priority(5).peers(a.port).start());
        await().atMost(SETTLED).until(() -> b.elector.members().size() == 2 && !b.changes.isEmpty());

        a.close();

        await().atMost(SETTLED).until(() -> b.is(Role.ACTIVE));
        assertThat(b.lastChange().reason()).isEqualTo("peer a left (shut down); b is the only member that can be active");
    }

    /** Guards the group boundary: a member of another group never joins, even when pointed at. */
    @Test
    void differentGroup_neverJoins() {
        TestMember a = run(member("a").group("pair-one").start());
        TestMember b = run(member("b").group("pair-two").peers(a.port).start());

        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE) && b.is(Role.ACTIVE));
        assertThat(a.elector.members()).hasSize(1);
        assertThat(b.elector.members()).hasSize(1);
    }

    /**
     * Guards a proxy that cannot take the active role (e.g. the service port is taken): the
     * member steps down rather than claim a role it cannot serve, and tries again later.
     */
    @Test
    void listenerFailingToTakeTheActiveRole_stepsDown_andRetries() {
        AtomicInteger attempts = new AtomicInteger();
        TestMember a = run(member("a").build());
        a.onChange(change -> {
            if (change.role() == Role.ACTIVE && attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("port 8080 in use");
            }
        }).start();

        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE) && attempts.get() == 2);
        assertThat(a.changes).extracting(RoleChange::role, RoleChange::epoch).containsExactly(
                tuple(Role.STANDBY, 1L),
                tuple(Role.ACTIVE, 2L));
        assertThat(a.changes.get(0).reason()).isEqualTo(
                "the role-change listener failed to take the active role; retrying in 2200 ms unless the peer takes over");
    }

    /** Guards start-up failures: a taken HA port fails start() at once instead of moving to another port. */
    @Test
    void start_onATakenPort_fails() {
        TestMember a = run(member("a").start());
        TestMember b = run(member("b").port(a.port).build());

        assertThatThrownBy(b::start).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot start the HA member at 127.0.0.1:" + a.port + ": ");
        assertThatThrownBy(a::start).isInstanceOf(IllegalStateException.class).hasMessage("already started");
    }

    /**
     * Guards the identity check: a Hazelcast member of the same group that publishes no Tandem
     * identity is refused and never counted.
     */
    @Test
    void foreignMember_withoutTandemIdentity_isRefused() {
        TestMember a = run(member("a").start());
        await().atMost(SETTLED).until(() -> a.is(Role.ACTIVE));
        HaConfig foreignHa = new HaConfig(true, "shop-pair", 5, false, new HaConfig.MemberAddress("127.0.0.1", freePort()),
                List.of(new HaConfig.MemberAddress("127.0.0.1", a.port)), TestMember.INTERVAL, TestMember.THRESHOLD,
                HaConfig.Takeover.LISTENER, HaConfig.Quorum.NONE, false);
        Config config = HazelcastMemberConfig.build(foreignHa, new NodeIdentity("x", 0, true, false, "", "", 0));
        config.getMemberAttributeConfig().setAttributes(Map.of());
        HazelcastInstance foreign = Hazelcast.newHazelcastInstance(config);
        try {
            await().atMost(SETTLED).until(() -> !a.elector.refusedMembers().isEmpty());
            assertThat(a.elector.refusedMembers()).singleElement().satisfies(r -> {
                assertThat(r.nodeId()).isEqualTo("(unknown)");
                assertThat(r.reason()).isEqualTo("published no Tandem identity (not a Tandem member of this version)");
            });
            assertThat(a.elector.members()).hasSize(1);
            assertThat(a.changes).hasSize(1);
        } finally {
            foreign.getLifecycleService().terminate();
        }
    }

    private TestMember run(TestMember m) {
        started.add(m);
        return m;
    }

    private List<String> log() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
