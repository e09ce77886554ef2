/**
 * A Magento-2-like shop farm and a scripted shopper, for Tandem's integration tests and for
 * {@code ./tandem demo}.
 *
 * <h2>The farm</h2>
 * {@link io.tandem.farm.MagentoFarm} starts instances {@code web1}, {@code web2}, ... ({@link
 * io.tandem.farm.MagentoInstance}), each an Undertow server on 127.0.0.1 with its own in-memory
 * PHP session store. Instances share the {@link io.tandem.farm.Catalog} and the order-number
 * sequence, never sessions: a request that reaches an instance other than the one that issued
 * its PHPSESSID gets a fresh session, so its form key is refused and its cart is empty.
 * {@link io.tandem.farm.FarmMain} runs a farm as a process.
 *
 * <h3>URLs</h3>
 * A trailing slash is optional everywhere; HEAD is accepted wherever GET is.
 * <table>
 *   <caption>Storefront URLs</caption>
 *   <tr><th>Request</th><th>Answer</th></tr>
 *   <tr><td>{@code GET /}</td><td>home page, every product linked</td></tr>
 *   <tr><td>{@code GET /catalog/product/view/id/<n>}, {@code GET /<slug>.html}</td>
 *       <td>product page with the add-to-cart form (hidden {@code form_key}, {@code product}, {@code qty}); unknown id: 404</td></tr>
 *   <tr><td>{@code POST /checkout/cart/add/product/<n>/} (also {@code .../add/uenc/<b64>/product/<n>/})</td>
 *       <td>form key wrong or session unknown: 302 to the product page, message "Invalid Form Key. Please refresh the page.";
 *       OK: 302 to {@code /checkout/cart/}; qty not 1..10000: 400; line would exceed 10000: 302 back with a message</td></tr>
 *   <tr><td>{@code GET /checkout/cart/}</td>
 *       <td>cart: {@code <tr class="cart-item" data-sku=".." data-qty="..">} per line, headers {@code X-Cart-Count}
 *       (total qty) and {@code X-Customer} (email, if logged in)</td></tr>
 *   <tr><td>{@code GET /checkout/}</td><td>place-order form; empty cart: 302 to {@code /checkout/cart/}</td></tr>
 *   <tr><td>{@code POST /checkout/onepage/saveOrder/} ({@code form_key}, optional {@code email})</td>
 *       <td>302 to {@code /checkout/onepage/success/}, cart emptied; bad form key or empty cart: 302 to the cart with a message</td></tr>
 *   <tr><td>{@code GET /checkout/onepage/success/}</td>
 *       <td>once per order: "Your order number is: 000000123" and header {@code X-Order-Id}; otherwise 302 to the cart</td></tr>
 *   <tr><td>{@code GET /customer/account/login/}</td><td>login form</td></tr>
 *   <tr><td>{@code POST /customer/account/loginPost/} ({@code form_key}, {@code login[username]}, {@code login[password]})</td>
 *       <td>any email with password {@code secret123}: new PHPSESSID (old id dead, cart and form key kept),
 *       302 to {@code /customer/account/}; otherwise 302 to the login form with an error message</td></tr>
 *   <tr><td>{@code GET /customer/account/}</td><td>"Welcome, &lt;email&gt;", orders, {@code X-Customer}; guests: 302 to login</td></tr>
 *   <tr><td>{@code GET /customer/account/logout/}</td><td>customer and cart dropped, new PHPSESSID, 302 to {@code /}</td></tr>
 *   <tr><td>{@code GET /health}, {@code GET /health_check.php}</td><td>200 "OK", no session, no cookie</td></tr>
 *   <tr><td>{@code GET /static/...}</td><td>200, {@code Cache-Control: public, max-age=31536000}, no cookie</td></tr>
 *   <tr><td>anything else, any other method</td><td>Magento-style 404 page</td></tr>
 * </table>
 * Every malformed request (body not urlencoded, over 64 KiB or 64 fields, bad percent-encoding,
 * bad qty) is a 400 page naming the problem, never a 500. Every response the storefront writes
 * carries {@code X-Backend: <name>}; only requests Undertow's HTTP parser rejects before any
 * handler runs (e.g. {@code GET /%zz}) get a bare 400 without it.
 *
 * <h3>Cookies</h3>
 * {@code PHPSESSID} (26 lowercase alphanumerics, {@code Path=/; HttpOnly}) and {@code form_key}
 * ({@code Path=/}) when a session starts; {@code private_content_version} (new random value,
 * ten years) and {@code mage-cache-sessid=true} on every POST. Messages ("Invalid Form Key...")
 * are stored in the session and shown once, on the next page rendered for it.
 *
 * <h2>The shopper</h2>
 * {@link io.tandem.farm.Shopper} walks the shop like a browser and returns a
 * {@link io.tandem.farm.Step} per action, recording each HTTP {@link io.tandem.farm.Hop} with
 * the {@code X-Backend} that answered.
 */
package io.tandem.farm;
