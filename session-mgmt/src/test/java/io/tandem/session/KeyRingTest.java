package io.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyRingTest {

    private static final String S1 = Base64.getEncoder().encodeToString(Keys.secret(1));
    private static final String S2_URL = Base64.getUrlEncoder().withoutPadding().encodeToString(Keys.secret(0xFB));

    @Test
    void parse_linesCommentsAndBlanks_keepsOrder() throws Exception {
        String text = """
                # rotated 2024-05-01
                k2 %s   # new, signs

                k1\t%s
                """.formatted(S2_URL, S1);

        KeyRing ring = KeyRing.parse(text, "keys.txt");

        assertThat(ring.keyIds()).containsExactly("k2", "k1");
        assertThat(ring.signingKey()).isEqualTo(Keys.key("k2", 0xFB));
        assertThat(ring.find("k1")).contains(Keys.key("k1", 1));
        assertThat(ring.find("k3")).isEmpty();
    }

    @Test
    void parse_byteOrderMark_isIgnored() throws Exception {
        assertThat(KeyRing.parse("\uFEFFk1 " + S1 + "\r\n", "keys.txt").keyIds()).containsExactly("k1");
    }

    @Test
    void parse_semicolonSeparatedEntries_likeAnEnvironmentVariable() throws Exception {
        KeyRing ring = KeyRing.parse("k2 " + S2_URL + "; k1 " + S1 + ";", "env");

        assertThat(ring).isEqualTo(Keys.ring(Keys.key("k2", 0xFB), Keys.key("k1", 1)));
    }

    @ParameterizedTest
    @CsvSource({"standard padded, true, true", "standard unpadded, true, false",
                "url-safe padded, false, true", "url-safe unpadded, false, false"})
    void parse_acceptsEitherBase64Alphabet_withOrWithoutPadding(String name, boolean standard, boolean padded)
            throws Exception {
        Base64.Encoder encoder = standard ? Base64.getEncoder() : Base64.getUrlEncoder();
        String secret = (padded ? encoder : encoder.withoutPadding()).encodeToString(Keys.secret(0xFB));

        assertThat(KeyRing.parse("k " + secret, "keys").signingKey()).isEqualTo(Keys.key("k", 0xFB));
    }

    @Test
    void parse_reportsEveryProblemAtOnce_withoutSecrets() {
        String shortSecret = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
        String text = String.join("\n",
                "k1 " + S1,
                "k1 " + S2_URL,
                "bad/id " + S1,
                "k3 " + shortSecret,
                "k4 not*base64!",
                "k5",
                S2_URL + " k6",
                "k7 " + S1 + " extra");

        assertThatThrownBy(() -> KeyRing.parse(text, "keys.txt"))
                .isInstanceOf(KeyRingException.class)
                .satisfies(e -> {
                    assertThat(((KeyRingException) e).problems()).containsExactly(
                            "keys.txt line 2: key id 'k1' repeats line 1 (expected: unique key ids)",
                            "keys.txt line 3: key id 'bad/id' (expected: 1-16 characters of [A-Za-z0-9_-])",
                            "keys.txt line 4: secret of key 'k3' has 16 bytes (expected: >= 32 bytes)",
                            "keys.txt line 5: secret of key 'k4' is not base64"
                                    + " (expected: standard or url-safe base64 of >= 32 bytes)",
                            "keys.txt line 6: 1 field (expected: '<key-id> <secret>')",
                            "keys.txt line 7: key id of 43 characters (expected: 1-16 characters of [A-Za-z0-9_-])",
                            "keys.txt line 7: secret has 1 bytes (expected: >= 32 bytes)",
                            "keys.txt line 8: 3 fields (expected: '<key-id> <secret>')");
                    assertThat(e.getMessage())
                            .doesNotContain(S1, S2_URL, shortSecret, "not*base64", "sixteen")
                            .contains("keys.txt line 2", "keys.txt line 8");
                });
    }

    @Test
    void parse_semicolonEntries_areNumbered() {
        assertThatThrownBy(() -> KeyRing.parse("k1 " + S1 + ";k1 " + S1, "environment variable TANDEM_KEYS"))
                .hasMessage("environment variable TANDEM_KEYS line 1 entry 2: key id 'k1' repeats line 1 entry 1"
                        + " (expected: unique key ids)");
    }

    @Test
    void parse_noKeys_isAnError() {
        assertThatThrownBy(() -> KeyRing.parse("# only a comment\n\n ; ;", "keys.txt"))
                .isInstanceOf(KeyRingException.class)
                .hasMessage("keys.txt: no keys (expected: at least one '<key-id> <secret>' entry)");
    }

    @Test
    void fromEnvironment_missingOrEmptyVariable_namesIt() {
        assertThatThrownBy(() -> KeyRing.fromEnvironment("TANDEM_KEYS", Map.of()))
                .hasMessage("environment variable TANDEM_KEYS: not set"
                        + " (expected: '<key-id> <secret>' entries separated by ';')");
        assertThatThrownBy(() -> KeyRing.fromEnvironment("TANDEM_KEYS", Map.of("TANDEM_KEYS", " ")))
                .hasMessageStartingWith("environment variable TANDEM_KEYS: empty");
    }

    @Test
    void fromEnvironment_readsEntries() throws Exception {
        KeyRing ring = KeyRing.fromEnvironment("TANDEM_KEYS", Map.of("TANDEM_KEYS", "k1 " + S1));

        assertThat(ring.keyIds()).containsExactly("k1");
    }

    @Test
    void load_readsFile_andToTextRoundTrips(@TempDir Path dir) throws Exception {
        KeyRing generated = KeyRing.generate("demo").withSigningKey(Keys.key("k2", 2));
        Path file = dir.resolve("keys.txt");
        writePrivate(file, generated.toText());

        assertThat(KeyRing.load(file)).isEqualTo(generated);
    }

    @Test
    void load_missingFile_namesIt(@TempDir Path dir) {
        Path file = dir.resolve("absent.txt");

        assertThatThrownBy(() -> KeyRing.load(file))
                .isInstanceOf(KeyRingException.class)
                .hasMessage("key ring file " + file + ": cannot be read (NoSuchFileException)");
    }

    @Test
    void load_invalidFile_namesFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.txt");
        writePrivate(file, "# header\nk1 c2hvcnQ\n");

        assertThatThrownBy(() -> KeyRing.load(file))
                .hasMessage(file + " line 2: secret of key 'k1' has 5 bytes (expected: >= 32 bytes)");
    }

    /** Writes a key file as an operator should: readable by its owner only (else load warns). */
    private static void writePrivate(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void generate_makesDistinct32ByteKeys() {
        KeyRing a = KeyRing.generate("k1");
        KeyRing b = KeyRing.generate("k1");

        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(a.toText()).containsPattern("\nk1 [A-Za-z0-9_-]{43}\n");
    }

    @Test
    void fingerprint_equalRings_areEqual() throws Exception {
        KeyRing parsed = KeyRing.parse("k2 " + S2_URL + "\nk1 " + S1, "a");
        KeyRing built = Keys.ring(Keys.key("k2", 0xFB), Keys.key("k1", 1));

        assertThat(parsed.fingerprint()).isEqualTo(built.fingerprint()).matches("[0-9a-f]{32}");
        assertThat(parsed).isEqualTo(built).hasSameHashCodeAs(built);
    }

    @Test
    void fingerprint_differsForAnyDifference() {
        KeyRing base = Keys.ring(Keys.key("k2", 2), Keys.key("k1", 1));

        assertThat(base.fingerprint())
                .isNotEqualTo(Keys.ring(Keys.key("k2", 2)).fingerprint())
                .isNotEqualTo(Keys.ring(Keys.key("k1", 1), Keys.key("k2", 2)).fingerprint())
                .isNotEqualTo(Keys.ring(Keys.key("k2", 2), Keys.key("k1", 3)).fingerprint())
                .isNotEqualTo(Keys.ring(Keys.key("k9", 2), Keys.key("k1", 1)).fingerprint());
    }

    @Test
    void toString_showsIdsAndFingerprint_neverSecrets() {
        KeyRing ring = Keys.ring(Keys.key("k1", 1));

        assertThat(ring.toString())
                .isEqualTo("KeyRing[keys=[k1], signing=k1, fingerprint=" + ring.fingerprint() + "]")
                .doesNotContain(S1);
        assertThat(ring.signingKey().toString())
                .isEqualTo("SessionKey[id=k1, fingerprint=" + ring.signingKey().fingerprint() + "]");
    }

    @Test
    void rotation_withSigningKeyThenWithout() {
        KeyRing old = Keys.ring(Keys.key("k1", 1));

        KeyRing rotated = old.withSigningKey(Keys.key("k2", 2));

        assertThat(rotated.keyIds()).containsExactly("k2", "k1");
        assertThat(rotated.without("k1").keyIds()).containsExactly("k2");
        assertThatThrownBy(() -> rotated.without("k2")).hasMessageContaining("is the signing key");
        assertThatThrownBy(() -> old.withSigningKey(Keys.key("k1", 5))).hasMessageContaining("appears twice");
    }

    @Test
    void sessionKey_rejectsBadIdAndShortSecret_withoutShowingIt() {
        assertThatThrownBy(() -> SessionKey.of("k 1", Keys.secret(1)))
                .hasMessage("key id: 'k 1' (expected: 1-16 characters of [A-Za-z0-9_-])");
        assertThatThrownBy(() -> SessionKey.of("k1", new byte[31]))
                .hasMessage("secret of key 'k1': 31 bytes (expected: >= 32 bytes)");
    }
}
