package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.proxy.admin.KeyRotation.RotationRefused;
import io.tandem.proxy.admin.KeyRotation.RotationStatus;
import io.tandem.proxy.admin.RotationPair.Envelope;
import io.tandem.proxy.admin.RotationPair.Member;
import io.tandem.session.KeyRing;
import io.tandem.session.SessionCookie;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair-wide rotation as a state machine over a channel the test drives (lost, repeated,
 * changed and late messages; a peer down; restarts), with a hand-moved clock. After every step
 * the two rings must stay compatible (each accepts the key the other signs with), so no cookie
 * issued by either member is ever rejected by the other. Fails if a member signs with a key its
 * peer cannot verify, if a commit happens before every configured peer accepted, if a replayed
 * or forged message changes anything, or if a member that missed a message does not converge.
 */
class PairKeyRotationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private RotationPair pair;
    private Member a;
    private Member b;

    @BeforeEach
    void start() throws Exception {
        pair = new RotationPair(dir, KeyRing.generate("k1"), "a", "b");
        a = pair.get("a");
        b = pair.get("b");
    }

    private void assertCompatible() {
        assertThat(pair.conflict()).as("the rings of a (%s) and b (%s)", a.ring(), b.ring()).isEmpty();
    }

    @Test
    void stage_acceptedByThePeer_thenCommit_bothSignWithTheNewKey_andOldCookiesStayValid() throws Exception {
        SessionCookie old = a.sessions.issue("web1");
        String oldCookie = a.sessions.encode(old);

        RotationStatus staged = a.rotation.begin(TIMEOUT);
        String newKey = staged.newKey();
        assertThat(staged.phase()).isEqualTo("staged");
        assertThat(staged.acceptedBy()).containsExactly("a");
        assertThat(staged.waitingFor()).containsExactly("b");
        assertThat(staged.initiator()).isEqualTo("a");
        assertThat(staged.rotationId()).matches("r[0-9a-f]{12}-[0-9a-f]{8}");
        assertThatThrownBy(a.rotation::commit).isInstanceOf(RotationRefused.class)
                .hasMessageStartingWith("key " + newKey + " is not accepted yet by b (b: no answer yet)")
                .satisfies(e -> assertThat(((RotationRefused) e).waitingFor()).containsExactly("b"));
        assertCompatible();

        pair.deliver();
        assertThat(b.ring().keyIds()).containsExactly("k1", newKey);
        assertThat(b.signing()).isEqualTo("k1");
        assertThat(KeyRing.load(b.keyFile).keyIds()).as("saved before it is used").containsExactly("k1", newKey);
        assertThat(b.rotation.keys().keys()).extracting(KeyControl.KeyInfo::state).containsExactly("signing", "staged");
        assertThat(b.rotation.status().initiator()).isEqualTo("a");
        RotationStatus accepted = a.rotation.status();
        assertThat(accepted.acceptedBy()).containsExactly("a", "b");
        assertThat(accepted.waitingFor()).isEmpty();
        assertCompatible();

        RotationStatus committed = a.rotation.commit();
        assertThat(committed.phase()).isEqualTo("committed");
        assertThat(committed.previousKey()).isEqualTo("k1");
        assertThat(a.signing()).isEqualTo(newKey);
        assertThat(committed.waitingFor()).as("b does not sign with it before the commit reaches it").containsExactly("b");
        assertCompatible();
        pair.deliver();

        assertThat(b.signing()).isEqualTo(newKey);
        assertThat(b.ring()).isEqualTo(a.ring());
        assertThat(b.ring().fingerprint()).isEqualTo(a.ring().fingerprint());
        assertThat(a.rotation.status().waitingFor()).isEmpty();
        assertThat(b.sessions.resolve(oldCookie).isValid()).as("a cookie signed with k1, on b").isTrue();
        assertThat(b.sessions.renewal(old, "web1")).hasValueSatisfying(c -> assertThat(c.keyId()).isEqualTo(newKey));
        assertThat(KeyRing.load(b.keyFile).signingKey().id()).isEqualTo(newKey);
        assertThat(b.rotation.keys().keys()).extracting(KeyControl.KeyInfo::state).containsExactly("signing", "accepted");
    }

    @Test
    void peerDown_rotationWaitsNamingIt_commitIsRefused_thenItTimesOutCleanly() throws Exception {
        pair.tick(); // a has seen b
        b.up = false;
        String before = a.ring().fingerprint();

        RotationStatus staged = a.rotation.begin(TIMEOUT);
        assertThat(staged.waitingFor()).containsExactly("b");
        assertThat(staged.detail()).contains("waiting for b (b: not in view (down, cut off or not started))");
        assertThat(staged.expiresAt()).isEqualTo(pair.clock.instant().plus(TIMEOUT));
        assertThatThrownBy(a.rotation::commit).isInstanceOf(RotationRefused.class)
                .hasMessageContaining("is not accepted yet by b (b: not in view");
        assertThat(a.signing()).isEqualTo("k1");

        pair.advance(TIMEOUT.minusSeconds(1));
        pair.tick();
        assertThat(a.rotation.status().phase()).isEqualTo("staged");
        pair.advance(Duration.ofSeconds(1));
        pair.tick();

        RotationStatus aborted = a.rotation.status();
        assertThat(aborted.phase()).isEqualTo("aborted");
        assertThat(aborted.detail()).startsWith("timed out: b did not accept key " + staged.newKey() + " within 60 s");
        assertThat(a.ring().fingerprint()).isEqualTo(before);
        assertThat(KeyRing.load(a.keyFile).keyIds()).containsExactly("k1");
        assertThatThrownBy(a.rotation::commit).isInstanceOf(RotationRefused.class)
                .hasMessageStartingWith("no rotation is staged: the last one (" + staged.rotationId() + ", key "
                        + staged.newKey() + ") ended at ");
    }

    @Test
    void peerDown_operatorAborts_andTheMemberThatComesBackHasNothingToUndo() throws Exception {
        b.up = false;
        RotationStatus staged = a.rotation.begin(TIMEOUT);

        RotationStatus aborted = a.rotation.abort();
        assertThat(aborted.phase()).isEqualTo("aborted");
        assertThat(aborted.detail()).startsWith("aborted by an operator on a");
        b.up = true;
        pair.tick();

        assertThat(a.ring().keyIds()).containsExactly("k1");
        assertThat(b.ring().keyIds()).containsExactly("k1");
        assertThat(b.ring().find(staged.newKey())).isEmpty();
    }

    @Test
    void peerAcceptedThenAbort_dropsTheStagedKeyOnBoth() {
        RotationStatus staged = a.rotation.begin(TIMEOUT);
        pair.deliver();
        assertThat(b.ring().find(staged.newKey())).isPresent();
        assertThatThrownBy(b.rotation::abort).as("b is not the initiator, and a is in view")
                .hasMessage("rotation " + staged.rotationId() + " was started by a: abort it there (this member follows)");
        assertThatThrownBy(b.rotation::commit).hasMessageStartingWith("rotation " + staged.rotationId()
                + " was started by a: commit it there");

        a.rotation.abort();
        pair.deliver();

        assertThat(b.ring().keyIds()).containsExactly("k1");
        assertThat(b.rotation.status().phase()).isEqualTo("aborted");
        assertCompatible();
    }

    @Test
    void lostAbort_thePeerDropsTheKeyWhenItSeesTheInitiatorNoLongerHoldsIt() {
        RotationStatus staged = a.rotation.begin(TIMEOUT);
        pair.deliver();
        a.rotation.abort();
        pair.queue.clear(); // the abort is lost, and so are its re-sends
        pair.sent.clear();

        pair.advance(Duration.ofSeconds(1));
        b.rotation.tick();
        pair.queue.clear();
        assertThat(b.ring().find(staged.newKey())).as("not before the initiator lacked it for a while").isPresent();
        pair.advance(Duration.ofSeconds(PairKeyRotation.LACKING_SECONDS));
        b.rotation.tick();

        assertThat(b.ring().keyIds()).containsExactly("k1");
    }

    @Test
    void lostCommit_thePeerFollowsWhenItSeesTheInitiatorSignWithTheStagedKey() {
        RotationStatus staged = a.rotation.begin(TIMEOUT);
        pair.deliver();
        a.rotation.commit();
        pair.queue.clear(); // commit lost
        assertCompatible();

        b.rotation.tick();

        assertThat(b.signing()).isEqualTo(staged.newKey());
        assertThat(b.ring()).isEqualTo(a.ring());
    }

    @Test
    void lostAcceptance_theRepeatedStageIsAnsweredAgain() {
        a.rotation.begin(TIMEOUT);
        pair.deliver(e -> e.from().equals("b") ? null : e); // b's answer lost
        assertThat(a.rotation.status().waitingFor()).containsExactly("b");

        pair.advance(PairKeyRotation.RESEND);
        pair.tick();

        assertThat(a.rotation.status().waitingFor()).isEmpty();
        assertThat(b.ring().keyIds()).hasSize(2);
    }

    @Test
    void peerRestartsWhileStaged_keepsTheKeyStaged_andCommitsLater() {
        RotationStatus staged = a.rotation.begin(TIMEOUT);
        pair.deliver();
        b.up = false;
        b.start(); // a restart: reads ring and state back from its key file

        assertThat(b.rotation.status().phase()).isEqualTo("staged");
        assertThat(b.rotation.status().rotationId()).isEqualTo(staged.rotationId());
        assertThat(b.rotation.keys().keys()).extracting(KeyControl.KeyInfo::state).containsExactly("signing", "staged");
        a.rotation.commit();
        pair.deliver();

        assertThat(b.signing()).isEqualTo(staged.newKey());
    }

    @Test
    void memberThatMissedTheWholeRotation_isBroughtUpToDate() throws Exception {
        KeyRing original = a.ring();
        RotationStatus staged = a.rotation.begin(TIMEOUT);
        pair.deliver();
        a.rotation.commit();
        pair.deliver();
        // b is restored from a backup taken before the rotation
        b.up = false;
        java.nio.file.Files.writeString(b.keyFile, original.toText());
        b.start();
        assertThat(pair.conflict()).as("a signs with a key the restored b lacks").isPresent();

        pair.tick();

        assertThat(b.signing()).isEqualTo(staged.newKey());
        assertThat(b.ring().keyIds()).containsExactly(staged.newKey(), "k1");
        assertCompatible();
    }

    @Test
    void replayedStage_ofAFinishedRotation_isIgnored() {
        RotationStatus first = a.rotation.begin(TIMEOUT);
        pair.deliver();
        a.rotation.commit();
        pair.deliver();
        Envelope oldStage = pair.sent.stream().filter(e -> e.body().contains("\tstage\t")).findFirst().orElseThrow();
        pair.advance(Duration.ofMinutes(30));
        a.rotation.retire("k1");
        pair.deliver();
        assertThat(b.ring().keyIds()).containsExactly(first.newKey());
        int sentBefore = pair.sent.size();

        pair.queue.add(oldStage);
        pair.deliver();

        assertThat(b.ring().keyIds()).containsExactly(first.newKey());
        assertThat(b.rotation.status().phase()).isEqualTo("committed");
        assertThat(pair.sent).hasSize(sentBefore); // no acceptance for a replay
    }

    @Test
    void replayedCommit_ofAnOlderRotation_doesNotSwitchBack() {
        RotationStatus first = a.rotation.begin(TIMEOUT);
        pair.deliver();
        a.rotation.commit();
        pair.deliver();
        List<Envelope> firstCommit = pair.sent.stream().filter(e -> e.body().contains("\tcommit\t")).toList();
        pair.advance(Duration.ofSeconds(5));
        RotationStatus second = a.rotation.begin(TIMEOUT);
        pair.deliver();
        a.rotation.commit();
        pair.deliver();
        assertThat(b.signing()).isEqualTo(second.newKey());

        pair.queue.addAll(firstCommit);
        pair.deliver();

        assertThat(b.signing()).isEqualTo(second.newKey());
        assertThat(b.ring().keyIds()).containsExactly(second.newKey(), first.newKey(), "k1");
        assertCompatible();
    }

    @Test
    void tamperedStage_isDeclined_andTheInitiatorSaysWhy() {
        RotationStatus staged = a.rotation.begin(TIMEOUT);

        pair.deliver(e -> e.body().contains("\tstage\t") ? new Envelope(e.from(), flipLastChar(e.body())) : e);

        assertThat(b.ring().keyIds()).containsExactly("k1");
        RotationStatus status = a.rotation.status();
        assertThat(status.waitingFor()).containsExactly("b");
        assertThat(status.detail()).contains("b: declined: cannot open the new key: sealed key of " + staged.newKey()
                + " does not open with key k1 of this ring");
    }

    @Test
    void stageFromAnotherGroup_isIgnored() {
        a.rotation.begin(TIMEOUT);
        int sentBefore = pair.sent.size();

        pair.deliver(e -> new Envelope(e.from(), e.body().replace("\tshop-pair\t", "\tother-pair\t")));

        assertThat(b.ring().keyIds()).containsExactly("k1");
        assertThat(pair.sent).hasSize(sentBefore);
    }

    @Test
    void forgedAcceptance_withoutTheKey_isNotCounted() {
        RotationStatus staged = a.rotation.begin(TIMEOUT);
        pair.queue.clear();
        String forged = String.join("\t", "tandem-keys/1", "accepted", RotationPair.GROUP, staged.rotationId(),
                staged.newKey(), "A".repeat(43));

        a.rotation.receive("b", forged);

        assertThat(a.rotation.status().waitingFor()).containsExactly("b");
    }

    @Test
    void peerWithAnotherRing_cannotOpenTheKey_andTheRotationTimesOut() throws Exception {
        b.up = false;
        java.nio.file.Files.writeString(b.keyFile, KeyRing.generate("k1").toText());
        b.start();
        RotationStatus staged = a.rotation.begin(TIMEOUT);
        pair.deliver();

        assertThat(b.ring().keyIds()).containsExactly("k1");
        assertThat(a.rotation.status().detail()).contains("b: declined: cannot open the new key");
        pair.advance(TIMEOUT);
        pair.tick();
        assertThat(a.rotation.status().phase()).isEqualTo("aborted");
        assertThat(a.ring().find(staged.newKey())).isEmpty();
    }

    @Test
    void twoRotationsStartedAtOnce_theEarlierWins_andOnlyOneKeyIsStaged() {
        RotationStatus fromA = a.rotation.begin(TIMEOUT);
        RotationStatus fromB = b.rotation.begin(TIMEOUT);
        String winner = fromA.rotationId().compareTo(fromB.rotationId()) < 0 ? "a" : "b";

        pair.deliver();
        pair.advance(PairKeyRotation.RESEND);
        pair.tick();

        Member w = pair.get(winner);
        Member loser = w == a ? b : a;
        assertThat(w.rotation.status().phase()).isEqualTo("staged");
        assertThat(w.rotation.status().waitingFor()).isEmpty();
        assertThat(loser.rotation.status().initiator()).isEqualTo(winner);
        assertThat(a.ring().keyIds()).hasSize(2).isEqualTo(b.ring().keyIds());
        w.rotation.commit();
        pair.deliver();
        assertThat(a.ring()).isEqualTo(b.ring());
    }

    @Test
    void retire_onOneMember_retiresOnThePeerOnceItsOwnGraceIsOver() {
        a.rotation.begin(TIMEOUT);
        pair.deliver();
        a.rotation.commit();
        pair.deliver();
        assertThatThrownBy(() -> a.rotation.retire("k1")).hasMessageStartingWith("key k1 may still verify valid "
                + "cookies until ");

        pair.advance(a.rotation.grace());
        a.rotation.retire("k1");
        pair.deliver();

        assertThat(a.ring().keyIds()).hasSize(1);
        assertThat(b.ring()).isEqualTo(a.ring());
    }

    @Test
    void configuredPeerNeverSeen_isNamedByItsAddress() {
        b.up = false;

        RotationStatus staged = a.rotation.begin(TIMEOUT);

        assertThat(staged.waitingFor()).containsExactly("127.0.0.1:5702");
        assertThat(staged.detail()).contains("configured peer at 127.0.0.1:5702 not in view since this member started");
    }

    @Test
    void witnessPeer_isNotWaitedFor() throws Exception {
        RotationPair trio = new RotationPair(dir.resolve("trio"), KeyRing.generate("k1"), "a", "b", "w");
        trio.get("w").witness = true;
        trio.get("w").up = true;

        RotationStatus staged = trio.get("a").rotation.begin(TIMEOUT);
        assertThat(staged.waitingFor()).containsExactly("b");
    }

    private static String flipLastChar(String body) {
        char last = body.charAt(body.length() - 1);
        return body.substring(0, body.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
