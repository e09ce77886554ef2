package io.tandem.farm;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted customer of a Magento storefront, talking HTTP/1.1 to a base URL (a farm instance,
 * or a proxy in front of the farm) like a browser: its own cookie jar accepting every cookie,
 * redirects followed one by one (each recorded as a {@link Hop}), {@code form_key} taken from the
 * page's hidden input.
 *
 * <p>Every action returns a {@link Step}; nothing is thrown for network failures, error statuses
 * or a lost cart, so load tests can count {@code failed()} steps. Each action checks what a
 * shopper would notice: {@link #addToCart} fails if the item is not in the cart afterwards (the
 * symptom of a request routed to another instance), {@link #checkout} fails without an order id.
 *
 * <p>Not thread-safe: use one shopper per thread (each has its own cookies and connection pool,
 * like one browser). The recording accessors ({@link #hops()}, {@link #hopCount()},
 * {@link #errorCount()}, {@link #backendsSeen()}) are synchronized and may be read from another
 * thread while the shopper runs. Only the last {@value #MAX_RECORDED_HOPS} hops are kept; the
 * counters cover all of them.
 *
 * <p>Timeouts: each request gets {@code timeout} to connect and to receive its response headers,
 * and twice that in total including the body. Bodies beyond {@value #MAX_BODY_BYTES} bytes are cut.
 */
public final class Shopper {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int MAX_REDIRECTS = 5;
    public static final int MAX_RECORDED_HOPS = 10_000;
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Browser-like, so that WAF rules against script user agents do not single the shopper out. */
    public static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) TandemShopper/1.0";

    private static final String GET = Browser.GET;
    private static final String POST = Browser.POST;
    private static final Pattern ORDER_TEXT = Pattern.compile("Your order number is: ([0-9]+)");

    private final URI baseUrl;
    private final Browser browser;
    private Optional<String> customer = Optional.empty();

    /** A shopper at {@code baseUrl} with {@link #DEFAULT_TIMEOUT}. */
    public Shopper(URI baseUrl) {
        this(baseUrl, DEFAULT_TIMEOUT);
    }

    /**
     * @param baseUrl {@code http://host:port} (a path other than {@code /} is refused: the storefront is at the root)
     * @param timeout per request, see the class comment
     */
    public Shopper(URI baseUrl, Duration timeout) {
        this(baseUrl, timeout, MAX_RECORDED_HOPS);
    }

    Shopper(URI baseUrl, Duration timeout, int maxRecordedHops) {
        if (maxRecordedHops < 1) {
            throw new IllegalArgumentException("maxRecordedHops: " + maxRecordedHops + " (expected: >= 1)");
        }
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl: " + baseUrl + " (expected: http://host:port)");
        }
        if (baseUrl.getRawPath() != null && !baseUrl.getRawPath().isEmpty() && !baseUrl.getRawPath().equals("/")) {
            throw new IllegalArgumentException("baseUrl: " + baseUrl + " (expected: no path; the storefront is at /)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        this.baseUrl = baseUrl.resolve("/");
        this.browser = new Browser(this.baseUrl, timeout, maxRecordedHops);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    // ---- actions ---------------------------------------------------------------------------

    /**
     * {@code GET path}, following redirects. Done for any status (check {@link Page#status()});
     * failed only without a response or after too many redirects.
     */
    public Step<Page> get(String path) {
        return act(hops -> browser.fetch(hops, GET, path, Optional.empty()));
    }

    /** The home page; fails unless it answers 200. */
    public Step<Page> home() {
        return act(hops -> expectOk(browser.fetch(hops, GET, "/", Optional.empty())));
    }

    /** A product page; fails unless it answers 200. */
    public Step<Page> viewProduct(int productId) {
        return act(hops -> viewProduct(hops, productId));
    }

    /**
     * Views the product page for its form key, posts the add-to-cart form and follows the redirect
     * to the cart. Fails if it ends anywhere else (e.g. back on the product page with "Invalid Form
     * Key") or if the cart then lacks the product: both mean the session was lost on the way.
     */
    public Step<Cart> addToCart(int productId, int qty) {
        return act(hops -> addToCart(hops, productId, qty));
    }

    /** The cart page, read into a {@link Cart}. */
    public Step<Cart> cart() {
        return act(this::cart);
    }

    /** Logs in through the login form; done with the account page. */
    public Step<Page> login(String email, String password) {
        return act(hops -> login(hops, email, password));
    }

    /** Logs out; done with the page it ends on (the home page). */
    public Step<Page> logout() {
        return act(hops -> {
            Page page = expectOk(browser.fetch(hops, GET, CustomerPages.LOGOUT_PATH, Optional.empty()));
            customer = Optional.empty();
            return page;
        });
    }

    /** Opens checkout, places the order and reads the order id from the success page. */
    public Step<String> checkout() {
        return act(this::checkout);
    }

    /**
     * The whole visit of a typical customer: home page, each product added once (a product listed
     * twice gets qty 2), login as {@code email} with {@link MagentoInstance#CUSTOMER_PASSWORD}, a
     * look at the cart (fails if any item went missing, e.g. when login's new PHPSESSID did not
     * stick to the instance), checkout. Done with the order id.
     *
     * @throws IllegalArgumentException if no product is given
     */
    public Step<String> browseAndBuy(String email, int... productIds) {
        if (productIds.length == 0) {
            throw new IllegalArgumentException("productIds: [] (expected: at least one product id)");
        }
        return act(hops -> {
            expectOk(browser.fetch(hops, GET, "/", Optional.empty()));
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (int id : productIds) {
                addToCart(hops, id, 1);
                expected.merge(skuOf(id), 1, Integer::sum);
            }
            login(hops, email, MagentoInstance.CUSTOMER_PASSWORD);
            Cart cart = cart(hops);
            for (Map.Entry<String, Integer> line : expected.entrySet()) {
                if (cart.qtyOf(line.getKey()) < line.getValue()) {
                    throw new Abort("cart after login: " + cart.lines() + " (expected: at least " + expected
                            + "; the cart was lost)");
                }
            }
            return checkout(hops);
        });
    }

    // ---- cookies and records ---------------------------------------------------------------

    /** Cookies this shopper would send to the base URL, name to value. */
    public Map<String, String> cookies() {
        return browser.cookies();
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies().get(name));
    }

    /** Sets a cookie for the base URL, replacing one of the same name, as if a response had set it. */
    public void putCookie(String name, String value) {
        browser.putCookie(name, value);
    }

    public void clearCookies() {
        browser.clearCookies();
    }

    /** The most recent hops (at most {@value #MAX_RECORDED_HOPS}), oldest first. */
    public List<Hop> hops() {
        return browser.hops();
    }

    /** Hops made since construction, including those no longer in {@link #hops()}. */
    public long hopCount() {
        return browser.hopCount();
    }

    /** Hops without a response or with a 5xx, since construction. */
    public long errorCount() {
        return browser.errorCount();
    }

    /** Distinct {@code X-Backend} values among the recorded hops, in order of first appearance. */
    public Set<String> backendsSeen() {
        return browser.backendsSeen();
    }

    @Override
    public String toString() {
        return "Shopper[" + baseUrl + ", " + hopCount() + " hops, " + errorCount() + " errors]";
    }

    // ---- scripts ---------------------------------------------------------------------------

    private Page viewProduct(List<Hop> hops, int productId) throws Abort {
        return expectOk(browser.fetch(hops, GET, "/catalog/product/view/id/" + productId, Optional.empty()));
    }

    private Cart addToCart(List<Hop> hops, int productId, int qty) throws Abort {
        Page product = viewProduct(hops, productId);
        String formKey = formKeyOf(product);
        Page after = browser.fetch(hops, POST, "/checkout/cart/add/product/" + productId + "/",
                Optional.of(form("form_key", formKey, "product", productId, "qty", qty)));
        if (after.path().equals("/catalog/product/view/id/" + productId)) {
            throw new Abort("add product " + productId + " to cart: redirected back to the product page by "
                    + after.backend().orElse("?") + messagesOf(after)
                    + " (expected: 200 at " + CheckoutPages.CART_PATH + "; the form key was refused: the session was lost)");
        }
        expectAt(after, CheckoutPages.CART_PATH, "add product " + productId + " to cart");
        Cart cart = cartOf(after);
        String sku = skuOf(productId);
        if (cart.qtyOf(sku) < qty) {
            throw new Abort("add product " + productId + " to cart: cart " + cart.lines() + " from "
                    + after.backend().orElse("?") + " (expected: " + sku + " with qty >= " + qty + "; the session was lost)");
        }
        return cart;
    }

    private Cart cart(List<Hop> hops) throws Abort {
        return cartOf(expectOk(browser.fetch(hops, GET, CheckoutPages.CART_PATH, Optional.empty())));
    }

    private Page login(List<Hop> hops, String email, String password) throws Abort {
        Page form = expectOk(browser.fetch(hops, GET, CustomerPages.LOGIN_PATH, Optional.empty()));
        Page after = browser.fetch(hops, POST, CustomerPages.LOGIN_POST_PATH, Optional.of(form(
                "form_key", formKeyOf(form), "login[username]", email, "login[password]", password)));
        expectAt(after, CustomerPages.ACCOUNT_PATH, "login as " + email);
        customer = Optional.of(email);
        return after;
    }

    private String checkout(List<Hop> hops) throws Abort {
        Page page = browser.fetch(hops, GET, CheckoutPages.CHECKOUT_PATH, Optional.empty());
        expectAt(page, CheckoutPages.CHECKOUT_PATH, "open checkout (is the cart empty?)");
        Page after = browser.fetch(hops, POST, CheckoutPages.SAVE_ORDER_PATH, Optional.of(form(
                "form_key", formKeyOf(page), "email", customer.orElse("guest@example.com"), "payment[method]", "checkmo")));
        expectAt(after, CheckoutPages.SUCCESS_PATH, "place order");
        Optional<String> orderId = after.header("X-Order-Id").or(() -> {
            Matcher m = ORDER_TEXT.matcher(after.body());
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        });
        return orderId.orElseThrow(() -> new Abort("place order: no order number on " + after.path()
                + " (expected: X-Order-Id or 'Your order number is: ...')"));
    }

    // ---- HTTP ------------------------------------------------------------------------------

    private <T> Step<T> act(Script<T> script) {
        List<Hop> hops = new ArrayList<>();
        try {
            return new Step.Done<>(script.run(hops), hops);
        } catch (Abort abort) {
            return new Step.Failed<>(abort.getMessage(), hops);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Page expectOk(Page page) throws Abort {
        if (page.status() != 200) {
            throw new Abort(page.path() + ": status " + page.status() + page.backend().map(b -> " from " + b).orElse("")
                    + messagesOf(page) + " (expected: 200)");
        }
        return page;
    }

    private static void expectAt(Page page, String path, String action) throws Abort {
        if (page.status() != 200 || !page.path().equals(path)) {
            throw new Abort(action + ": ended at " + page.path() + " with status " + page.status()
                    + page.backend().map(b -> " from " + b).orElse("") + messagesOf(page)
                    + " (expected: 200 at " + path + ")");
        }
    }

    private static String messagesOf(Page page) {
        List<String> messages = page.messages();
        return messages.isEmpty() ? "" : ", messages " + messages;
    }

    private static String formKeyOf(Page page) throws Abort {
        return page.formKey().orElseThrow(() ->
                new Abort(page.path() + ": no form_key input (expected: a page with a Magento form)"));
    }

    private static Cart cartOf(Page page) throws Abort {
        try {
            return Cart.from(page);
        } catch (IllegalArgumentException e) {
            throw new Abort(page.path() + ": " + e.getMessage());
        }
    }

    private static String skuOf(int productId) throws Abort {
        return Catalog.byId(productId).map(Product::sku).orElseThrow(() ->
                new Abort("product id: " + productId + " (expected: 1.." + Catalog.products().size() + ")"));
    }

    private static String form(Object... namesAndValues) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(String.valueOf(namesAndValues[i]), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(String.valueOf(namesAndValues[i + 1]), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @FunctionalInterface
    private interface Script<T> {
        T run(List<Hop> hops) throws Abort;
    }
}
