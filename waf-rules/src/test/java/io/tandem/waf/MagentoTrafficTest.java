package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ordinary storefront traffic of the reference deployment (a Magento shop) passes the default
 * rule set untouched. Guards against false positives that the attack corpora, with their small
 * benign sets, would not show: JSON checkout payloads, passwords with punctuation, reviews with
 * line breaks, Magento's own section and cache-busting parameters.
 */
class MagentoTrafficTest {

    private static final RuleEngine ENGINE = RuleSet.build(WafSettings.defaults());

    private static RequestView json(String target, String body) {
        Map<String, List<String>> headers = TestRequests.browserHeaders();
        headers.put("content-type", List.of("application/json; charset=UTF-8"));
        headers.put("content-length", List.of(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length)));
        headers.put("x-requested-with", List.of("XMLHttpRequest"));
        headers.put("cookie", List.of("PHPSESSID=6tkv0mcq3lqgd8n2b9u0ep1r7a; form_key=Xy8kP2mN0qR5sT7u; mage-cache-sessid=true;"
                + " mage-messages=; section_data_ids=%7B%22cart%22%3A1700000000%2C%22customer%22%3A1700000000%7D;"
                + " private_content_version=8f9a1b2c3d4e5f60718293a4b5c6d7e8; X-Magento-Vary=9bf9a599123e6402b85cde67144717a08b817412"));
        return RequestView.builder().requestId("m").method("POST").rawTarget(target).protocol("HTTP/1.1").headers(headers)
                .body(body.getBytes(StandardCharsets.UTF_8), false).clientAddress(TestRequests.ip("198.51.100.7")).build();
    }

    private static String form(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static void assertPasses(RequestView request) {
        Evaluation e = ENGINE.inspect(request);
        assertThat(e.fired()).as("%s fired %s", request.rawTarget(), e.fired()).isEmpty();
    }

    @Test
    void browsingSearchAndSections_pass() {
        assertPasses(TestRequests.get("/"));
        assertPasses(TestRequests.get("/women/tops-women/jackets-women.html?color=50&size=168&product_list_order=price"));
        assertPasses(TestRequests.get("/catalogsearch/result/?q=" + URLEncoder.encode("men's t-shirt (size L) & 50\" TV", StandardCharsets.UTF_8)));
        assertPasses(TestRequests.get("/catalogsearch/result/?q=O%27Reilly+Java+book"));
        assertPasses(TestRequests.get("/customer/section/load/?sections=cart%2Cmessages%2Ccustomer&force_new_section_timestamp=false&_=1700000000000"));
        assertPasses(TestRequests.get("/static/version1700000000/frontend/Magento/luma/en_US/requirejs/require.min.js"));
        assertPasses(TestRequests.get("/media/catalog/product/cache/1/image/700x700/e9c3970ab036de70892d86c6aac4d1d/w/j/wj12-blue_main.jpg"));
    }

    @Test
    void cartRegistrationReviewAndContact_pass() {
        assertPasses(TestRequests.form("/checkout/cart/add/uenc/aHR0cHM6Ly9zaG9wLmV4YW1wbGUuY29tL3Byb2R1Y3QuaHRtbA%2C%2C/product/42/",
                form("product", "42", "selected_configurable_option", "", "related_product", "", "item", "42",
                        "form_key", "Xy8kP2mN0qR5sT7u", "super_attribute[93]", "50", "super_attribute[142]", "168", "qty", "1")));
        for (String password : new String[] {"Tr0ub4dor&3", "P@$$w0rd!2024", "S3cur3#Pass;", "x7$Kp!9q-(ok)", "correct horse battery staple"}) {
            assertPasses(TestRequests.form("/customer/account/createpost/", form("form_key", "Xy8kP2mN0qR5sT7u",
                    "firstname", "Mary-Jane", "lastname", "O'Connor", "email", "mary-jane.o'connor+shop@example.co.uk",
                    "password", password, "password_confirmation", password)));
        }
        assertPasses(TestRequests.form("/review/product/post/id/42/", form("ratings[4]", "19", "nickname", "Jo",
                "title", "Great fit - 5 stars!", "detail", "Fits well; the colour is a bit darker than on screen.\r\n"
                        + "Size: M (I'm 5'10\", 170 lbs)\r\nWould buy again :) 100% recommended.")));
        assertPasses(TestRequests.form("/contact/index/post/", form("name", "Zoë Åström", "email", "zoe@example.se",
                "telephone", "+46 (0)8-123 456 78", "comment", "Hi, order #000000123 arrived damaged -- can you help?\n"
                        + "Thanks & regards, Zoë")));
    }

    @Test
    void checkoutRestJson_passes() {
        String shipping = "{\"addressInformation\":{\"shipping_address\":{\"countryId\":\"US\",\"regionId\":\"12\","
                + "\"regionCode\":\"CA\",\"region\":\"California\",\"street\":[\"123 Main St.\",\"Apt #4\"],\"company\":\"\","
                + "\"telephone\":\"(555) 123-4567\",\"postcode\":\"90210\",\"city\":\"Beverly Hills\",\"firstname\":\"Jane\","
                + "\"lastname\":\"O'Neil\",\"customAttributes\":[]},\"billing_address\":{\"countryId\":\"US\",\"street\":[\"123 Main St.\"],"
                + "\"saveInAddressBook\":null},\"shipping_method_code\":\"flatrate\",\"shipping_carrier_code\":\"flatrate\","
                + "\"extension_attributes\":{}}}";
        assertPasses(json("/rest/default/V1/guest-carts/Hq8d0Zu2sYmX0lK3Sg6TqQ2M/shipping-information", shipping));
        String payment = "{\"cartId\":\"Hq8d0Zu2sYmX0lK3Sg6TqQ2M\",\"billingAddress\":{\"countryId\":\"US\",\"regionId\":\"12\","
                + "\"street\":[\"123 Main St.\"],\"city\":\"Beverly Hills\",\"saveInAddressBook\":null},"
                + "\"paymentMethod\":{\"method\":\"checkmo\",\"po_number\":null,\"additional_data\":null},\"email\":\"jane@example.com\"}";
        assertPasses(json("/rest/default/V1/guest-carts/Hq8d0Zu2sYmX0lK3Sg6TqQ2M/payment-information", payment));
    }
}
