package io.tandem.waf.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.waf.Anomaly;
import io.tandem.waf.Location;
import io.tandem.waf.Param;
import io.tandem.waf.ParseLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CookieParser} against the plain parser it replaced (split on {@code ;}, trim, split on
 * the first {@code =}, trim, unquote), on typical and random Cookie headers: the parser cuts
 * pairs out by position, and must find the same cookies, in the same order, with the same limits.
 */
class CookieParserTest {

    @Test
    void parsesNamesValuesQuotesAndBarePairs() {
        List<Param> params = parse(List.of(" a=1; b=\"two\" ;c; =x ; d = 4 ;;e=f=g"));
        assertThat(params).extracting(Param::location, Param::name, Param::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE, "a", "1"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE_NAME, "a", "a"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE, "b", "two"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE_NAME, "b", "b"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE, "c", ""),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE_NAME, "c", "c"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE, "", "x"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE, "d", "4"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE_NAME, "d", "d"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE, "e", "f=g"),
                org.assertj.core.groups.Tuple.tuple(Location.COOKIE_NAME, "e", "e"));
    }

    @Test
    void agreesWithTheSplittingParserOnRandomHeaders() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "ab=; \t\"x1%\u00e9=;";
        for (int i = 0; i < 50_000; i++) {
            List<String> headers = new ArrayList<>();
            for (int h = 0, count = 1 + random.nextInt(2); h < count; h++) {
                StringBuilder b = new StringBuilder();
                for (int k = 0, n = random.nextInt(40); k < n; k++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                headers.add(b.toString());
            }
            assertThat(describe(parseContext(headers))).as("headers %s", headers).isEqualTo(describe(reference(headers)));
        }
    }

    @Test
    void stopsAtTheCookieLimit_withAnAnomaly() {
        ParseContext ctx = parseContext(List.of("a=1;".repeat(ParseLimits.DEFAULTS.maxCookies() + 5)));
        assertThat(ctx.params().stream().filter(p -> p.location() == Location.COOKIE)).hasSize(ParseLimits.DEFAULTS.maxCookies());
        assertThat(ctx.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.TOO_MANY_COOKIES);
    }

    private static List<Param> parse(List<String> headers) {
        return parseContext(headers).params();
    }

    private static ParseContext parseContext(List<String> headers) {
        ParseContext ctx = new ParseContext(ParseLimits.DEFAULTS);
        CookieParser.parse(headers, ctx);
        return ctx;
    }

    private static String describe(ParseContext ctx) {
        return ctx.params() + " " + ctx.anomalies().stream().map(Anomaly::kind).toList();
    }

    /** The parser as first written. */
    private static ParseContext reference(List<String> headerValues) {
        ParseContext ctx = new ParseContext(ParseLimits.DEFAULTS);
        int count = 0;
        for (String header : headerValues) {
            for (String piece : header.split(";", -1)) {
                String pair = piece.trim();
                if (pair.isEmpty()) {
                    continue;
                }
                if (count >= ctx.limits().maxCookies()) {
                    ctx.anomaly(Anomaly.Kind.TOO_MANY_COOKIES, "cookie", "more than " + ctx.limits().maxCookies());
                    return ctx;
                }
                count++;
                int eq = pair.indexOf('=');
                String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
                String value = eq < 0 ? "" : pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                ctx.add(new Param(Location.COOKIE, name, value));
                if (!name.isEmpty()) {
                    ctx.add(new Param(Location.COOKIE_NAME, name, name));
                }
            }
        }
        return ctx;
    }
}
