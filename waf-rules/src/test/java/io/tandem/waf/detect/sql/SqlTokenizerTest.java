package io.tandem.waf.detect.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlTokenizerTest {

    private static String texts(List<SqlToken> tokens) {
        return tokens.stream().map(SqlToken::text).collect(Collectors.joining(" "));
    }

    @Test
    void stopsAfterTheWordLimit() {
        assertEquals("i like hiking", texts(SqlTokenizer.tokenize("I like hiking and cooking", (char) 0, 256, 3)));
    }

    @Test
    void numbersOperatorsAndPunctuationDoNotCountAsWords() {
        // 2 words, 17 tokens: read whole under a limit of 3 words
        List<SqlToken> tokens = SqlTokenizer.tokenize("-1 order by 1,2,3,4,5,6,7", (char) 0, 256, 3);
        assertEquals(17, tokens.size());
        assertEquals("7", tokens.get(tokens.size() - 1).text());
    }

    @Test
    void theTokenLimitStillHolds() {
        assertEquals(4, SqlTokenizer.tokenize("1,2,3,4,5,6", (char) 0, 4, 256).size());
    }

    @Test
    void withoutAWordLimitEveryTokenIsRead() {
        assertEquals(List.of("a", "b", "c"), SqlTokenizer.tokenize("a b c", (char) 0, 256).stream().map(SqlToken::text).toList());
    }
}
