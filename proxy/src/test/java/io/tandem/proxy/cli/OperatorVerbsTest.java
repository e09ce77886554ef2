package io.tandem.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.proxy.TandemServer;
import io.tandem.proxy.admin.AdminRole;
import io.tandem.proxy.admin.AdminServer;
import io.tandem.proxy.admin.AdminSettings;
import io.tandem.proxy.admin.FileConfigControl;
import io.tandem.proxy.admin.KeyRingStore;
import io.tandem.proxy.admin.TokenHashes;
import io.tandem.session.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs against a real admin API: a standalone member ({@link TandemServer}, not started:
 * nothing but the admin listener binds) behind an {@link AdminServer} on a free loopback port.
 * Fails if a verb misreads what the API answers, if the key rotation does not end with the new
 * key signing (and saved), or if an error of the API is not one line with exit 1.
 */
class OperatorVerbsTest {

    private static final String ADMIN = "tdm_admin-token-for-cli-tests-0123456789";
    private static final String VIEWER = "tdm_viewer-token-for-cli-tests-012345678";
    private static final String ADMIN_HASH = TokenHashes.hash(ADMIN);
    private static final String VIEWER_HASH = TokenHashes.hash(VIEWER);
    private static final String CONFIG = """
            node:
              id: solo
            listener:
              port: 18080
            backends:
              - id: web1
                url: http://127.0.0.1:19001
            session:
              keys:
                file: keys
            """;

    @TempDir
    Path dir;
    private TandemServer member;
    private AdminServer admin;
    private String url;

    @BeforeEach
    void start() throws Exception {
        Path config = dir.resolve("tandem.yaml");
        Files.writeString(config, CONFIG);
        Files.writeString(dir.resolve("keys"), KeyRing.generate("k1").toText());
        Files.setPosixFilePermissions(dir.resolve("keys"), PosixFilePermissions.fromString("rw-------"));
        TandemConfig parsed = ConfigLoader.load(config);
        member = new TandemServer(parsed, KeyRing.load(dir.resolve("keys")), Clock.systemUTC());
        admin = new AdminServer(AdminSettings.loopback(0, List.of(
                new AdminSettings.Token("ops", AdminRole.ADMIN, ADMIN_HASH),
                new AdminSettings.Token("viewer", AdminRole.READ_ONLY, VIEWER_HASH))),
                member.adminServices(new FileConfigControl(config, parsed, member::applyConfig),
                        KeyRingStore.file(dir.resolve("keys")), "0.1.0"), Clock.systemUTC());
        admin.start();
        url = "http://127.0.0.1:" + admin.port();
    }

    @AfterEach
    void stop() {
        admin.close();
        member.close();
    }

    private Cli.Result run(String token, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--admin";
        all[args.length + 1] = url;
        Cli.Result result = Cli.run(Map.of(AdminTargets.TOKEN_ENV, token), all);
        assertThat(result.err()).as(result.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        return result;
    }

    @Test
    void status_ofAStandaloneMember() {
        Cli.Result result = run(VIEWER, "status");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("solo  active  epoch 1  up ")
                .contains("  members      solo active epoch 1 (this member)\n", "  backends     web1 ");
    }

    @Test
    void sessions_listsTheLocalTable_newestFirst_withFilters() {
        for (int i = 0; i < 3; i++) {
            member.sessions().touch(member.sessions().issue("web1"), false);
        }

        Cli.Result all = run(VIEWER, "sessions");
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.out().lines()).hasSize(5);
        assertThat(all.out()).startsWith("solo (active, " + url + "): 3 sessions, showing 3\n"
                + "  ID                                STATE   BACKEND  CREATED               LAST SEEN             REQUESTS\n")
                .containsPattern("  [0-9a-f]{32}  issued  web1     20\\d\\d-");

        assertThat(run(VIEWER, "sessions", "--limit", "2").out()).startsWith("solo (active, " + url
                + "): 3 sessions, showing 2\n");
        assertThat(run(VIEWER, "sessions", "--state", "adopted").out()).isEqualTo("solo (active, " + url
                + "): 0 sessions matching, showing 0\n");
    }

    @Test
    void reload_unchanged_thenABrokenFile_listsEveryProblem() throws Exception {
        Cli.Result unchanged = run(ADMIN, "reload");
        assertThat(unchanged.exit()).as(unchanged.toString()).isZero();
        assertThat(unchanged.out()).startsWith(url + ": reloaded " + dir.resolve("tandem.yaml") + ": unchanged (digest ");

        Files.writeString(dir.resolve("tandem.yaml"), "listener:\n  port: 70000\nbackends:\n  - url: ftp://x\n");
        Cli.Result broken = run(ADMIN, "reload");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).startsWith("tandem reload: " + url + ": 422 config-invalid: ")
                .contains("\n  " + dir.resolve("tandem.yaml") + ":2: listener.port: 70000 (expected: an integer 1..65535)\n",
                        ":4: backends[0].url: ftp://x (expected: ");
    }

    @Test
    void readOnlyToken_onAWriteVerb_is403() {
        Cli.Result result = run(VIEWER, "reload");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tandem reload: " + url + ": 403 forbidden: token 'viewer' has role read-only "
                + "(expected: admin) (this needs a token with the admin role)\n");
    }

    @Test
    void failover_ofAMemberWithoutPeer_isRefused() {
        Cli.Result result = run(ADMIN, "failover");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("tandem failover: " + url
                + ": 409 failover-refused: no standby member: solo runs without an HA peer\n");
    }

    @Test
    void keysRotate_stagesWaitsAndCommits_andTheNewKeySigns() throws Exception {
        Cli.Result result = run(ADMIN, "keys", "rotate");

        assertThat(result.exit()).as(result.toString()).isZero();
        String newKey = member.sessions().keyRing().signingKey().id();
        assertThat(newKey).startsWith("k20").isNotEqualTo("k1");
        assertThat(member.sessions().keyRing().keyIds()).containsExactly(newKey, "k1");
        assertThat(KeyRing.load(dir.resolve("keys")).signingKey().id()).isEqualTo(newKey);
        assertThat(result.out()).startsWith("staged " + newKey + " on solo: accepted, not signing yet (staged " + newKey
                + " (previous k1; accepted by solo))\n");
        assertThat(result.out()).contains("committed: solo signs with " + newKey + "; k1 still verifies older cookies "
                + "until 20").endsWith(", then remove it with 'tandem keys retire k1'\n");

        Cli.Result early = run(ADMIN, "keys", "retire", "k1");
        assertThat(early.exit()).isEqualTo(1);
        assertThat(early.err()).startsWith("tandem keys retire: " + url + ": 409 rotation-refused: key k1 may still "
                + "verify valid cookies until ");
    }

    @Test
    void keysRotate_noCommit_thenAbort_leavesTheRingAsItWas() throws Exception {
        String before = member.sessions().keyRing().fingerprint();

        Cli.Result staged = run(ADMIN, "keys", "rotate", "--no-commit");
        assertThat(staged.exit()).as(staged.toString()).isZero();
        assertThat(staged.out()).endsWith("commit it with 'tandem keys commit' once every member accepted it, "
                + "or drop it with 'tandem keys abort'\n");
        Cli.Result listed = run(VIEWER, "keys");
        assertThat(listed.out()).contains("  k1  ", " staged ", "  rotation: staged ");

        assertThat(run(ADMIN, "keys", "abort").out()).isEqualTo("aborted on solo: the staged key is dropped\n");
        assertThat(member.sessions().keyRing().fingerprint()).isEqualTo(before);
        Cli.Result nothing = run(ADMIN, "keys", "commit");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).isEqualTo("tandem keys commit: " + url + ": 409 rotation-refused: no rotation is "
                + "staged (expected: POST /keys/rotate first)\n");
    }
}
