package io.tandem.waf.session;

import io.tandem.session.KeyRing;
import io.tandem.session.SessionKey;
import io.tandem.waf.Action;
import io.tandem.waf.session.SessionRuleSettings.AfterFailover;
import io.tandem.waf.session.SessionRuleSettings.PageOrder;
import io.tandem.waf.session.SessionRuleSettings.PathPattern;
import io.tandem.waf.session.SessionRuleSettings.Per;
import io.tandem.waf.session.SessionRuleSettings.RateLimit;
import io.tandem.waf.session.SessionRuleSettings.StartPages;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The Magento checkout of docs/rules.md as settings, and a key ring both members share. */
final class Shop {

    static final String CART = "/checkout/cart/";
    static final String CHECKOUT = "/checkout/";
    static final String SUCCESS = "/checkout/onepage/success/";
    static final String LOGIN = "/customer/account/loginPost/";
    static final URI ENTRY = URI.create("https://shop.example.com/checkout/cart/");
    static final Duration WINDOW = Duration.ofSeconds(60);

    private Shop() {
    }

    static KeyRing ring() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        return KeyRing.of(SessionKey.of("k1", secret));
    }

    static StartPages startPages() {
        return new StartPages("checkout-entry", List.of(PathPattern.plain("/checkout*")), PathPattern.list(CART, "/"),
                Action.redirect(ENTRY));
    }

    static PageOrder pageOrder() {
        return new PageOrder("checkout", PathPattern.list(CART, CHECKOUT, SUCCESS), Action.alertDeny());
    }

    static RateLimit login(Per per, Action action) {
        return new RateLimit("login", PathPattern.plain("/customer/account/loginPost*"), List.of("POST"), 5, WINDOW,
                per, action);
    }

    /** Start pages, page order and a per-session login limit (alert-deny 429). */
    static SessionRuleSettings settings(AfterFailover mode) {
        return new SessionRuleSettings(mode, List.of(startPages()), List.of(pageOrder()),
                List.of(login(Per.SESSION, Action.alertDeny(429))), false);
    }

    static SessionRuleSettings only(AfterFailover mode, RateLimit... limits) {
        return new SessionRuleSettings(mode, List.of(), List.of(), List.of(limits), false);
    }
}
