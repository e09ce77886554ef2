package io.tandem.waf.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * Long text is walked as two interleaved halves; the tags must be those of one walk over the
     * whole text wherever the keywords fall, across the middle included.
     */
    @Test
    void tags_ofLongText_equalOneWalk_wherever_theKeywordsFall() {
        String[] words = TAGGED_WORDS;
        KeywordSet set = taggedWords();
        java.util.Random random = new java.util.Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyz :_.";
        for (int round = 0; round < 2_000; round++) {
            int n = KeywordSet.TWO_WALKS_FROM + random.nextInt(2_000);
            StringBuilder text = randomText(random, alphabet, n);
            // a keyword or two, often across the middle, where the second walk starts
            for (int k = 0; k < 1 + random.nextInt(2); k++) {
                String word = words[random.nextInt(words.length)];
                int at = random.nextBoolean() ? n / 2 - random.nextInt(word.length()) : random.nextInt(n - word.length());
                text.replace(at, at + word.length(), word);
            }
            String t = text.toString();
            assertEquals(set.tags(t, 0, t.length()), set.tags(t), () -> "text of " + t.length() + ": " + t);
        }
    }

    @Test
    void tags_findAKeywordThatEndsRightAfterTheMiddle() {
        KeywordSet set = KeywordSet.tagged(java.util.Map.of("information_schema", 1L, "x", 2L));
        String keyword = "information_schema";
        for (int shift = 0; shift <= keyword.length(); shift++) {
            StringBuilder text = new StringBuilder("-".repeat(1_000));
            int at = 500 - keyword.length() + shift;
            text.replace(at, at + keyword.length(), keyword);
            assertEquals(1L, set.tags(text.toString()), "keyword at " + at);
        }
    }

    /**
     * {@link KeywordSet#tagsAscii} walks ASCII text in any case as four interleaved quarters: its
     * tags must be those of one walk over the lower-cased text, wherever the keywords fall (across
     * each quarter's start included), for short text walked once as well.
     */
    @Test
    void tagsAscii_ofTextInAnyCase_equalOneWalkOverItsLowerCase() {
        String[] words = TAGGED_WORDS;
        KeywordSet set = taggedWords();
        java.util.Random random = new java.util.Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ :_.";
        for (int round = 0; round < 3_000; round++) {
            int n = random.nextInt(2_500);
            StringBuilder text = randomText(random, alphabet, n);
            for (int k = 0; k < 1 + random.nextInt(3) && n > 20; k++) {
                String word = words[random.nextInt(words.length)];
                if (random.nextBoolean()) {
                    word = word.toUpperCase(java.util.Locale.ROOT);
                }
                int boundary = (1 + random.nextInt(3)) * (n / 4);
                int at = random.nextBoolean() ? boundary - random.nextInt(word.length() + 1) : random.nextInt(n - word.length());
                at = Math.max(0, Math.min(at, n - word.length()));
                text.replace(at, at + word.length(), word);
            }
            String t = text.toString();
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            assertEquals(set.tags(lower, 0, lower.length()), set.tagsAscii(t), () -> "text of " + t.length() + ": " + t);
        }
    }

    @Test
    void tagsAscii_findAKeywordAcrossEachQuarter() {
        KeywordSet set = KeywordSet.tagged(java.util.Map.of("information_schema", 1L, "x", 2L));
        String keyword = "Information_Schema";
        for (int quarter = 1; quarter <= 4; quarter++) {
            for (int shift = 0; shift <= keyword.length(); shift++) {
                StringBuilder text = new StringBuilder("-".repeat(1_000));
                int at = Math.min(quarter * 250 - keyword.length() + shift, 1_000 - keyword.length());
                text.replace(at, at + keyword.length(), keyword);
                assertEquals(1L, set.tagsAscii(text.toString()), "keyword at " + at);
            }
        }
    }

    /** Keywords of the gate's kinds (long, short, with a space, with a colon), each its own tag. */
    private static final String[] TAGGED_WORDS = {"union", "select", "information_schema", "wget", "net ", "classloader",
        "jndi:", "or"};

    private static KeywordSet taggedWords() {
        java.util.Map<String, Long> tags = new java.util.LinkedHashMap<>();
        for (int i = 0; i < TAGGED_WORDS.length; i++) {
            tags.put(TAGGED_WORDS[i], 1L << i);
        }
        return KeywordSet.tagged(tags);
    }

    private static StringBuilder randomText(java.util.Random random, String alphabet, int n) {
        StringBuilder text = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text;
    }
}
