package io.tandem.farm;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Customer login, account page and logout. Every email is a registered customer whose password
 * is {@link MagentoInstance#CUSTOMER_PASSWORD}. Logging in or out regenerates the session id, as
 * Magento does through PHP's {@code session_regenerate_id}: a proxy must follow the new PHPSESSID.
 */
final class CustomerPages {

    static final String LOGIN_PATH = "/customer/account/login/";
    static final String LOGIN_POST_PATH = "/customer/account/loginPost/";
    static final String ACCOUNT_PATH = "/customer/account/";
    static final String LOGOUT_PATH = "/customer/account/logout/";

    /** Magento's text for a wrong email or password. */
    static final String SIGN_IN_FAILED = "The account sign-in was incorrect or your account is disabled temporarily. "
            + "Please wait and try again later.";

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"']{1,64}@[^@\\s<>\"']{1,190}");

    private final Layout layout;
    private final SessionStore sessions;

    CustomerPages(Layout layout, SessionStore sessions) {
        this.layout = layout;
        this.sessions = sessions;
    }

    /** {@code GET /customer/account/login/}. */
    void loginForm(HttpServerExchange exchange, Visit visit) {
        String main = "<form id=\"login-form\" class=\"form form-login\" method=\"post\" action=\"" + LOGIN_POST_PATH + "\">\n"
                + Layout.formKeyInput(visit.session().formKey())
                + "<label for=\"email\">Email</label> <input id=\"email\" name=\"login[username]\" type=\"email\">\n"
                + "<label for=\"pass\">Password</label> <input id=\"pass\" name=\"login[password]\" type=\"password\">\n"
                + "<button type=\"submit\" class=\"action login primary\">Sign In</button>\n"
                + "</form>\n";
        Responses.html(exchange, StatusCodes.OK, layout.page("Customer Login", visit, main));
    }

    /** {@code POST /customer/account/loginPost/}: on success a new PHPSESSID, same cart and form key. */
    void loginPost(HttpServerExchange exchange, Visit visit, Form form) {
        MagentoSession session = visit.session();
        if (!FormKeys.valid(visit, form)) {
            session.addMessage(MagentoSession.MessageKind.ERROR, FormKeys.INVALID);
            Responses.redirect(exchange, LOGIN_PATH);
            return;
        }
        String email = form.field("login[username]").orElse("").trim();
        String password = form.field("login[password]").orElse("");
        if (email.isEmpty() || password.isEmpty()) {
            session.addMessage(MagentoSession.MessageKind.ERROR, "A login and a password are required.");
            Responses.redirect(exchange, LOGIN_PATH);
            return;
        }
        if (!EMAIL.matcher(email).matches() || !password.equals(MagentoInstance.CUSTOMER_PASSWORD)) {
            session.addMessage(MagentoSession.MessageKind.ERROR, SIGN_IN_FAILED);
            Responses.redirect(exchange, LOGIN_PATH);
            return;
        }
        Optional<SessionStore.Entry> renewed = sessions.regenerate(visit.sessionId());
        if (renewed.isEmpty()) {
            // Evicted between the start of this request and now: the visitor must start over.
            Responses.redirect(exchange, LOGIN_PATH);
            return;
        }
        session.logIn(email);
        reattach(exchange, renewed.get());
        Responses.redirect(exchange, ACCOUNT_PATH);
    }

    /** {@code GET /customer/account/}: the account dashboard, or the login form for guests. */
    void account(HttpServerExchange exchange, Visit visit) {
        Optional<String> customer = visit.session().customer();
        if (customer.isEmpty()) {
            Responses.redirect(exchange, LOGIN_PATH);
            return;
        }
        exchange.getResponseHeaders().put(CheckoutPages.CUSTOMER, customer.get());
        StringBuilder main = new StringBuilder("<div class=\"block-dashboard-info\" data-customer-email=\"")
                .append(Layout.escape(customer.get())).append("\">Welcome, ")
                .append(Layout.escape(customer.get())).append("</div>\n<ul class=\"orders\">\n");
        List<String> orders = visit.session().orders();
        for (String order : orders) {
            main.append("<li class=\"order\" data-order-id=\"").append(order).append("\">Order # ")
                    .append(order).append("</li>\n");
        }
        main.append("</ul>\n");
        Responses.html(exchange, StatusCodes.OK, layout.page("My Account", visit, main.toString()));
    }

    /** {@code GET /customer/account/logout/}: drops customer and cart, new session id, home page. */
    void logout(HttpServerExchange exchange, Visit visit) {
        if (visit.session().customer().isPresent()) {
            visit.session().logOut();
            sessions.regenerate(visit.sessionId()).ifPresent(entry -> reattach(exchange, entry));
        }
        Responses.redirect(exchange, "/");
    }

    private static void reattach(HttpServerExchange exchange, SessionStore.Entry entry) {
        SessionCookies.issueSession(exchange, entry.id());
        exchange.putAttachment(Visit.KEY, new Visit(entry.id(), entry.session()));
    }
}
