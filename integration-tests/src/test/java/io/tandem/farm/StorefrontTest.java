package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the Magento behaviour the proxy's session persistence exists to protect: a session
 * lives on exactly one instance. Fails if an instance adopts a PHPSESSID it did not issue (then a
 * misrouted request would not lose its cart and proxy tests would pass for the wrong reason), if
 * login stops regenerating PHPSESSID, or if cart, checkout and the Magento cookies drift from
 * what the proxy tests assert.
 */
class StorefrontTest {

    private static MagentoFarm farm;
    private static MagentoInstance web1;
    private static MagentoInstance web2;

    @BeforeAll
    static void startFarm() {
        farm = MagentoFarm.start(2);
        web1 = farm.instance("web1");
        web2 = farm.instance("web2");
    }

    @AfterAll
    static void stopFarm() {
        farm.close();
    }

    @Test
    void addToCart_thenCartPage_listsTheLine() {
        Shopper shopper = new Shopper(web1.baseUrl());

        Step<Cart> added = shopper.addToCart(1, 2);

        assertThat(added.ok()).as("%s", added).isTrue();
        Cart cart = shopper.cart().value();
        assertThat(cart.lines()).containsExactly(new Cart.Line("24-MB01", 2));
        assertThat(cart.totalQty()).isEqualTo(2);
        assertThat(cart.customer()).isEmpty();
        assertThat(shopper.hops()).extracting(Hop::path).containsExactly(
                "/catalog/product/view/id/1", "/checkout/cart/add/product/1/", "/checkout/cart/", "/checkout/cart/");
    }

    @Test
    void cart_survives50Requests_onTheSameInstance() {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.addToCart(3, 1).value();
        String sessionId = shopper.cookie("PHPSESSID").orElseThrow();
        List<String> paths = List.of("/", "/catalog/product/view/id/2", "/crown-summit-backpack.html", "/checkout/cart/", "/static/x.css");

        for (int i = 0; i < 50; i++) {
            assertThat(shopper.get(paths.get(i % paths.size())).value().status()).isEqualTo(200);
        }

        assertThat(shopper.cart().value().lines()).containsExactly(new Cart.Line("24-MB03", 1));
        assertThat(shopper.cookie("PHPSESSID")).contains(sessionId);
        assertThat(shopper.backendsSeen()).containsExactly("web1");
    }

    @Test
    void sessionOfWeb1_sentToWeb2_getsInvalidFormKeyAndAnEmptyCart() throws Exception {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.addToCart(1, 1).value();
        String sessionId = shopper.cookie("PHPSESSID").orElseThrow();
        String formKey = shopper.viewProduct(1).value().formKey().orElseThrow();

        // The request a proxy would send if it routed this shopper's next add-to-cart to web2.
        HttpResponse<String> post = RawHttp.postForm(web2.baseUrl(), "/checkout/cart/add/product/1/",
                "form_key=" + formKey + "&product=1&qty=1",
                "Cookie", "PHPSESSID=" + sessionId + "; form_key=" + formKey);

        assertThat(post.statusCode()).isEqualTo(302);
        assertThat(post.headers().firstValue("Location")).contains("/catalog/product/view/id/1");
        assertThat(post.headers().firstValue("X-Backend")).contains("web2");
        String web2Session = RawHttp.setCookies(post).get("PHPSESSID");
        assertThat(web2Session).isNotNull().isNotEqualTo(sessionId);
        assertThat(web2.knowsSession(sessionId)).isFalse();

        HttpResponse<String> product = RawHttp.get(web2.baseUrl(), "/catalog/product/view/id/1", "Cookie", "PHPSESSID=" + web2Session);
        assertThat(product.body()).contains("Invalid Form Key. Please refresh the page.");
        HttpResponse<String> cart = RawHttp.get(web2.baseUrl(), "/checkout/cart/", "Cookie", "PHPSESSID=" + web2Session);
        assertThat(cart.headers().firstValue("X-Cart-Count")).contains("0");
        assertThat(cart.body()).doesNotContain("cart-item");
        // ... while on web1 the cart is intact.
        assertThat(shopper.cart().value().totalQty()).isEqualTo(1);
    }

    @Test
    void unknownSessionId_isNeverAdopted() throws Exception {
        HttpResponse<String> home = RawHttp.get(web1.baseUrl(), "/", "Cookie", "PHPSESSID=abcdefghijklmnopqrstuvwxyz");

        String issued = RawHttp.setCookies(home).get("PHPSESSID");
        assertThat(issued).matches("[a-z0-9]{26}").isNotEqualTo("abcdefghijklmnopqrstuvwxyz");
        assertThat(web1.knowsSession("abcdefghijklmnopqrstuvwxyz")).isFalse();
        assertThat(home.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("PHPSESSID=" + issued).containsIgnoringCase("path=/").contains("HttpOnly"))
                .anySatisfy(c -> assertThat(c).matches("form_key=[A-Za-z0-9]{16}; (?i:path)=/"));
    }

    @Test
    void login_regeneratesSessionId_andKeepsCartAndFormKey() throws Exception {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.addToCart(2, 3).value();
        String before = shopper.cookie("PHPSESSID").orElseThrow();
        String formKeyBefore = shopper.viewProduct(2).value().formKey().orElseThrow();

        Step<Page> login = shopper.login("ann@example.com", MagentoInstance.CUSTOMER_PASSWORD);

        assertThat(login.ok()).as("%s", login).isTrue();
        assertThat(login.value().body()).contains("Welcome, ann@example.com");
        String after = shopper.cookie("PHPSESSID").orElseThrow();
        assertThat(after).isNotEqualTo(before).matches("[a-z0-9]{26}");
        assertThat(web1.knowsSession(before)).isFalse();
        assertThat(web1.knowsSession(after)).isTrue();
        Cart cart = shopper.cart().value();
        assertThat(cart.lines()).containsExactly(new Cart.Line("24-MB04", 3));
        assertThat(cart.customer()).contains("ann@example.com");
        assertThat(shopper.viewProduct(2).value().formKey()).contains(formKeyBefore);
        // The old id is dead: whoever still sends it starts over with an empty cart.
        HttpResponse<String> stale = RawHttp.get(web1.baseUrl(), "/checkout/cart/", "Cookie", "PHPSESSID=" + before);
        assertThat(stale.headers().firstValue("X-Cart-Count")).contains("0");
    }

    @Test
    void login_wrongPassword_redirectsToLoginWithAnError() {
        Shopper shopper = new Shopper(web1.baseUrl());
        String before = shopper.home().value().path();

        Step<Page> login = shopper.login("ann@example.com", "wrong");

        assertThat(before).isEqualTo("/");
        assertThat(login.failed()).isTrue();
        assertThat(login.failure().orElseThrow())
                .contains("ended at /customer/account/login/").contains("sign-in was incorrect");
        assertThat(shopper.get("/customer/account/").value().path()).isEqualTo("/customer/account/login/");
    }

    @Test
    void checkout_placesAnOrder_emptiesTheCart_andShowsSuccessOnce() {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.addToCart(4, 2).value();
        shopper.login("bob@example.com", MagentoInstance.CUSTOMER_PASSWORD).value();

        String orderId = shopper.checkout().value();

        assertThat(orderId).matches("[0-9]{9}");
        Hop success = shopper.hops().get(shopper.hops().size() - 1);
        assertThat(success.path()).isEqualTo("/checkout/onepage/success/");
        assertThat(shopper.cart().value().isEmpty()).isTrue();
        assertThat(shopper.get("/checkout/onepage/success/").value().path()).isEqualTo("/checkout/cart/");
        assertThat(shopper.get("/customer/account/").value().body()).contains("data-order-id=\"" + orderId + "\"");
        assertThat(shopper.get("/checkout/").value().path()).isEqualTo("/checkout/cart/");
    }

    @Test
    void successPage_showsTheOrderNumber() throws Exception {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.addToCart(5, 1).value();
        Page checkout = shopper.get("/checkout/").value();
        String formKey = checkout.formKey().orElseThrow();
        String sessionId = shopper.cookie("PHPSESSID").orElseThrow();

        HttpResponse<String> save = RawHttp.postForm(web1.baseUrl(), "/checkout/onepage/saveOrder/",
                "form_key=" + formKey, "Cookie", "PHPSESSID=" + sessionId);
        HttpResponse<String> success = RawHttp.get(web1.baseUrl(), "/checkout/onepage/success/", "Cookie", "PHPSESSID=" + sessionId);

        assertThat(save.headers().firstValue("Location")).contains("/checkout/onepage/success/");
        String orderId = success.headers().firstValue("X-Order-Id").orElseThrow();
        assertThat(success.body()).contains("Your order number is: " + orderId);
    }

    @Test
    void privateContentVersion_isRenewedOnEveryPost() {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.home().value();
        assertThat(shopper.cookies()).containsKeys("PHPSESSID", "form_key").doesNotContainKey("private_content_version");

        shopper.addToCart(1, 1).value();
        String first = shopper.cookie("private_content_version").orElseThrow();
        shopper.addToCart(2, 1).value();
        String second = shopper.cookie("private_content_version").orElseThrow();
        shopper.login("cy@example.com", MagentoInstance.CUSTOMER_PASSWORD).value();
        String third = shopper.cookie("private_content_version").orElseThrow();

        assertThat(List.of(first, second, third)).doesNotHaveDuplicates().allMatch(v -> v.matches("[a-z0-9]{32}"));
        assertThat(shopper.cookie("mage-cache-sessid")).contains("true");
    }

    @Test
    void messages_areShownOnceOnTheNextPage() {
        Shopper shopper = new Shopper(web1.baseUrl());

        Cart cart = shopper.addToCart(6, 1).value();
        Page next = shopper.home().value();

        assertThat(cart.totalQty()).isEqualTo(1);
        assertThat(shopper.hops().get(2).path()).isEqualTo("/checkout/cart/");
        assertThat(next.messages()).isEmpty();
    }

    @Test
    void prettyUrl_servesTheSameProductPage() {
        Shopper shopper = new Shopper(web1.baseUrl());

        Page pretty = shopper.get("/joust-duffle-bag.html").value();

        assertThat(pretty.status()).isEqualTo(200);
        assertThat(pretty.body()).contains("Joust Duffle Bag").contains("action=\"/checkout/cart/add/product/1/\"");
        assertThat(pretty.formKey()).isPresent();
    }

    @Test
    void healthChecks_answerOk_withoutSessionOrCookies() throws Exception {
        for (String path : List.of("/health", "/health_check.php")) {
            int sessionsBefore = web2.sessionCount();
            HttpResponse<String> health = RawHttp.get(web2.baseUrl(), path);

            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(health.body()).as(path).isEqualTo("OK");
            assertThat(health.headers().firstValue("X-Backend")).as(path).contains("web2");
            assertThat(health.headers().allValues("Set-Cookie")).as(path).isEmpty();
            assertThat(web2.sessionCount()).as(path).isEqualTo(sessionsBefore);
        }
    }

    @Test
    void staticAssets_areCacheable_andSetNoCookie() throws Exception {
        HttpResponse<String> css = RawHttp.get(web1.baseUrl(), "/static/frontend/Magento/luma/en_US/css/styles-m.css");

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(css.headers().firstValue("Cache-Control")).contains("public, max-age=31536000");
        assertThat(css.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void cartPage_namesTheCustomer_inHeaderAndPage() {
        Shopper shopper = new Shopper(web2.baseUrl());
        shopper.login("dee@example.com", MagentoInstance.CUSTOMER_PASSWORD).value();

        Page cartPage = shopper.get("/checkout/cart/").value();

        assertThat(cartPage.header("X-Customer")).contains("dee@example.com");
        assertThat(cartPage.header("X-Cart-Count")).contains("0");
        assertThat(cartPage.body()).contains("Welcome, dee@example.com");
        assertThat(shopper.backendsSeen()).containsExactly("web2");
    }

    @Test
    void logout_dropsCustomerAndCart_andRegeneratesTheSessionId() {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.addToCart(1, 1).value();
        shopper.login("eve@example.com", MagentoInstance.CUSTOMER_PASSWORD).value();
        String loggedIn = shopper.cookie("PHPSESSID").orElseThrow();

        Page home = shopper.logout().value();

        assertThat(home.path()).isEqualTo("/");
        assertThat(shopper.cookie("PHPSESSID").orElseThrow()).isNotEqualTo(loggedIn);
        Cart cart = shopper.cart().value();
        assertThat(cart.isEmpty()).isTrue();
        assertThat(cart.customer()).isEmpty();
    }

    @Test
    void addToCart_beyondMaxSaleQty_isRefusedWithAMessage() {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.addToCart(1, MagentoSession.MAX_QTY_PER_LINE).value();

        Step<Cart> more = shopper.addToCart(1, 1);

        assertThat(more.failed()).isTrue();
        assertThat(more.failure().orElseThrow()).contains("exceeds the maximum qty");
        assertThat(shopper.cart().value().qtyOf("24-MB01")).isEqualTo(MagentoSession.MAX_QTY_PER_LINE);
    }

    @Test
    void everyStorefrontPage_isAWholeHtmlDocument() {
        Shopper shopper = new Shopper(web1.baseUrl());
        for (String path : List.of("/", "/catalog/product/view/id/1", "/checkout/cart/", "/customer/account/login/", "/nope")) {
            Page page = shopper.get(path).value();
            assertThat(page.body()).as(path).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">").endsWith("</html>\n");
            assertThat(page.header("Content-Type")).as(path).contains("text/html; charset=UTF-8");
        }
        Map<String, String> cookies = shopper.cookies();
        assertThat(cookies).containsOnlyKeys("PHPSESSID", "form_key");
    }
}
