package io.tandem.waf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tandem.waf.transform.HtmlEntityDecode;
import io.tandem.waf.transform.JsEscapeDecode;
import io.tandem.waf.transform.RepeatedUrlDecode;
import io.tandem.waf.transform.UnicodeFold;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Target} skips decoding steps its character summary rules out; the decoded forms must be
 * what running every step gives (the reference below is the algorithm without those shortcuts).
 */
class TargetTest {

    private static final RepeatedUrlDecode URL = new RepeatedUrlDecode(3);

    private static String referenceUrlDecoded(String value) {
        String s = value.indexOf('%') >= 0 ? URL.apply(value) : value;
        return UnicodeFold.INSTANCE.apply(s);
    }

    private static String referenceDecoded(String value) {
        String u = referenceUrlDecoded(value);
        String s = u;
        if (s.indexOf('&') >= 0) {
            s = HtmlEntityDecode.INSTANCE.apply(s);
        }
        if (s.indexOf('\\') >= 0) {
            s = JsEscapeDecode.INSTANCE.apply(s);
        }
        if (s.indexOf('%') >= 0) {
            s = URL.apply(s);
        }
        if (!s.equals(u)) {
            s = UnicodeFold.INSTANCE.apply(s);
        }
        return s.replace("\0", "");
    }

    @Test
    void decodedFormsEqualEveryStepRun() {
        String[] pieces = {"a", "B", " ", "%3C", "%25", "%", "&lt;", "&amp;", "&", "\\u003c", "\\x41", "\\", "\0",
            "é", "＜", "\u200b", "select", "=", "'", "%u0041", "&#x3c;", "1", "SELECT", "Hiking And"};
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(random.nextInt(10) == 0 ? 40 : 8); // some long enough for the eight-at-a-time lower-casing
            for (int k = 0; k < n; k++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String value = b.toString();
            Target t = new Target(Location.QUERY_ARG, "q", value, "");
            assertEquals(referenceUrlDecoded(value), t.urlDecoded(), value);
            assertEquals(referenceDecoded(value), t.decoded(), value);
            int features = Features.of(value) | Features.of(referenceDecoded(value)) | Features.of(referenceUrlDecoded(value));
            assertEquals(features, t.features(), value);
            assertEquals(referenceDecoded(value).toLowerCase(java.util.Locale.ROOT), t.lower(), value);
            assertEquals(referenceUrlDecoded(value).toLowerCase(java.util.Locale.ROOT), t.urlLower(), value);
        }
    }

    @Test
    void aLongValueIsItsHeadAndTailJoinedByOneSpace() {
        int half = Target.MAX_INSPECT / 2;
        Target words = new Target(Location.FORM_ARG, "about", "a".repeat(half + 10) + "b".repeat(half + 10), "");
        assertEquals("a".repeat(half) + " " + "b".repeat(half), words.value());
        // a half that already ends or starts with a space gets no second one (prose stays compressed)
        Target spaced = new Target(Location.FORM_ARG, "about", "a".repeat(half - 1) + " " + "x".repeat(50) + "b".repeat(half), "");
        assertEquals("a".repeat(half - 1) + " " + "b".repeat(half), spaced.value());
        // no line break: the joint is not a header-injection context
        assertEquals(0, words.features() & (Features.NEWLINE | Features.TAB));
    }

    @Test
    void anArgumentAbbreviatedByTheParserIsKeptAsItIs() {
        String whole = "a".repeat(Target.MAX_INSPECT) + "b".repeat(Target.MAX_INSPECT);
        Param parsed = new Param(Location.FORM_ARG, "about", Target.abbreviate(whole), whole.length());
        assertEquals(true, parsed.abbreviated());
        Target target = Target.of(parsed);
        assertSame(parsed.value(), target.value());
        assertEquals(new Target(Location.FORM_ARG, "about", whole, "").value(), target.value());
        // a value kept whole is abbreviated by the target, as before
        assertEquals(Target.abbreviate(whole), Target.of(new Param(Location.FORM_ARG, "about", whole)).value());
    }

    @Test
    void aPlainValueIsItsOwnDecodedForm() {
        String value = "I like hiking and cooking.";
        Target t = new Target(Location.FORM_ARG, "about", value, "");
        assertSame(value, t.urlDecoded());
        assertSame(value, t.decoded());
        assertEquals(Features.of(value), t.features());
    }
}
