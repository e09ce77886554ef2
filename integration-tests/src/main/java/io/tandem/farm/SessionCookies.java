package io.tandem.farm;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import java.util.Optional;

/**
 * The cookies a Magento 2 storefront sets. Only {@code PHPSESSID} carries state the server
 * needs; the others are set because real Magento sets them and a proxy in front must pass them on.
 */
final class SessionCookies {

    static final String PHPSESSID = "PHPSESSID";
    static final String FORM_KEY = "form_key";
    static final String PRIVATE_CONTENT_VERSION = "private_content_version";
    static final String MAGE_CACHE_SESSID = "mage-cache-sessid";

    /** Magento keeps {@code private_content_version} for ten years. */
    private static final int TEN_YEARS_SECONDS = 315_360_000;

    private SessionCookies() {
    }

    /** {@code PHPSESSID=<id>; Path=/; HttpOnly}: a browser-session cookie, as PHP sends it. */
    static void issueSession(HttpServerExchange exchange, String sessionId) {
        exchange.setResponseCookie(new CookieImpl(PHPSESSID, sessionId).setPath("/").setHttpOnly(true));
    }

    /** {@code form_key=<key>; Path=/}: Magento's page-cache JavaScript reads it, so not HttpOnly. */
    static void issueFormKey(HttpServerExchange exchange, String formKey) {
        exchange.setResponseCookie(new CookieImpl(FORM_KEY, formKey).setPath("/"));
    }

    /** Magento renews these after every POST so the browser reloads its private content sections. */
    static void renewPrivateContent(HttpServerExchange exchange, String version) {
        exchange.setResponseCookie(new CookieImpl(PRIVATE_CONTENT_VERSION, version)
                .setPath("/").setMaxAge(TEN_YEARS_SECONDS));
        exchange.setResponseCookie(new CookieImpl(MAGE_CACHE_SESSID, "true").setPath("/"));
    }

    /** The request's PHPSESSID, if it sent one that could be a session id at all. */
    static Optional<String> requestedSessionId(HttpServerExchange exchange) {
        Cookie cookie = exchange.getRequestCookie(PHPSESSID);
        if (cookie == null || !RandomTokens.plausibleSessionId(cookie.getValue())) {
            return Optional.empty();
        }
        return Optional.of(cookie.getValue());
    }
}
