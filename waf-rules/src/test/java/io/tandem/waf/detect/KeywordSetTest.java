package io.tandem.waf.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordSetTest {

    @Test
    void find_isCaseInsensitive_andReportsPositions() {
        KeywordSet k = KeywordSet.of(List.of("he", "she", "hers", "his"));
        assertThat(k.find("uSHErs")).isEqualTo(new KeywordSet.Hit("she", 1, 4));
        assertThat(k.findAll("ushers", 10)).extracting(KeywordSet.Hit::keyword).containsExactly("she", "he", "hers");
        assertThat(k.find("nothing here?")).isEqualTo(new KeywordSet.Hit("he", 8, 10));
        assertThat(k.find("xyz")).isNull();
    }

    @Test
    void words_matchOnlyWholeWords() {
        KeywordSet k = KeywordSet.words(List.of("union", "select"));
        assertThat(k.find("reunions")).isNull();
        assertThat(k.find("1 UNION/**/select")).isEqualTo(new KeywordSet.Hit("union", 2, 7));
        assertThat(k.find("x_select")).isNull();
    }

    @Test
    void nonAsciiText_isSafe_andKeywordsMustBeAscii() {
        assertThat(KeywordSet.of(List.of("abc")).find("ÀÉabcé")).isEqualTo(new KeywordSet.Hit("abc", 2, 5));
        assertThatThrownBy(() -> KeywordSet.of(List.of("é"))).hasMessage("keyword: é (expected: ASCII only)");
    }
}
