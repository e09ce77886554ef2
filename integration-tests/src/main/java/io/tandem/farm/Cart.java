package io.tandem.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cart as the cart page shows it: the {@code tr.cart-item} lines, the {@code X-Cart-Count}
 * total and the {@code X-Customer} logged in (empty for a guest).
 */
public record Cart(List<Line> lines, int totalQty, Optional<String> customer) {

    private static final Pattern ROW = Pattern.compile("<tr\\b[^>]*\\bclass=\"cart-item\"[^>]*>");

    /** One cart line. */
    public record Line(String sku, int qty) {
    }

    public Cart {
        lines = List.copyOf(lines);
    }

    public boolean isEmpty() {
        return totalQty == 0;
    }

    /** Quantity of {@code sku} in the cart, 0 if absent. */
    public int qtyOf(String sku) {
        return lines.stream().filter(l -> l.sku().equals(sku)).mapToInt(Line::qty).sum();
    }

    /**
     * Reads a cart page.
     *
     * @throws IllegalArgumentException naming what is missing or malformed, if this is not a cart page
     */
    public static Cart from(Page page) {
        List<Line> lines = new ArrayList<>();
        Matcher rows = ROW.matcher(page.body());
        while (rows.find()) {
            String tag = rows.group();
            String sku = Page.attribute(tag, "data-sku").orElseThrow(() ->
                    new IllegalArgumentException("cart row: " + tag + " (expected: a data-sku attribute)"));
            String qty = Page.attribute(tag, "data-qty").orElse("");
            lines.add(new Line(sku, parseCount("data-qty of " + sku, qty)));
        }
        String total = page.header("X-Cart-Count").orElseThrow(() -> new IllegalArgumentException(
                "X-Cart-Count: missing on " + page.path() + " (expected: the cart page's total quantity)"));
        return new Cart(lines, parseCount("X-Cart-Count", total), page.header("X-Customer"));
    }

    private static int parseCount(String what, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + ": '" + value + "' (expected: an integer >= 0)");
    }
}
