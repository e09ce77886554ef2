package io.tandem.waf.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.Param;
import io.tandem.waf.ParseLimits;
import io.tandem.waf.Target;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link UrlEncodedParser}, in particular long values decoded only where they are inspected: with
 * {@code asciiWithoutNul} the parser must produce exactly what decoding the whole value and then
 * abbreviating it gives ({@link Target#abbreviate}), with the same lengths and the same anomalies.
 */
class UrlEncodedParserTest {

    @Test
    void parsesPairsNamesWithoutValuesAndEscapes() {
        ParseContext ctx = parse("a=1&b&c=x+y%21&&=v", false);
        assertThat(ctx.params()).extracting(Param::location, Param::name, Param::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Location.FORM_ARG, "a", "1"),
                org.assertj.core.groups.Tuple.tuple(Location.FORM_ARG_NAME, "a", "a"),
                org.assertj.core.groups.Tuple.tuple(Location.FORM_ARG, "b", ""),
                org.assertj.core.groups.Tuple.tuple(Location.FORM_ARG_NAME, "b", "b"),
                org.assertj.core.groups.Tuple.tuple(Location.FORM_ARG, "c", "x y!"),
                org.assertj.core.groups.Tuple.tuple(Location.FORM_ARG_NAME, "c", "c"),
                org.assertj.core.groups.Tuple.tuple(Location.FORM_ARG, "", "v"));
    }

    @Test
    void aLongValueKeepsItsHeadAndTailAndItsWholeLength() {
        String head = "a".repeat(Target.HALF);
        String tail = "z".repeat(Target.HALF);
        String raw = "text=" + head + "%2C".repeat(50_000) + tail + "&next=1";
        for (boolean ascii : new boolean[] {false, true}) {
            ParseContext ctx = parse(raw, ascii);
            Param text = ctx.params().get(0);
            assertThat(text.value()).isEqualTo(head + " " + tail);
            assertThat(text.length()).isEqualTo(2 * Target.HALF + 50_000);
            assertThat(ctx.params().get(2).value()).isEqualTo("1");
            assertThat(ctx.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.ARG_VALUE_TOO_LONG);
        }
    }

    @Test
    void headAndTailEndNextToEscapesExactly() {
        // escapes placed across every position near both cut points
        for (int shift = -4; shift <= 4; shift++) {
            String before = "b".repeat(Target.HALF + shift) + "%41%42" + "m".repeat(20_000);
            String raw = "v=" + before + "%43%44" + "e".repeat(Target.HALF + shift) + "&w=2";
            assertSameAsWholeDecoding(raw);
        }
    }

    @Test
    void halvesMadeOfEscapesAndSpacesAtTheJoinAreCutAndJoinedAsWholeDecodingDoes() {
        // the tail's raw text reaching back three times its decoded length, the head likewise
        for (int shift = -3; shift <= 3; shift++) {
            assertSameAsWholeDecoding("v=" + "%41".repeat(Target.HALF + shift) + "m".repeat(5_000) + "%42".repeat(Target.HALF + 2)
                    + "&w=2");
            assertSameAsWholeDecoding("v=" + "h".repeat(Target.HALF + shift) + "%7E".repeat(3_000) + "x".repeat(Target.HALF - 3)
                    + "%43%44%45");
        }
        // a space already at the end of the head or the start of the tail: no second one in between
        for (String space : new String[] {"+", "%20", " "}) {
            assertSameAsWholeDecoding("v=" + "a".repeat(Target.HALF - 1) + space + "m".repeat(300) + "z".repeat(Target.HALF));
            assertSameAsWholeDecoding("v=" + "a".repeat(Target.HALF) + "m".repeat(300) + space + "z".repeat(Target.HALF - 1));
        }
    }

    @Test
    void agreesWithWholeDecodingOnRandomLongValues() {
        SplittableRandom random = new SplittableRandom(3);
        String[] pieces = {"word", "+", "%2C", "%2e", "%7E", "%7f", ".", "%25", "x", "%2B", "%0A", "%20", "%3D", "%26"};
        // pieces that do not qualify: the whole value is then decoded as before, with its anomalies
        String[] rare = {"%00", "%C3%A9", "%u0041", "%zz", "100%", "%4", "%F0%9F%98%80", "%C0%AE", "%FF"};
        for (int i = 0; i < 300; i++) {
            StringBuilder raw = new StringBuilder("form_key=abc");
            int values = 1 + random.nextInt(3);
            for (int v = 0; v < values; v++) {
                raw.append("&field_").append(v).append('=');
                int length = random.nextInt(Target.MAX_INSPECT - 200, 3 * Target.MAX_INSPECT);
                boolean spoiled = random.nextInt(4) == 0;
                int spoilAt = random.nextInt(length);
                int start = raw.length();
                while (raw.length() - start < length) {
                    if (spoiled && raw.length() - start >= spoilAt) {
                        raw.append(rare[random.nextInt(rare.length)]);
                        spoiled = false;
                    }
                    raw.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            assertSameAsWholeDecoding(raw.toString());
        }
    }

    @Test
    void agreesWithTheGeneralDecoderOnRandomShortNamesAndValues() {
        // names and values of every size around the eight-byte steps, escapes in every position,
        // including those that only the general decoder handles (and reports)
        SplittableRandom random = new SplittableRandom(5);
        String[] pieces = {"a", "Zz9", "+", "%2C", "%5B", "%5d", "%7f", "%01", "%25", "=", ".", "-", "_", "%00", "%C3%A9",
            "%u0041", "%zz", "%4", "%", "%FF", "%8"};
        for (int i = 0; i < 3_000; i++) {
            StringBuilder raw = new StringBuilder();
            int pairs = 1 + random.nextInt(4);
            for (int p = 0; p < pairs; p++) {
                if (p > 0) {
                    raw.append('&');
                }
                int length = random.nextInt(24);
                while (length-- > 0) {
                    raw.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            assertSameAsWholeDecoding(raw.toString());
        }
        assertThat(parse("q=red+shoes%21&p%5B1%5D=2&s=red+running+shoes&plain_name=", true).params()).extracting(Param::value)
                .containsExactly("red shoes!", "q", "2", "p[1]", "red running shoes", "s", "", "plain_name");
    }

    private static void assertSameAsWholeDecoding(String raw) {
        ParseContext whole = parse(raw, false);
        ParseContext abbreviated = parse(raw, true);
        assertThat(abbreviated.params()).isEqualTo(whole.params());
        assertThat(abbreviated.anomalies()).isEqualTo(whole.anomalies());
    }

    private static ParseContext parse(String raw, boolean asciiWithoutNul) {
        ParseContext ctx = new ParseContext(ParseLimits.DEFAULTS);
        UrlEncodedParser.parse(raw, asciiWithoutNul ? raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII) : null,
                Location.FORM_ARG, Location.FORM_ARG_NAME, "body", ctx);
        return ctx;
    }

    @Test
    void wholeDecodingIsTheReference() {
        // the reference path abbreviates after decoding everything
        ParseContext ctx = parse("v=" + "q".repeat(Target.MAX_INSPECT + 10), false);
        assertThat(ctx.params().get(0).value()).isEqualTo(Target.abbreviate("q".repeat(Target.MAX_INSPECT + 10)));
        assertThat(List.of(ctx.params().get(0).length())).containsExactly(Target.MAX_INSPECT + 10);
    }
}
