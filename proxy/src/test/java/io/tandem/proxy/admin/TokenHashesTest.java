package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Token hashes: PHC-format Argon2id that verifies the right token only, salted, with configured
 * costs bounded, compared in constant time, and a command line that never echoes the token it
 * read. Fails if a wrong token verifies, if two hashes of one token are equal (no salt), or if a
 * malformed or absurdly expensive hash is accepted from the configuration.
 */
class TokenHashesTest {

    private static final String TOKEN = "tdm_0123456789abcdefghijklmnopqrstuvwxyzABCD";

    @Test
    void hash_withDefaultCost_isArgon2idPhc_andVerifiesTheRightTokenOnly() {
        String hash = TokenHashes.hash(TOKEN);
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(TokenHashes.verify(TOKEN, hash)).isTrue();
        assertThat(TokenHashes.verify(TOKEN + "x", hash)).isFalse();
        assertThat(TokenHashes.verify(TOKEN.substring(1), hash)).isFalse();
        assertThat(TokenHashes.verify("", hash)).isFalse();
        assertThat(TokenHashes.verify(null, hash)).isFalse();
        assertThat(hash).doesNotContain(TOKEN);
    }

    @Test
    void hash_isSalted() {
        String a = TokenHashes.hash(TOKEN, 64, 1, 1);
        String b = TokenHashes.hash(TOKEN, 64, 1, 1);
        assertThat(a).isNotEqualTo(b);
        assertThat(TokenHashes.verify(TOKEN, a)).isTrue();
        assertThat(TokenHashes.verify(TOKEN, b)).isTrue();
    }

    @Test
    void wrongToken_differingOnlyInTheLastCharacter_doesNotVerify() {
        String hash = TokenHashes.hash(TOKEN, 64, 1, 1);
        String lastChanged = TOKEN.substring(0, TOKEN.length() - 1) + "E";
        String firstChanged = "X" + TOKEN.substring(1);
        assertThat(TokenHashes.verify(lastChanged, hash)).isFalse();
        assertThat(TokenHashes.verify(firstChanged, hash)).isFalse();
    }

    @Test
    void compare_isConstantTime_overWholeArrays() {
        // MessageDigest.isEqual examines every byte whatever the first difference; pin that it is
        // what the comparison uses, and that it tells equal from unequal at either end.
        byte[] a = new byte[32];
        byte[] firstDiffers = a.clone();
        firstDiffers[0] = 1;
        byte[] lastDiffers = a.clone();
        lastDiffers[31] = 1;
        assertThat(TokenHashes.constantTimeEquals(a, a.clone())).isTrue();
        assertThat(TokenHashes.constantTimeEquals(a, firstDiffers)).isFalse();
        assertThat(TokenHashes.constantTimeEquals(a, lastDiffers)).isFalse();
        assertThat(TokenHashes.constantTimeEquals(a, new byte[31])).isFalse();
    }

    @Test
    void shortOrNonAsciiTokens_areRefused_forHashing() {
        assertThatThrownBy(() -> TokenHashes.hash("short"))
                .hasMessage("token: 5 characters (expected: 20..512; use --generate for a random one)");
        assertThatThrownBy(() -> TokenHashes.hash("a token with spaces in it"))
                .hasMessage("token: character 2 is not printable ASCII (expected: visible ASCII without spaces, as a bearer token)");
    }

    @Test
    void malformedOrTooExpensiveHashes_areRejected_withoutEchoingThem() {
        assertThatThrownBy(() -> TokenHashes.check("$2a$10$abcdefghijklmnopqrstuv"))
                .hasMessage("hash: not an Argon2id hash (expected: $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>,"
                        + " as printed by 'tandem hash-token')");
        String valid = TokenHashes.hash(TOKEN, 64, 1, 1);
        String expensive = valid.replace("m=64,", "m=9999999,");
        assertThatThrownBy(() -> TokenHashes.check(expensive)).hasMessage("hash: m=9999999 (expected: 8..262144 KiB)");
        String slow = valid.replace("t=1,", "t=50,");
        assertThatThrownBy(() -> TokenHashes.check(slow)).hasMessage("hash: t=50 (expected: 1..10)");
        assertThatThrownBy(() -> TokenHashes.verify(TOKEN, null)).hasMessageStartingWith("hash: (missing)");
    }

    @Test
    void commandLine_hashesStdin_andPrintsOnlyTheHash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TokenHashes.run(new String[0], new ByteArrayInputStream((TOKEN + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(printed).startsWith("$argon2id$").doesNotContain(TOKEN);
        assertThat(TokenHashes.verify(TOKEN, printed)).isTrue();
    }

    @Test
    void commandLine_generate_printsANewTokenAndItsHash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = TokenHashes.run(new String[] {"--generate"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(status).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        String token = lines[0].substring("token: ".length());
        String hash = lines[1].substring("hash:  ".length());
        assertThat(token).matches("tdm_[A-Za-z0-9_-]{43}");
        assertThat(TokenHashes.verify(token, hash)).isTrue();
    }

    @Test
    void commandLine_badInput_exits2_withTheReason() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TokenHashes.run(new String[0], new ByteArrayInputStream("tiny\n".getBytes(StandardCharsets.UTF_8)),
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("token: 4 characters").doesNotContain("tiny");
        assertThat(TokenHashes.run(new String[] {"--frobnicate"}, System.in, System.out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(2);
    }
}
