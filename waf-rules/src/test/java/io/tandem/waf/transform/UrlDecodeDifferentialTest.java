package io.tandem.waf.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.ParseLimits;
import io.tandem.waf.parse.ParseContext;
import io.tandem.waf.parse.UrlEncodedParser;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fast {@link UrlDecode}, {@link LenientUtf8} and {@link UrlEncodedParser} against the
 * straightforward algorithms they replaced, kept here verbatim as the specification: same output
 * and the same set of reported problems for every input, on a table of tricky cases and on
 * seeded random input.
 */
class UrlDecodeDifferentialTest {

    private static final int RANDOM_CASES = 20_000;

    /** Inputs that each exercise one rule of the decoder, or the seams between its fast and slow paths. */
    private static final List<String> TRICKY = List.of(
            "", "a", "plain", "a+b", "+", "++", "%", "%%", "%%%", "%2", "%20", "%2B", "%2b", "a%20b+c",
            "%1G", "%G1", "%w20", "%u12", "%u", "%U", "%u0041", "%U0041", "%u00e9", "%u20AC", "%uD83D%uDE00",
            "%uDE00", "%u0000", "%u00", "%uZZZZ", "%u004", "%u004G", "99%", "80% off", "100%25", "%+", "%+20",
            "+%", "a%", "%a", "%é", "%u00é", "%2é", "é", "é%20", "%C3%A9", "%c3%a9", "%C3é", "é%A9", "%C3",
            "%A9", "%E2%82%AC", "%E2%82", "%F0%9F%98%80", "%F0%9F%98", "%f8%88%80%80%80", "%c0%ae", "%C0%AE%C0%AE%2F",
            "%e0%80%ae", "%f0%80%80%ae", "%c0%80", "%ff", "%fe%ff", "%80", "%ed%a0%80", "%f4%90%80%80",
            "\0", "a\0b", "\0%20", "%00", "a%00b", "😀", "😀%20", "%F0😀", "\uD83D", "\uDE00", "\uD83Da",
            "a\uDE00", "\uDE00\uD83D", "\uD83D%20", "%20\uDE00", "\uD83D\uD83D\uDE00", "ÿ", "\u0800", "\uffff",
            "%ef%bf%bf", "a&b=c", "=&=", "lorem+ipsum+dolor+sit+amet%2C+", "lorem+ipsum+dolor+sit+amet%2C+consectetur",
            "abcdefgh%20", "abcdefg%20", "abcdefghi%20", "%20%20%20%20abcdefghijklmnop%20qrstuvwx",
            "%41%42%43%44%45%46%47%48%49abcdefghijklmnopqrstuvwxyz+%4a", "12345678+1234567%1",
            "1234567+%u0041+12345678", "12345678%", "1234567%2", "++++++++%2B++++++++", "%u0041%u0042%u0043%u0044xxxxxxxxx%20yyyy",
            "%C3%A9%C3%A9%C3%A9%C3%A9abcdefgh%C3", "abcdefghé%20ijklmnop", "a%20b%20c%20d%20e%20fghijklmnopq%");

    /** Pieces random inputs are built from: escapes, their near misses, and the characters around them. */
    private static final String[] PIECES = {
        "%", "%", "%", "+", "+", "u", "U", "0", "2", "7", "9", "a", "c", "f", "A", "C", "E", "F", "G", "w", "x",
        "\0", "é", "😀", "\uD83D", "\uDE00", "&", "=", " ", "ÿ", "€",
        "%2", "%20", "%2B", "%25", "%C3", "%A9", "%c0", "%ae", "%E2", "%82", "%F0", "%9F", "%80", "%ff", "%00",
        "%u", "%u00", "%u0041", "%uD83D", "%u20ac", "lorem", "ipsum+", "dolor+sit", "abcdefgh", "amet%2C+",
    };

    @Test
    void decode_matchesTheOriginal_onTrickyCases() {
        for (String s : TRICKY) {
            assertSameAsReference(s, true);
            assertSameAsReference(s, false);
        }
    }

    @Test
    void decode_matchesTheOriginal_onLongValues() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 65_536) {
            sb.append("lorem+ipsum+dolor+sit+amet%2C+consectetur%20adipiscing+%C3%A9lit+");
        }
        String ascii = sb.toString();
        for (String s : List.of(ascii, ascii + "é", "é" + ascii, ascii.replace("%2C", "%u002C"), ascii.replace("dolor", "d\0lor"),
                ascii.replace("sit", "😀"), ascii.replace("sit", "\uD83D"), "a".repeat(65_536) + "%", "+".repeat(1000))) {
            assertSameAsReference(s, true);
            assertSameAsReference(s, false);
        }
    }

    @Test
    void decode_matchesTheOriginal_onRandomInput() {
        Random random = new Random(20240611L);
        for (int i = 0; i < RANDOM_CASES; i++) {
            String s = randomInput(random, 1 + random.nextInt(i % 10 == 0 ? 80 : 16));
            assertSameAsReference(s, true);
            assertSameAsReference(s, false);
        }
    }

    @Test
    void lenientUtf8_matchesTheOriginal_onRandomBytes() {
        Random random = new Random(7L);
        int[] interesting = {0, 'a', 'z', ' ', '%', 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc3, 0xa9, 0xdf, 0xe0, 0xe2, 0xed,
            0xef, 0xf0, 0xf4, 0xf7, 0xf8, 0xff};
        for (int i = 0; i < RANDOM_CASES; i++) {
            byte[] bytes = new byte[random.nextInt(i % 10 == 0 ? 100 : 24)];
            for (int k = 0; k < bytes.length; k++) {
                // mostly ASCII, so that the eight-byte scan runs and stops at every position
                bytes[k] = (byte) (random.nextInt(3) > 0 ? 'a' + random.nextInt(26) : interesting[random.nextInt(interesting.length)]);
            }
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = random.nextInt(bytes.length - offset + 1);
            Set<DecodeListener.Problem> expectedProblems = EnumSet.noneOf(DecodeListener.Problem.class);
            Set<DecodeListener.Problem> actualProblems = EnumSet.noneOf(DecodeListener.Problem.class);
            String expected = referenceLenientUtf8(bytes, offset, length, expectedProblems::add);
            String actual = LenientUtf8.decode(bytes, offset, length, actualProblems::add);
            assertThat(actual).as("bytes %s [%d, +%d)", java.util.Arrays.toString(bytes), offset, length).isEqualTo(expected);
            assertThat(actualProblems).as("problems for %s [%d, +%d)", java.util.Arrays.toString(bytes), offset, length)
                    .isEqualTo(expectedProblems);
        }
    }

    @Test
    void urlEncodedParser_matchesTheOriginal() {
        ParseLimits tight = new ParseLimits(4, 16, 64, 128, 32, 64, 256, 1 << 20, 256 << 10);
        Random random = new Random(99L);
        List<String> inputs = new java.util.ArrayList<>(TRICKY);
        inputs.addAll(List.of("a=1&b=2", "&&a", "a&b&c=1", "=1", "a==b", "a=b=c&d", "&", "a=%20&%3D=%26", "x=1&", "&x=1",
                "a&b&c&d&e&f=1&g", "n" + "%41".repeat(30) + "=v" + "%42".repeat(40) + "&a=b"));
        for (int i = 0; i < RANDOM_CASES; i++) {
            inputs.add(randomInput(random, 1 + random.nextInt(i % 10 == 0 ? 120 : 24)));
        }
        for (String raw : inputs) {
            for (ParseLimits limits : List.of(ParseLimits.DEFAULTS, tight)) {
                ParseContext expected = new ParseContext(limits);
                ParseContext actual = new ParseContext(limits);
                referenceParse(raw, Location.QUERY_ARG, Location.QUERY_ARG_NAME, "query", expected);
                UrlEncodedParser.parse(raw, Location.QUERY_ARG, Location.QUERY_ARG_NAME, "query", actual);
                assertThat(actual.params()).as("params of \"%s\"", escape(raw)).isEqualTo(expected.params());
                assertThat(new HashSet<Anomaly>(actual.anomalies())).as("anomalies of \"%s\"", escape(raw))
                        .isEqualTo(new HashSet<>(expected.anomalies()));
                assertThat(actual.argCount()).isEqualTo(expected.argCount());
            }
        }
    }

    private static void assertSameAsReference(String s, boolean plusAsSpace) {
        Set<DecodeListener.Problem> expectedProblems = EnumSet.noneOf(DecodeListener.Problem.class);
        Set<DecodeListener.Problem> actualProblems = EnumSet.noneOf(DecodeListener.Problem.class);
        String expected = referenceDecode(s, plusAsSpace, expectedProblems::add);
        String actual = UrlDecode.decode(s, plusAsSpace, actualProblems::add);
        if (!actual.equals(expected)) {
            // point at the first difference rather than print two 64 KiB strings
            int at = 0;
            while (at < actual.length() && at < expected.length() && actual.charAt(at) == expected.charAt(at)) {
                at++;
            }
            int from = Math.max(0, at - 20);
            fail(String.format("decode(\"%s\", plusAsSpace=%s): output differs at %d: expected ...\"%s\" but was ...\"%s\"",
                    escape(s), plusAsSpace, at, escape(expected.substring(from, Math.min(expected.length(), at + 20))),
                    escape(actual.substring(from, Math.min(actual.length(), at + 20)))));
        }
        assertThat(actualProblems).as("problems of decode(\"%s\", plusAsSpace=%s)", escape(s), plusAsSpace)
                .isEqualTo(expectedProblems);
        Function<String, String> transform = plusAsSpace ? UrlDecode.FORM::apply : UrlDecode.PATH::apply;
        assertThat(transform.apply(s)).isEqualTo(expected);
    }

    private static String randomInput(Random random, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < pieces; k++) {
            sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 300; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    // ---- The original algorithms, verbatim apart from names: the specification. ----

    private static String referenceDecode(String s, boolean plusAsSpace, DecodeListener listener) {
        if (!(s.indexOf('%') >= 0 || (plusAsSpace && s.indexOf('+') >= 0))) {
            if (s.indexOf('\0') >= 0) {
                listener.report(DecodeListener.Problem.NUL_BYTE);
            }
            return s;
        }
        int n = s.length();
        byte[] buf = new byte[n * 3];
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 < n && referenceHex(s.charAt(i + 1)) >= 0 && referenceHex(s.charAt(i + 2)) >= 0) {
                    buf[len++] = (byte) (referenceHex(s.charAt(i + 1)) << 4 | referenceHex(s.charAt(i + 2)));
                    i += 2;
                    continue;
                }
                if (i + 5 < n && (s.charAt(i + 1) == 'u' || s.charAt(i + 1) == 'U') && referenceHex(s.charAt(i + 2)) >= 0
                        && referenceHex(s.charAt(i + 3)) >= 0 && referenceHex(s.charAt(i + 4)) >= 0
                        && referenceHex(s.charAt(i + 5)) >= 0) {
                    char u = (char) (referenceHex(s.charAt(i + 2)) << 12 | referenceHex(s.charAt(i + 3)) << 8
                            | referenceHex(s.charAt(i + 4)) << 4 | referenceHex(s.charAt(i + 5)));
                    listener.report(DecodeListener.Problem.UNICODE_PERCENT_ENCODING);
                    len = referenceAppend(buf, len, String.valueOf(u));
                    i += 5;
                    continue;
                }
                if (i + 1 < n && Character.isLetterOrDigit(s.charAt(i + 1)) && s.charAt(i + 1) < 0x80) {
                    listener.report(DecodeListener.Problem.INVALID_PERCENT_ENCODING);
                }
                buf[len++] = '%';
            } else if (c == '+' && plusAsSpace) {
                buf[len++] = ' ';
            } else if (c < 0x80) {
                buf[len++] = (byte) c;
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < n && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                }
                len = referenceAppend(buf, len, s.substring(i, end));
                i = end - 1;
            }
        }
        return referenceLenientUtf8(buf, 0, len, listener);
    }

    private static int referenceAppend(byte[] buf, int len, String chars) {
        byte[] bytes = chars.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        return len + bytes.length;
    }

    private static int referenceHex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static String referenceLenientUtf8(byte[] bytes, int offset, int length, DecodeListener listener) {
        int end = offset + length;
        int i = offset;
        while (i < end && bytes[i] > 0) {
            i++;
        }
        if (i == end) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(length);
        out.append(new String(bytes, offset, i - offset, StandardCharsets.ISO_8859_1));
        while (i < end) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                if (b == 0) {
                    listener.report(DecodeListener.Problem.NUL_BYTE);
                }
                out.append((char) b);
                i++;
                continue;
            }
            int need;
            int cp;
            if (b >= 0xc0 && b <= 0xdf) {
                need = 1;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf7) {
                need = 3;
                cp = b & 0x07;
            } else {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
                i++;
                continue;
            }
            if (i + need >= end) {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
                i++;
                continue;
            }
            boolean valid = true;
            for (int k = 1; k <= need; k++) {
                int c = bytes[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    valid = false;
                    break;
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            if (!valid) {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
                i++;
                continue;
            }
            int min = need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
            if (cp < min) {
                listener.report(DecodeListener.Problem.OVERLONG_UTF8);
                if (cp == 0) {
                    listener.report(DecodeListener.Problem.NUL_BYTE);
                }
            }
            if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                listener.report(DecodeListener.Problem.INVALID_UTF8);
                out.append('\ufffd');
            } else {
                out.appendCodePoint(cp);
            }
            i += need + 1;
        }
        return out.toString();
    }

    private static void referenceParse(String raw, Location valueLocation, Location nameLocation, String where, ParseContext ctx) {
        int n = raw.length();
        int start = 0;
        while (start <= n) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? n : amp;
            if (end > start) {
                String pair = raw.substring(start, end);
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                String name = referenceDecode(rawName, true, ctx.listener(where));
                String value = referenceDecode(rawValue, true, ctx.listener(where));
                if (!ctx.addArg(valueLocation, nameLocation, name, value, where)) {
                    return;
                }
            }
            if (amp < 0) {
                return;
            }
            start = amp + 1;
        }
    }
}
