package io.tandem.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guards the farm's promise that bad input is the client's problem: 400 or 404, never a 500 or a
 * stack trace. A WAF test that sends attacks through the proxy must see the backend's answer,
 * not a crash. Fails if a malformed body, path or method makes an instance throw.
 */
class BadInputTest {

    private static MagentoInstance web1;
    private static String sessionId;
    private static String formKey;

    @BeforeAll
    static void start() {
        web1 = new MagentoInstance("web1", 0).start();
        Shopper shopper = new Shopper(web1.baseUrl());
        formKey = shopper.viewProduct(1).value().formKey().orElseThrow();
        sessionId = shopper.cookie("PHPSESSID").orElseThrow();
    }

    @AfterAll
    static void stop() {
        web1.stop();
    }

    /** Columns: method, path, Content-Type ('-' for none), body ({fk}: the session's valid form key), expected status. */
    @ParameterizedTest(name = "{0} {1} [{2}] {3} -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            GET    | /nope                                  | -                                  | -                                   | 404
            GET    | /catalog/product/view/id/999           | -                                  | -                                   | 404
            GET    | /catalog/product/view/id/abc           | -                                  | -                                   | 404
            GET    | /catalog/product/view/id/99999999999   | -                                  | -                                   | 404
            GET    | /no-such-product.html                  | -                                  | -                                   | 404
            GET    | /checkout/cart/add/product/1/          | -                                  | -                                   | 404
            GET    | /static/../etc/passwd.css              | -                                  | -                                   | 404
            PUT    | /                                      | text/plain                         | x                                   | 404
            DELETE | /checkout/cart/                        | -                                  | -                                   | 404
            POST   | /                                      | application/x-www-form-urlencoded  | a=1                                 | 404
            POST   | /checkout/cart/add/product/999/        | application/x-www-form-urlencoded  | form_key={fk}&qty=1                 | 404
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | form_key={fk}&qty=abc               | 400
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | form_key={fk}&qty=0                 | 400
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | form_key={fk}&qty=-1                | 400
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | form_key={fk}&qty=99999999999       | 400
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | form_key={fk}&qty=1&product=2       | 400
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | form_key=%zz&qty=1                  | 400
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | form_key={fk}&qty=1%                | 400
            POST   | /checkout/cart/add/product/1/          | application/x-www-form-urlencoded  | =x                                  | 400
            POST   | /checkout/cart/add/product/1/          | application/json                   | {"qty":1}                           | 400
            POST   | /customer/account/loginPost/           | multipart/form-data; boundary=x    | --x--                               | 400
            POST   | /customer/account/loginPost/           | application/x-www-form-urlencoded  | form_key={fk}&login%5Busername%5D=%E0%A4%A | 400
            POST   | /checkout/onepage/saveOrder/           | application/x-www-form-urlencoded  | form_key=%                          | 400
            """)
    void badRequest_getsAClientError_neverAServerError(String method, String path, String contentType, String body,
            int expected) throws Exception {
        String payload = body.equals("-") ? "" : body.replace("{fk}", formKey);
        HttpResponse<String> response = contentType.equals("-")
                ? RawHttp.send(method, web1.baseUrl(), path, HttpRequest.BodyPublishers.noBody(), "Cookie", "PHPSESSID=" + sessionId)
                : RawHttp.send(method, web1.baseUrl(), path, HttpRequest.BodyPublishers.ofString(payload),
                        "Content-Type", contentType, "Cookie", "PHPSESSID=" + sessionId);

        assertThat(response.statusCode()).as("%s %s [%s] %s", method, path, contentType, payload).isEqualTo(expected);
        assertThat(response.headers().firstValue("X-Backend")).contains("web1");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void tooManyFields_is400() throws Exception {
        String body = "form_key=" + formKey + "&qty=1" + "&f=1".repeat(Form.MAX_FIELDS);

        HttpResponse<String> response = RawHttp.postForm(web1.baseUrl(), "/checkout/cart/add/product/1/", body,
                "Cookie", "PHPSESSID=" + sessionId);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("fields (expected: &lt;= 64)");
    }

    @Test
    void declaredBodyBeyond64KiB_is400_namingTheLimit() throws Exception {
        String body = "form_key=" + formKey + "&qty=1&pad=" + "a".repeat(Form.MAX_BYTES);

        HttpResponse<String> response = RawHttp.postForm(web1.baseUrl(), "/checkout/cart/add/product/1/", body,
                "Cookie", "PHPSESSID=" + sessionId);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("bytes (expected: &lt;= 65536)");
    }

    @Test
    void chunkedBodyBeyond64KiB_is400() throws Exception {
        byte[] body = ("form_key=" + formKey + "&qty=1&pad=" + "a".repeat(Form.MAX_BYTES)).getBytes(StandardCharsets.UTF_8);

        // An input-stream publisher has no length, so the client sends it chunked.
        HttpResponse<String> response = RawHttp.send("POST", web1.baseUrl(), "/checkout/cart/add/product/1/",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
                "Content-Type", "application/x-www-form-urlencoded", "Cookie", "PHPSESSID=" + sessionId);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("more than 65536 bytes");
    }

    @Test
    void badPercentEncodingInThePath_is400() throws Exception {
        for (String path : new String[] {"/%zz", "/checkout/cart/%", "/catalog/product/view/id/%G1"}) {
            String status = RawHttp.statusLine(web1.port(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

            assertThat(status).as(path).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void garbageRequestLine_isAClientError() throws Exception {
        String status = RawHttp.statusLine(web1.port(), "HELLO\r\n\r\n");

        assertThat(status).as("status line").satisfiesAnyOf(
                s -> assertThat(s).isEmpty(), // Undertow may just close the connection
                s -> assertThat(s).startsWith("HTTP/1.1 4"));
    }

    @Test
    void afterAllThat_theSessionStillWorks() {
        Shopper shopper = new Shopper(web1.baseUrl());
        shopper.putCookie("PHPSESSID", sessionId);

        assertThat(shopper.addToCart(1, 1).value().qtyOf("24-MB01")).isGreaterThanOrEqualTo(1);
        assertThat(shopper.cookie("PHPSESSID")).contains(sessionId);
    }
}
