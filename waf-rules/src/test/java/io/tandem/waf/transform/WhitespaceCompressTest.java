package io.tandem.waf.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link WhitespaceCompress#applyPlainSpaced}, the shortcut for values whose only whitespace is
 * the plain space, gives what {@link WhitespaceCompress#apply} gives on every such value.
 */
class WhitespaceCompressTest {

    private static final WhitespaceCompress COMPRESS = WhitespaceCompress.INSTANCE;

    @Test
    void spacesAtTheEndsAndInRows() {
        for (String s : new String[] {"", " ", "  ", "a", " a", "a ", " a ", "a b", "a  b", "  a  b  ", "a b ",
            " a b", "weekends. ", "a   b c  d", "ab"}) {
            assertThat(COMPRESS.applyPlainSpaced(s)).as("[%s]", s).isEqualTo(COMPRESS.apply(s));
        }
    }

    @Test
    void seededRandomWordsAndSpaces() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                s.append(random.nextInt(3) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
            }
            String value = s.toString();
            assertThat(COMPRESS.applyPlainSpaced(value)).as("[%s]", value).isEqualTo(COMPRESS.apply(value));
        }
    }

    @Test
    void anAlreadyCompressedValueIsReturnedItself() {
        String value = "i like hiking and cooking";
        assertThat(COMPRESS.applyPlainSpaced(value)).isSameAs(value);
    }
}
