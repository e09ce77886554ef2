package io.tandem.farm;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.StatusCodes;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Cart, checkout and order success: the pages whose state lives in the session. */
final class CheckoutPages {

    static final String CART_PATH = "/checkout/cart/";
    static final String CHECKOUT_PATH = "/checkout/";
    static final String SAVE_ORDER_PATH = "/checkout/onepage/saveOrder/";
    static final String SUCCESS_PATH = "/checkout/onepage/success/";

    /** Total quantity in the cart, on the cart page: handy for scripted checks. */
    static final HttpString CART_COUNT = new HttpString("X-Cart-Count");
    /** The logged-in customer's email, on the cart and account pages. */
    static final HttpString CUSTOMER = new HttpString("X-Customer");
    /** The order just placed, on the success page. */
    static final HttpString ORDER_ID = new HttpString("X-Order-Id");

    private static final Pattern QTY = Pattern.compile("[0-9]{1,5}");

    private final Layout layout;
    private final OrderNumbers orderNumbers;

    CheckoutPages(Layout layout, OrderNumbers orderNumbers) {
        this.layout = layout;
        this.orderNumbers = orderNumbers;
    }

    /** {@code POST /checkout/cart/add/product/<n>/}: form key, then qty, then the cart. */
    void addToCart(HttpServerExchange exchange, Visit visit, Product p, Form form) throws BadRequestException {
        MagentoSession session = visit.session();
        if (!FormKeys.valid(visit, form)) {
            session.addMessage(MagentoSession.MessageKind.ERROR, FormKeys.INVALID);
            Responses.redirect(exchange, p.path());
            return;
        }
        Optional<String> product = form.field("product");
        if (product.isPresent() && !product.get().equals(Integer.toString(p.id()))) {
            throw new BadRequestException("product: '" + product.get() + "' (expected: " + p.id() + ", the id in the URL)");
        }
        String qtyText = form.field("qty").orElse("1");
        int qty = QTY.matcher(qtyText).matches() ? Integer.parseInt(qtyText) : 0;
        if (qty < 1 || qty > MagentoSession.MAX_QTY_PER_LINE) {
            throw new BadRequestException("qty: '" + qtyText + "' (expected: an integer 1.." + MagentoSession.MAX_QTY_PER_LINE + ")");
        }
        if (!session.addToCart(p.sku(), qty)) {
            session.addMessage(MagentoSession.MessageKind.ERROR,
                    "The requested qty exceeds the maximum qty allowed in shopping cart");
            Responses.redirect(exchange, p.path());
            return;
        }
        session.addMessage(MagentoSession.MessageKind.SUCCESS, "You added " + p.name() + " to your shopping cart.");
        Responses.redirect(exchange, CART_PATH);
    }

    /** {@code GET /checkout/cart/}: one {@code tr.cart-item} per line with {@code data-sku}/{@code data-qty}. */
    void cart(HttpServerExchange exchange, Visit visit) {
        MagentoSession session = visit.session();
        Map<String, Integer> lines = session.cart();
        int count = lines.values().stream().mapToInt(Integer::intValue).sum();
        exchange.getResponseHeaders().put(CART_COUNT, count);
        session.customer().ifPresent(email -> exchange.getResponseHeaders().put(CUSTOMER, email));
        StringBuilder main = new StringBuilder();
        if (lines.isEmpty()) {
            main.append("<div class=\"cart-empty\"><p>You have no items in your shopping cart.</p></div>\n");
        } else {
            BigDecimal subtotal = BigDecimal.ZERO;
            main.append("<table id=\"shopping-cart-table\" class=\"cart items data table\">\n")
                    .append("<thead><tr><th>Item</th><th>Price</th><th>Qty</th><th>Subtotal</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, Integer> line : lines.entrySet()) {
                Product p = Catalog.bySku(line.getKey()).orElseThrow();
                BigDecimal rowTotal = p.price().multiply(BigDecimal.valueOf(line.getValue()));
                subtotal = subtotal.add(rowTotal);
                main.append("<tr class=\"cart-item\" data-sku=\"").append(Layout.escape(p.sku()))
                        .append("\" data-qty=\"").append(line.getValue())
                        .append("\" data-product-id=\"").append(p.id()).append("\">")
                        .append("<td class=\"col item\"><a href=\"").append(p.path()).append("\">")
                        .append(Layout.escape(p.name())).append("</a></td>")
                        .append("<td class=\"col price\">$").append(p.price()).append("</td>")
                        .append("<td class=\"col qty\">").append(line.getValue()).append("</td>")
                        .append("<td class=\"col subtotal\">$").append(rowTotal).append("</td></tr>\n");
            }
            main.append("</tbody>\n</table>\n")
                    .append("<div class=\"cart-summary\">Subtotal: <span class=\"price\" data-subtotal=\"")
                    .append(subtotal).append("\">$").append(subtotal).append("</span></div>\n")
                    .append("<a class=\"action primary checkout\" href=\"").append(CHECKOUT_PATH)
                    .append("\">Proceed to Checkout</a>\n");
        }
        Responses.html(exchange, StatusCodes.OK, layout.page("Shopping Cart", visit, main.toString()));
    }

    /** {@code GET /checkout/}: the place-order form, or back to the cart if it is empty. */
    void checkout(HttpServerExchange exchange, Visit visit) {
        MagentoSession session = visit.session();
        if (session.cartCount() == 0) {
            Responses.redirect(exchange, CART_PATH);
            return;
        }
        String email = session.customer().orElse("");
        String main = "<form id=\"co-payment-form\" method=\"post\" action=\"" + SAVE_ORDER_PATH + "\">\n"
                + Layout.formKeyInput(session.formKey())
                + "<label for=\"customer-email\">Email Address</label> "
                + "<input id=\"customer-email\" name=\"email\" type=\"email\" value=\"" + Layout.escape(email) + "\">\n"
                + "<input name=\"payment[method]\" type=\"hidden\" value=\"checkmo\">\n"
                + "<button type=\"submit\" class=\"action primary checkout\">Place Order</button>\n"
                + "</form>\n";
        Responses.html(exchange, StatusCodes.OK, layout.page("Checkout", visit, main));
    }

    /** {@code POST /checkout/onepage/saveOrder/}: cart to order, then the success page. */
    void saveOrder(HttpServerExchange exchange, Visit visit, Form form) {
        MagentoSession session = visit.session();
        if (!FormKeys.valid(visit, form)) {
            session.addMessage(MagentoSession.MessageKind.ERROR, FormKeys.INVALID);
            Responses.redirect(exchange, CART_PATH);
            return;
        }
        if (session.placeOrder(orderNumbers::next).isEmpty()) {
            session.addMessage(MagentoSession.MessageKind.ERROR, "You have no items in your shopping cart.");
            Responses.redirect(exchange, CART_PATH);
            return;
        }
        Responses.redirect(exchange, SUCCESS_PATH);
    }

    /** {@code GET /checkout/onepage/success/}: shown once per order, else back to the cart (as Magento). */
    void success(HttpServerExchange exchange, Visit visit) {
        Optional<String> orderId = visit.session().takeLastOrder();
        if (orderId.isEmpty()) {
            Responses.redirect(exchange, CART_PATH);
            return;
        }
        exchange.getResponseHeaders().put(ORDER_ID, orderId.get());
        String main = "<div class=\"checkout-success\">\n"
                + "<p class=\"order-number\" data-order-id=\"" + orderId.get() + "\">Your order number is: "
                + orderId.get() + "</p>\n"
                + "<p>We'll email you an order confirmation with details and tracking info.</p>\n"
                + "<a class=\"action primary continue\" href=\"/\">Continue Shopping</a>\n</div>\n";
        Responses.html(exchange, StatusCodes.OK, layout.page("Thank you for your purchase!", visit, main));
    }
}
