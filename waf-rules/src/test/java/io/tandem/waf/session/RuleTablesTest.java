package io.tandem.waf.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.waf.Action;
import io.tandem.waf.rules.TextMatcher;
import io.tandem.waf.session.SessionRuleSettings.Per;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three rule classes as tables: (rule, input, expected). Patterns are space-separated; a
 * {@code re:} prefix marks a regex; {@code -} is an empty list.
 */
class RuleTablesTest {

    private static List<TextMatcher> patterns(String cell) {
        if (cell.equals("-")) {
            return List.of();
        }
        return Arrays.stream(cell.split(" "))
                .map(p -> p.startsWith("re:") ? TextMatcher.regex(p.substring(3), false) : TextMatcher.simple(p, false))
                .toList();
    }

    @ParameterizedTest(name = "applies-to {0}, pages {1}, started {2}: {3} -> fires {4}")
    @CsvSource(delimiter = '|', textBlock = """
            /checkout*     | /checkout/cart/ /  | false | /checkout/       | true
            /checkout*     | /checkout/cart/ /  | false | /checkout/cart/  | false
            /checkout*     | /checkout/cart/ /  | false | /                | false
            /checkout*     | /checkout/cart/ /  | false | /catalog/x.html  | false
            /checkout*     | /checkout/cart/ /  | true  | /checkout/       | false
            /checkout*     | /checkout/cart/ /  | false | /Checkout/       | false
            -              | /                  | false | /anything        | true
            -              | /                  | false | /                | false
            -              | /                  | true  | /anything        | false
            re:^/account/  | re:^/account/login | false | /account/orders  | true
            re:^/account/  | re:^/account/login | false | /account/login/x | false
            /a* /b*        | /start             | false | /b/1             | true
            /a* /b*        | /start             | false | /c/1             | false
            """)
    void startPages(String appliesTo, String pages, boolean started, String path, boolean fires) {
        StartPageRule rule = new StartPageRule("sp", patterns(appliesTo), patterns(pages), Action.alertDeny(), false);

        assertThat(rule.violates(started, path)).isEqualTo(fires);
    }

    @ParameterizedTest(name = "steps {0}: {1} is step {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /cart/ /checkout/ /success/       | /cart/           | 0
            /cart/ /checkout/ /success/       | /checkout/       | 1
            /cart/ /checkout/ /success/       | /success/        | 2
            /cart/ /checkout/ /success/       | /checkout/x      | -1
            /cart/ /checkout/ /success/       | /                | -1
            /checkout* /checkout/pay/         | /checkout/pay/   | 1
            /checkout* /checkout/pay/         | /checkout/ship/  | 0
            re:^/step/1$ re:^/step/2$         | /step/2          | 1
            """)
    void pageOrderSteps(String steps, String path, int step) {
        PageOrderRule rule = new PageOrderRule("po", patterns(steps), Action.alertDeny(), false);

        assertThat(rule.stepOf(path)).isEqualTo(step);
    }

    @ParameterizedTest(name = "progress {0}, step {1} -> allowed {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | 0 | true
            0 | 1 | false
            1 | 1 | true
            1 | 2 | false
            2 | 1 | true
            2 | 0 | true
            3 | 2 | true
            """)
    void pageOrderAllows(int progress, int step, boolean allowed) {
        assertThat(PageOrderRule.allows(progress, step)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3} -> counted {4}")
    @CsvSource(delimiter = '|', textBlock = """
            /customer/account/loginPost* | POST      | POST | /customer/account/loginPost/  | true
            /customer/account/loginPost* | POST      | GET  | /customer/account/loginPost/  | false
            /customer/account/loginPost* | -         | GET  | /customer/account/loginPost/  | true
            /customer/account/loginPost* | POST PUT  | PUT  | /customer/account/loginPostX  | true
            /customer/account/loginPost* | POST      | POST | /customer/account/login/      | false
            re:^/api/v[0-9]+/cart        | -         | POST | /api/v2/cart/items            | true
            """)
    void rateLimitApplies(String path, String methods, String method, String requestPath, boolean counted) {
        Set<String> m = methods.equals("-") ? Set.of() : Set.of(methods.split(" "));
        RateLimitRule rule = new RateLimitRule("rl", patterns(path).get(0), m, 5, 60, Per.SESSION, Action.alertDeny(), false);

        assertThat(rule.applies(method, requestPath)).isEqualTo(counted);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1,1st", "2,2nd", "3,3rd", "4,4th", "6,6th", "11,11th", "12,12th", "13,13th", "21,21st", "22,22nd",
            "101,101st", "111,111th", "113,113th"})
    void ordinals(int n, String text) {
        assertThat(RateLimitRule.ordinal(n)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}s windows: second {1} is window {2}, starting {3} ms")
    @CsvSource({"60,0,0,0", "60,59,0,0", "60,60,1,60000", "60,1735689599,28928159,1735689540000", "1,4294967295,4294967295,4294967295000",
            "1,4294967296,4294967295,4294967295000", "3600,-5,0,0"})
    void rateWindows(long seconds, long epochSecond, long index, long startMillis) throws Exception {
        RateLimitRule rule = new RateLimitRule("rl", TextMatcher.simple("/", false), Set.of(), 5, seconds, Per.CLIENT,
                Action.alertDeny(), false);

        assertThat(rule.windowIndex(epochSecond)).isEqualTo(index);
        assertThat(rule.windowStartMillis(index)).isEqualTo(startMillis);
        assertThat(rule.reason(6, InetAddress.getByName("192.0.2.7")))
                .isEqualTo("6th request from 192.0.2.7 in " + seconds + "s window, limit 5");
    }
}
