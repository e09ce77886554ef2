package io.tandem.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which members a verb talks to and with which token: the demo pair by default, {@code --admin}
 * otherwise; the token from {@code --token-file}, the environment, or the demo. Fails if a
 * precedence changes, if a mistake is reported without naming the option or file, or if a
 * message shows the token.
 */
class AdminTargetsTest {

    private static final String TOKEN = "tdm_token-for-target-tests-0123456789";
    private static final String OTHER = "tdm_other-token-for-target-tests-0123";

    @TempDir
    Path dir;

    private Path demo(String members) throws Exception {
        Files.writeString(dir.resolve("members"), members);
        Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        return dir;
    }

    @Test
    void noAdminUrl_usesTheDemoMembersAndToken() throws Exception {
        AdminTargets targets = AdminTargets.resolve(List.of(), null, demo("# demo\nhttp://127.0.0.1:9091\n\n"
                + "http://127.0.0.1:9092/api/v1/\n"), Map.of());

        assertThat(targets.members()).extracting(c -> c.member().toString())
                .containsExactly("http://127.0.0.1:9091", "http://127.0.0.1:9092");
        assertThat(targets.source()).isEqualTo("the demo in " + dir);
    }

    @Test
    void tokenFile_winsOverEnvironment_whichWinsOverTheDemo() throws Exception {
        // The stub accepts only StubMember.TOKEN: a call succeeds only if the right source was used.
        try (StubMember stub = new StubMember(new StubMember.Pair(), "a", "active", "-")) {
            Files.writeString(dir.resolve("members"), stub.url() + "\n");
            Files.writeString(dir.resolve("admin.token"), OTHER + "\n");
            Path file = dir.resolve("ops.token");
            Files.writeString(file, StubMember.TOKEN + "\nsecond line ignored\n");
            Map<String, String> wrongEnv = Map.of(AdminTargets.TOKEN_ENV, OTHER);
            Map<String, String> rightEnv = Map.of(AdminTargets.TOKEN_ENV, StubMember.TOKEN);

            assertThat(nodeOf(AdminTargets.resolve(List.of(), file, dir, wrongEnv))).isEqualTo("a");
            assertThat(nodeOf(AdminTargets.resolve(List.of(), null, dir, rightEnv))).isEqualTo("a");
            assertThatThrownBy(() -> nodeOf(AdminTargets.resolve(List.of(), null, dir, Map.of())))
                    .hasMessageContaining("401 unauthorized");
            Files.writeString(dir.resolve("admin.token"), StubMember.TOKEN + "\n");
            assertThat(nodeOf(AdminTargets.resolve(List.of(), null, dir, Map.of()))).isEqualTo("a");
        }
    }

    private static String nodeOf(AdminTargets targets) {
        return targets.members().get(0).get("/status").path("node").asText();
    }

    @Test
    void tokenFromTheEnvironment_isCheckedLikeAFile() {
        assertThatThrownBy(() -> AdminTargets.resolve(List.of("http://127.0.0.1:1"), null, dir,
                Map.of(AdminTargets.TOKEN_ENV, "short")))
                .hasMessage("TANDEM_ADMIN_TOKEN: a token of 5 characters (expected: 20..512)");
    }

    @Test
    void adminUrl_withoutTokenFileOrEnvironment_isAUsageError_evenWithADemoToken() throws Exception {
        demo("http://127.0.0.1:9091\n");

        assertThatThrownBy(() -> AdminTargets.resolve(List.of("http://10.0.0.1:9090"), null, dir, Map.of()))
                .isInstanceOf(AdminTargets.UsageException.class)
                .hasMessageStartingWith("no admin token (expected: --token-file FILE or the environment variable "
                        + "TANDEM_ADMIN_TOKEN");
        assertThat(AdminTargets.resolve(List.of("http://10.0.0.1:9090"), null, dir,
                Map.of(AdminTargets.TOKEN_ENV, OTHER)).members()).hasSize(1);
    }

    @Test
    void noDemo_namesTheMissingFileAndTheWayOut() {
        assertThatThrownBy(() -> AdminTargets.resolve(List.of(), null, dir.resolve("nothing"), Map.of()))
                .hasMessage("no --admin URL given and no demo found: " + dir.resolve("nothing").resolve("members")
                        + " does not exist (expected: --admin URL, or a demo started with ./tandem demo)");
    }

    @Test
    void badUrl_namesItsSource() throws Exception {
        assertThatThrownBy(() -> AdminTargets.resolve(List.of("127.0.0.1:9091"), null, dir,
                Map.of(AdminTargets.TOKEN_ENV, TOKEN)))
                .hasMessage("--admin: admin URL: '127.0.0.1:9091' (expected: http://host:port or https://host:port, "
                        + "optionally ending in /api/v1)");
        demo("ftp://127.0.0.1:9091\n");
        assertThatThrownBy(() -> AdminTargets.resolve(List.of(), null, dir, Map.of()))
                .hasMessageStartingWith(dir.resolve("members") + ": admin URL: 'ftp://127.0.0.1:9091'");
    }

    @Test
    void malformedTokens_areReportedWithoutShowingThem() throws Exception {
        Path file = dir.resolve("t");
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> AdminTargets.resolve(List.of("http://127.0.0.1:1"), file, dir, Map.of()))
                .hasMessage("--token-file " + file + ": empty (expected: the admin token on the first line)");
        Files.writeString(file, "tdm_with space inside-0123456789");
        assertThatThrownBy(() -> AdminTargets.resolve(List.of("http://127.0.0.1:1"), file, dir, Map.of()))
                .hasMessage("--token-file " + file + ": character 9 of the token is not printable ASCII "
                        + "(expected: a bearer token without spaces)")
                .message().doesNotContain("with space");
        assertThatThrownBy(() -> AdminTargets.resolve(List.of("http://127.0.0.1:1"), dir.resolve("missing"), dir, Map.of()))
                .hasMessage("--token-file " + dir.resolve("missing") + ": cannot read (NoSuchFileException)");
    }
}
