package io.tandem.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs against a pair of stub members (a active, b standby, as their admin APIs report
 * them): status shows both; failover is sent to the active member only and waits for the peer to
 * report the active role at a higher epoch; refusals and wrong tokens are one line with exit 1;
 * key rotation is sent to the active member, waits until the peer accepted and then commits.
 * Fails if a verb acts on the standby, prints a stack
 * trace, or exits 0 after a failure.
 */
class PairVerbsTest {

    private final StubMember.Pair pair = new StubMember.Pair();
    private StubMember a;
    private StubMember b;
    private Map<String, String> env;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        a = new StubMember(pair, "demo-a", "active", "127.0.0.1:5701");
        b = new StubMember(pair, "demo-b", "standby", "127.0.0.1:5702");
        env = Map.of(AdminTargets.TOKEN_ENV, StubMember.TOKEN);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private Cli.Result run(String verb, String... more) {
        String[] args = new String[more.length + 5];
        args[0] = verb;
        System.arraycopy(more, 0, args, 1, more.length);
        args[more.length + 1] = "--admin";
        args[more.length + 2] = b.url(); // the standby first: verbs must find the active member themselves
        args[more.length + 3] = "--admin";
        args[more.length + 4] = a.url();
        Cli.Result result = Cli.run(env, args);
        assertThat(result.err()).as(result.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        return result;
    }

    @Test
    void status_showsEachMemberRoleEpochUptimeMembersAndBackends() {
        Cli.Result result = run("status");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains(
                "demo-b  standby  epoch 1  up 1h02m  " + b.url() + "\n",
                "demo-a  active  epoch 1  up 1h02m  " + a.url() + "\n",
                "  members      demo-a active epoch 1 (this member) at 127.0.0.1:5701, demo-b standby epoch 1 at 127.0.0.1:5702\n",
                "  backends     web1 up, web2 DOWN\n",
                "  key ring     ring01234567  config cfg012345678  version 0.1.0\n");
        assertThat(result.out()).doesNotContain("warning");
    }

    @Test
    void status_json_printsTheStatusDocumentsOneALine() {
        Cli.Result result = run("status", "--json");

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"node\":"));
    }

    @Test
    void status_withAMemberDown_showsWhy_andExits1() {
        b.close();
        Cli.Result result = run("status");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("cannot reach " + b.url() + " (connection refused: is the member running?)\n",
                "demo-a  active  epoch 1");
    }

    @Test
    void status_twoActiveMembers_warnsOfASplitBrain() {
        b.role = "active";

        assertThat(run("status").out())
                .contains("warning: 2 members report the active role: a split brain (docs/ha.md section 5)");
    }

    @Test
    void failover_goesToTheActiveMember_andWaitsForThePeer() {
        Cli.Result result = run("failover");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("failover accepted: demo-a (epoch 1) hands the active role to demo-b\n"
                + "  1. demo-a stops accepting connections\n  2. demo-b takes over\n");
        assertThat(result.out()).containsPattern("demo-b is active at epoch 2 after \\d+ ms; demo-a is standby\n");
        assertThat(a.requests).contains("POST /api/v1/ha/failover");
        assertThat(b.requests).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void failover_noWait_returnsOnceAccepted() {
        Cli.Result result = run("failover", "--no-wait");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).endsWith("not waiting: see 'tandem status' for the outcome\n");
    }

    @Test
    void failover_refused_isOneLineWithTheMembersReason() {
        pair.failoverAllowed = false;
        Cli.Result result = run("failover");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tandem failover: " + a.url()
                + ": 409 failover-refused: no standby member can take over from demo-a\n");
    }

    @Test
    void failover_withoutAnActiveMember_saysWhatEachReported() {
        a.role = "standby";
        Cli.Result result = run("failover");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tandem failover: no active member among those asked: demo-b: standby at "
                + "epoch 1; demo-a: standby at epoch 1\n");
    }

    @Test
    void wrongToken_isOne401Line() {
        env = Map.of(AdminTargets.TOKEN_ENV, "tdm_not-the-right-token-0123456789");
        Cli.Result result = run("failover");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tandem failover: " + b.url() + ": 401 unauthorized: the bearer token is "
                + "not valid (check --token-file, TANDEM_ADMIN_TOKEN or the demo's admin.token)\n");
    }

    @Test
    void keysRotate_onAPair_stagesOnTheActiveMember_waitsForThePeer_andCommits() {
        a.reply("POST", "/keys/rotate", 202, "{\"phase\":\"staged\",\"new_key\":\"k2\",\"previous_key\":\"k1\","
                + "\"accepted_by\":[\"demo-a\"],\"waiting_for\":[\"demo-b\"]}");
        a.reply("GET", "/keys", 200, "{\"signing_key\":\"k2\",\"keys\":[{\"id\":\"k2\",\"state\":\"signing\"},"
                + "{\"id\":\"k1\",\"state\":\"accepted\",\"retire_after\":\"2026-11-21T10:21:00.000Z\"}],"
                + "\"rotation\":{\"phase\":\"staged\",\"new_key\":\"k2\",\"accepted_by\":[\"demo-a\",\"demo-b\"],"
                + "\"waiting_for\":[]}}");
        a.reply("POST", "/keys/rotate/commit", 200, "{\"phase\":\"committed\",\"new_key\":\"k2\","
                + "\"previous_key\":\"k1\",\"accepted_by\":[\"demo-a\",\"demo-b\"],\"waiting_for\":[]}");

        Cli.Result result = run("keys", "rotate");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("staged k2 on demo-a: accepted, not signing yet (staged k2 (previous k1; "
                + "accepted by demo-a; waiting for demo-b))\n").contains("committed: demo-a signs with k2; k1 still "
                + "verifies older cookies until ");
        assertThat(a.requests).contains("POST /api/v1/keys/rotate", "POST /api/v1/keys/rotate/commit");
        assertThat(b.requests).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void keysRotate_peerNeverAccepts_failsNamingIt_andCommitsNothing() {
        a.reply("POST", "/keys/rotate", 202, "{\"phase\":\"staged\",\"new_key\":\"k2\",\"previous_key\":\"k1\","
                + "\"accepted_by\":[\"demo-a\"],\"waiting_for\":[\"demo-b\"]}");
        a.reply("GET", "/keys", 200, "{\"rotation\":{\"phase\":\"staged\",\"new_key\":\"k2\",\"accepted_by\":"
                + "[\"demo-a\"],\"waiting_for\":[\"demo-b\"],\"detail\":\"waiting for demo-b (demo-b: not in view)\"}}");

        Cli.Result result = run("keys", "rotate", "--wait", "1");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tandem keys rotate: k2 is staged but demo-b did not accept it within 1 s "
                + "(waiting for demo-b (demo-b: not in view)); nothing signs with it yet: commit later with 'tandem keys "
                + "commit' or drop it with 'tandem keys abort'\n");
        assertThat(a.requests).doesNotContain("POST /api/v1/keys/rotate/commit");
    }

    @Test
    void keysRotate_rotationAbortedMeanwhile_failsWithWhy() {
        a.reply("POST", "/keys/rotate", 202, "{\"phase\":\"staged\",\"new_key\":\"k2\",\"previous_key\":\"k1\","
                + "\"accepted_by\":[\"demo-a\"],\"waiting_for\":[\"demo-b\"]}");
        a.reply("GET", "/keys", 200, "{\"rotation\":{\"phase\":\"aborted\",\"new_key\":\"k2\",\"waiting_for\":"
                + "[\"demo-b\"],\"detail\":\"timed out: demo-b did not accept key k2 within 5 s\"}}");

        Cli.Result result = run("keys", "rotate");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tandem keys rotate: the rotation of k2 ended before every member accepted "
                + "it: aborted: timed out: demo-b did not accept key k2 within 5 s\n");
    }

    @Test
    void withoutAdminUrls_theDemoPairIsUsed() throws Exception {
        Files.writeString(dir.resolve("members"), a.url() + "\n" + b.url() + "\n");
        Files.writeString(dir.resolve("admin.token"), StubMember.TOKEN + "\n");
        Cli.Result result = Cli.run(Map.of(), "status", "--demo-dir", dir.toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("demo-a  active", "demo-b  standby");
    }

    @Test
    void withoutAnyTarget_isAUsageError() {
        Cli.Result result = Cli.run(Map.of(), "sessions", "--demo-dir", dir.resolve("none").toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).startsWith("tandem sessions: no --admin URL given and no demo found: ");
    }

    @Test
    void badOptions_areUsageErrors() {
        assertThat(run("sessions", "--limit", "0").err()).isEqualTo("tandem sessions: --limit: 0 (expected: 1..500)\n");
        assertThat(run("sessions", "--state", "new").exit()).isEqualTo(2);
        assertThat(run("failover", "--wait", "0").exit()).isEqualTo(2);
        assertThat(Cli.run(env, "status", "--bogus").exit()).isEqualTo(2);
    }
}
