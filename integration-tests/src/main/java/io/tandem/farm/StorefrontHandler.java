package io.tandem.farm;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Last stage: routes storefront paths to pages. A trailing slash is optional, as in Magento.
 * GET and HEAD reach pages, POST reaches form actions; any other method or unknown path gets
 * Magento's 404 page (Magento answers an action that does not accept the method with its
 * "noroute" page too, not 405). Requires the {@link Visit} attached by {@link SessionHandler}
 * and a blocking exchange (form actions read the body).
 */
final class StorefrontHandler implements HttpHandler {

    private static final Pattern PRODUCT = Pattern.compile("/catalog/product/view/id/([0-9]{1,9})");
    private static final Pattern PRETTY_PRODUCT = Pattern.compile("/([a-z0-9-]{1,64})\\.html");
    /** Also Magento's own form with {@code uenc} (the base64 return URL) before the product id. */
    private static final Pattern ADD_TO_CART =
            Pattern.compile("/checkout/cart/add(?:/uenc/[A-Za-z0-9,_-]{1,512})?/product/([0-9]{1,9})");

    private final Layout layout;
    private final CatalogPages catalog;
    private final CheckoutPages checkout;
    private final CustomerPages customer;

    StorefrontHandler(Layout layout, CatalogPages catalog, CheckoutPages checkout, CustomerPages customer) {
        this.layout = layout;
        this.catalog = catalog;
        this.checkout = checkout;
        this.customer = customer;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Visit visit = exchange.getAttachment(Visit.KEY);
        String path = withoutTrailingSlash(exchange.getRelativePath());
        HttpString method = exchange.getRequestMethod();
        if (method.equals(Methods.GET) || method.equals(Methods.HEAD)) {
            page(exchange, visit, path);
        } else if (method.equals(Methods.POST)) {
            action(exchange, visit, path);
        } else {
            notFound(exchange, visit);
        }
    }

    private void page(HttpServerExchange exchange, Visit visit, String path) {
        switch (path) {
            case "/" -> catalog.home(exchange, visit);
            case "/checkout/cart" -> checkout.cart(exchange, visit);
            case "/checkout" -> checkout.checkout(exchange, visit);
            case "/checkout/onepage/success" -> checkout.success(exchange, visit);
            case "/customer/account/login" -> customer.loginForm(exchange, visit);
            case "/customer/account" -> customer.account(exchange, visit);
            case "/customer/account/logout" -> customer.logout(exchange, visit);
            default -> {
                Optional<Product> product = productOf(path);
                if (product.isPresent()) {
                    catalog.product(exchange, visit, product.get());
                } else {
                    notFound(exchange, visit);
                }
            }
        }
    }

    private void action(HttpServerExchange exchange, Visit visit, String path) throws Exception {
        Matcher addToCart = ADD_TO_CART.matcher(path);
        if (path.equals("/customer/account/loginPost")) {
            customer.loginPost(exchange, visit, Form.read(exchange));
        } else if (path.equals("/checkout/onepage/saveOrder")) {
            checkout.saveOrder(exchange, visit, Form.read(exchange));
        } else if (addToCart.matches()) {
            Optional<Product> product = Catalog.byId(Integer.parseInt(addToCart.group(1)));
            if (product.isPresent()) {
                checkout.addToCart(exchange, visit, product.get(), Form.read(exchange));
            } else {
                notFound(exchange, visit);
            }
        } else {
            notFound(exchange, visit);
        }
    }

    private static Optional<Product> productOf(String path) {
        Matcher byId = PRODUCT.matcher(path);
        if (byId.matches()) {
            return Catalog.byId(Integer.parseInt(byId.group(1)));
        }
        Matcher bySlug = PRETTY_PRODUCT.matcher(path);
        return bySlug.matches() ? Catalog.bySlug(bySlug.group(1)) : Optional.empty();
    }

    private void notFound(HttpServerExchange exchange, Visit visit) {
        String main = "<p>Whoops, our bad... The page you requested was not found.</p>\n<a href=\"/\">Go to the home page</a>\n";
        Responses.html(exchange, StatusCodes.NOT_FOUND, layout.page("404 Not Found", visit, main));
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public String toString() {
        return "storefront(catalog, checkout, customer)";
    }
}
