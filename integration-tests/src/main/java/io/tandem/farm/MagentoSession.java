package io.tandem.farm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a PHP session holds for a Magento storefront visitor. Thread-safe: two requests of one
 * visitor may run at once (PHP would serialise them with a session lock; a monitor does here).
 * Every collection is bounded so a scripted client cannot grow a session without limit.
 */
final class MagentoSession {

    /** Magento's default {@code max_sale_qty}. */
    static final int MAX_QTY_PER_LINE = 10_000;
    static final int MAX_MESSAGES = 10;
    static final int MAX_ORDERS = 100;

    enum MessageKind { ERROR, SUCCESS }

    record Message(MessageKind kind, String text) {
    }

    private final String formKey;
    private final Map<String, Integer> cart = new LinkedHashMap<>();
    private final Deque<Message> messages = new ArrayDeque<>();
    private final Deque<String> orders = new ArrayDeque<>();
    private String customerEmail;
    private String lastOrderId;

    MagentoSession(String formKey) {
        this.formKey = formKey;
    }

    String formKey() {
        return formKey;
    }

    /** Adds {@code qty} of {@code sku}; false (and no change) if the line would exceed {@link #MAX_QTY_PER_LINE}. */
    synchronized boolean addToCart(String sku, int qty) {
        int now = cart.getOrDefault(sku, 0);
        if (qty < 1 || now + qty > MAX_QTY_PER_LINE) {
            return false;
        }
        cart.put(sku, now + qty);
        return true;
    }

    /** Cart lines, sku to qty, in the order they were first added. */
    synchronized Map<String, Integer> cart() {
        return new LinkedHashMap<>(cart);
    }

    synchronized int cartCount() {
        return cart.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized Optional<String> customer() {
        return Optional.ofNullable(customerEmail);
    }

    synchronized void logIn(String email) {
        customerEmail = email;
    }

    /** Magento's logout drops the customer and the customer's quote (cart). */
    synchronized void logOut() {
        customerEmail = null;
        cart.clear();
    }

    /**
     * Turns the cart into an order numbered by {@code nextOrderId} (called only if the cart is not
     * empty); empty if there was nothing to order. The id is remembered for exactly one view of the
     * success page, as Magento's {@code last_success_quote_id} is.
     */
    synchronized Optional<String> placeOrder(Supplier<String> nextOrderId) {
        if (cart.isEmpty()) {
            return Optional.empty();
        }
        String orderId = nextOrderId.get();
        cart.clear();
        if (orders.size() == MAX_ORDERS) {
            orders.removeFirst();
        }
        orders.addLast(orderId);
        lastOrderId = orderId;
        return Optional.of(orderId);
    }

    /** The order just placed, once: a second call returns empty. */
    synchronized Optional<String> takeLastOrder() {
        Optional<String> id = Optional.ofNullable(lastOrderId);
        lastOrderId = null;
        return id;
    }

    synchronized List<String> orders() {
        return new ArrayList<>(orders);
    }

    synchronized void addMessage(MessageKind kind, String text) {
        if (messages.size() == MAX_MESSAGES) {
            messages.removeFirst();
        }
        messages.addLast(new Message(kind, text));
    }

    /** Messages are shown once, on the next page rendered for this session, then forgotten. */
    synchronized List<Message> drainMessages() {
        List<Message> out = new ArrayList<>(messages);
        messages.clear();
        return out;
    }
}
