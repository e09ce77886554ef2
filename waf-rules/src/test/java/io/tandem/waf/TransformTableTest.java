package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.waf.transform.Base64Decode;
import io.tandem.waf.transform.CaseFold;
import io.tandem.waf.transform.CmdLineNormalize;
import io.tandem.waf.transform.CommentRemoval;
import io.tandem.waf.transform.CssEscapeDecode;
import io.tandem.waf.transform.HtmlEntityDecode;
import io.tandem.waf.transform.JsEscapeDecode;
import io.tandem.waf.transform.PathNormalize;
import io.tandem.waf.transform.RepeatedUrlDecode;
import io.tandem.waf.transform.Transform;
import io.tandem.waf.transform.UnicodeFold;
import io.tandem.waf.transform.UrlDecode;
import io.tandem.waf.transform.WhitespaceCompress;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Data-driven transform tests: {@code transforms.tsv} rows of (transform, input, expected output). */
class TransformTableTest {

    private static final Map<String, Transform> TRANSFORMS = Map.ofEntries(
            Map.entry("url-decode(form)", UrlDecode.FORM),
            Map.entry("url-decode(path)", UrlDecode.PATH),
            Map.entry("url-decode(x3)", new RepeatedUrlDecode(3)),
            Map.entry("html-entity-decode", HtmlEntityDecode.INSTANCE),
            Map.entry("js-decode", JsEscapeDecode.INSTANCE),
            Map.entry("css-decode", CssEscapeDecode.INSTANCE),
            Map.entry("unicode-fold", UnicodeFold.INSTANCE),
            Map.entry("compress-whitespace", WhitespaceCompress.INSTANCE),
            Map.entry("lowercase", CaseFold.INSTANCE),
            Map.entry("remove-comments", CommentRemoval.INSTANCE),
            Map.entry("normalize-path", PathNormalize.INSTANCE),
            Map.entry("cmdline", CmdLineNormalize.INSTANCE),
            Map.entry("base64-decode", new Base64Decode(4096)));

    static Stream<Arguments> rows() {
        return Tables.read("transforms.tsv", 3).stream().map(r -> Arguments.of(r, r.cell(0), r.cell(1), r.cell(2)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rows")
    void transform(Tables.Row row, String name, String input, String expected) {
        Transform t = TRANSFORMS.get(name);
        assertThat(t).as("%s: unknown transform %s (expected one of %s)", row, name, TRANSFORMS.keySet()).isNotNull();
        String actual = t.apply(input);
        assertThat(actual).as("%s: transform=%s input=\"%s\" expected=\"%s\" actual=\"%s\"", row, name, input, expected, actual)
                .isEqualTo(expected);
    }

    @Test
    void transforms_neverGrowBeyondTheirBound_onHostileInput() {
        String hostile = "%".repeat(1000) + "%u".repeat(1000) + "&#".repeat(1000) + "\\u".repeat(1000) + "/*".repeat(1000);
        for (Map.Entry<String, Transform> e : TRANSFORMS.entrySet()) {
            String out = e.getValue().apply(hostile);
            assertThat(out.length()).as(e.getKey()).isLessThanOrEqualTo(hostile.length() + 1);
        }
    }

    @Test
    void decoders_reportMalformedEncodings() {
        java.util.List<io.tandem.waf.transform.DecodeListener.Problem> problems = new java.util.ArrayList<>();
        UrlDecode.decode("%1G %c0%ae %ff %00 %u0041", true, problems::add);
        assertThat(problems).contains(io.tandem.waf.transform.DecodeListener.Problem.INVALID_PERCENT_ENCODING,
                io.tandem.waf.transform.DecodeListener.Problem.OVERLONG_UTF8,
                io.tandem.waf.transform.DecodeListener.Problem.INVALID_UTF8,
                io.tandem.waf.transform.DecodeListener.Problem.NUL_BYTE,
                io.tandem.waf.transform.DecodeListener.Problem.UNICODE_PERCENT_ENCODING);
    }
}
