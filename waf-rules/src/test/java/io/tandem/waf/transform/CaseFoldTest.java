package io.tandem.waf.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CaseFold}'s eight-at-a-time path for ASCII against the JDK's root-locale lower-casing,
 * which it replaces for long ASCII values: the same string for every input, and the input itself
 * when it has no upper case (callers compare forms by identity).
 */
class CaseFoldTest {

    @Test
    void everyAsciiCharacterAtEveryPositionOfAWord() {
        for (int c = 0; c < 128; c++) {
            for (int at = 0; at < 40; at++) {
                StringBuilder s = new StringBuilder("x".repeat(40));
                s.setCharAt(at, (char) c);
                assertSame(s.toString());
            }
        }
    }

    @Test
    void boundariesOfTheUpperCaseRange() {
        // '@' and '[' sit just outside A..Z, '`' and '{' just outside a..z
        assertSame("@AZ[`az{".repeat(8));
        assertSame("@@@@@@@@[[[[[[[[".repeat(4));
        assertSame("\u007f\u007f\u007fAAAAA".repeat(5));
    }

    @Test
    void seededRandomInputOfEveryLength() {
        Random random = new Random(20261121);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(100);
            StringBuilder s = new StringBuilder(length);
            for (int k = 0; k < length; k++) {
                int kind = random.nextInt(20);
                s.append(kind == 0 ? (char) (0x80 + random.nextInt(0x400)) : (char) random.nextInt(128));
            }
            assertSame(s.toString());
        }
    }

    @Test
    void unchangedInputIsReturnedItself() {
        String lower = "already lower case text with digits 0123456789 and punctuation.";
        assertThat(CaseFold.INSTANCE.apply(lower)).isSameAs(lower);
        String nonAscii = "déjà vu, long enough to take the ascii path if it were ascii";
        assertThat(CaseFold.INSTANCE.apply(nonAscii)).isSameAs(nonAscii);
    }

    @Test
    void nonAsciiTextStillFollowsTheRootLocale() {
        assertSame("ÀÉÎÕÜ STRASSE İSTANBUL ΑΒΓ КИРИЛЛИЦА and more words to be long");
    }

    @Test
    void asciiInputThroughTheThreadBuffer_ofEveryLengthUpToAndPastItsLimit() {
        Random random = new Random(20261122);
        int[] lengths = {0, 1, 31, 32, 33, 100, 1023, 1024, 1025, 5000, 65_536, 65_537, 100_000};
        for (int round = 0; round < 3; round++) {
            for (int length : lengths) {
                StringBuilder s = new StringBuilder(length);
                for (int k = 0; k < length; k++) {
                    s.append((char) random.nextInt(128));
                }
                String text = s.toString();
                assertThat(CaseFold.INSTANCE.applyAscii(text)).as("length %d", length).isEqualTo(text.toLowerCase(Locale.ROOT));
            }
        }
        // a long string lowered before must not leave its tail in a shorter one's result
        CaseFold.INSTANCE.applyAscii("Z".repeat(5000));
        assertThat(CaseFold.INSTANCE.applyAscii("ABC".repeat(20))).isEqualTo("abc".repeat(20));
        String lower = "already lower case text with digits 0123456789 and punctuation.";
        assertThat(CaseFold.INSTANCE.applyAscii(lower)).isSameAs(lower);
    }

    private static void assertSame(String s) {
        assertThat(CaseFold.INSTANCE.apply(s)).as("lower case of %s", s).isEqualTo(s.toLowerCase(Locale.ROOT));
    }
}
