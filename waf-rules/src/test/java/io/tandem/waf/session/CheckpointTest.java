package io.tandem.waf.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.session.RuleState;
import io.tandem.session.RuleState.RateWindow;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void emptyState_isNoCheckpoint_andNoCheckpointIsAnEmptyState() {
        assertThat(Checkpoint.encode(RuleState.tracked(3))).isEmpty();
        assertThat(Checkpoint.decode(new byte[0])).contains(RuleState.tracked(0));
    }

    @Test
    void layout_isPinned() {
        RuleState s = RuleState.tracked(9).withStarted(0x0102).withStep(0xA0B0, 2)
                .withWindow(new RateWindow(0x0304, 28_928_159, 6, false))
                .withWindow(new RateWindow(0xFFFF, 0xFFFF_FFFFL, 5, true));

        byte[] b = Checkpoint.encode(s);

        assertThat(HEX.formatHex(b)).isEqualTo("01" + "01" + "01" + "02"
                + "0102"
                + "a0b0" + "02"
                + "0304" + "01b9689f" + "0006"
                + "ffff" + "ffffffff" + "8005");
        assertThat(b).hasSize(Checkpoint.size(1, 1, 2)).hasSize(25);
        assertThat(Checkpoint.decode(b)).contains(s.asTracked(0));
    }

    @Test
    void largestAllowedRuleSet_fits64Bytes() {
        RuleState s = RuleState.tracked(1);
        for (int t = 1; t <= 3; t++) {
            s = s.withStarted(t).withStep(100 + t, 64);
        }
        for (int t = 1; t <= 5; t++) {
            s = s.withWindow(new RateWindow(200 + t, 1, RuleState.MAX_COUNT, true));
        }

        byte[] b = Checkpoint.encode(s);

        assertThat(b).hasSize(4 + 6 + 9 + 40);
        assertThat(Checkpoint.decode(b)).contains(s.asTracked(0));
    }

    @Test
    void encode_beyond64Bytes_isABug() {
        RuleState s = RuleState.tracked(1);
        for (int t = 1; t <= 8; t++) {
            s = s.withWindow(new RateWindow(t, 1, 1, false));
        }
        RuleState tooBig = s.withStarted(1);

        assertThatThrownBy(() -> Checkpoint.encode(tooBig)).isInstanceOf(IllegalStateException.class)
                .hasMessage("checkpoint of 1 start-page, 0 page-order and 8 rate entries takes 70 bytes (expected: <= 64)");
    }

    @Test
    void progressAbove255_isWrittenAs255() {
        assertThat(Checkpoint.decode(Checkpoint.encode(RuleState.tracked(1).withStep(5, 300))).orElseThrow().step(5))
                .isEqualTo(255);
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of("shorter than the header", "010100"),
                Arguments.of("version 0", "00010000" + "0001"),
                Arguments.of("version 2", "02010000" + "0001"),
                Arguments.of("header only, no entries", "01000000"),
                Arguments.of("count says 2, one entry", "01020000" + "0001"),
                Arguments.of("trailing byte", "01010000" + "0001" + "00"),
                Arguments.of("17 start entries", "01110000" + "0001".repeat(17)),
                Arguments.of("start tags not ascending", "01020000" + "0002" + "0001"),
                Arguments.of("start tags repeated", "01020000" + "0002" + "0002"),
                Arguments.of("progress 0", "01000100" + "0001" + "00"),
                Arguments.of("step tags not ascending", "01000200" + "0002" + "01" + "0001" + "01"),
                Arguments.of("window tags repeated", "01000002" + "0001" + "00000001" + "0001" + "0001" + "00000001" + "0001"),
                Arguments.of("all ones", "ff".repeat(64)),
                Arguments.of("65 bytes", "01" + "00".repeat(64)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbage_isRefusedWhole(String what, String hex) {
        assertThat(Checkpoint.decode(HEX.parseHex(hex))).as(what).isEmpty();
    }

    @Test
    void decode_null_isGarbage() {
        assertThat(Checkpoint.decode(null)).isEmpty();
    }

    @Test
    void randomBytes_neverThrow_andWhatDecodesReencodesIdentically() {
        Random random = new Random(42);
        int decoded = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[random.nextInt(70)];
            random.nextBytes(b);
            if (random.nextInt(4) > 0 && b.length >= 4) { // make well-formed headers likely
                b[0] = 1;
                b[1] = (byte) random.nextInt(3);
                b[2] = (byte) random.nextInt(3);
                b[3] = (byte) random.nextInt(3);
            }
            Optional<RuleState> s = Checkpoint.decode(b);
            if (s.isPresent()) {
                decoded++;
                assertThat(Checkpoint.encode(s.get())).as(HEX.formatHex(b)).isEqualTo(b);
            }
        }
        assertThat(decoded).as("some random inputs are well formed").isPositive();
    }
}
