package io.tandem.waf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a request is parsed into what rules see. */
class RequestViewTest {

    private static RequestView post(String contentType, String body) {
        return RequestView.builder().method("POST").rawTarget("/x").protocol("HTTP/1.1")
                .headers(Map.of("Host", List.of("a"), "Content-Type", List.of(contentType)))
                .body(body.getBytes(StandardCharsets.UTF_8), false).clientAddress(InetAddress.getLoopbackAddress()).build();
    }

    @Test
    void legacyConstructor_stillWorks_andParsesTheQuery() {
        RequestView r = new RequestView("r1", "GET", "/a%20b/../c", "x=1&y=%3Cb%3E", Map.of("Host", List.of("a")),
                InetAddress.getLoopbackAddress(), "new");
        assertThat(r.path()).isEqualTo("/a%20b/../c");
        assertThat(r.decodedPath()).isEqualTo("/a b/../c");
        assertThat(r.normalizedPath()).isEqualTo("/c");
        assertThat(r.queryArgs()).extracting(Param::name, Param::value).containsExactly(tuple("x", "1"), tuple("y", "<b>"));
        assertThat(r.headers()).containsKey("host");
        assertThat(r.sessionState()).isEqualTo("new");
    }

    @Test
    void ownedHeaders_areKeptAsGiven_whenLowerCase_andNormalizedOtherwise() {
        java.util.Map<String, List<String>> lower = new java.util.LinkedHashMap<>();
        lower.put("host", List.of("a"));
        lower.put("cookie", List.of("s=1"));
        RequestView kept = RequestView.builder().ownedHeaders(lower).clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(kept.headers()).containsExactly(java.util.Map.entry("host", List.of("a")), java.util.Map.entry("cookie", List.of("s=1")));
        assertThat(kept.cookies()).extracting(Param::value).containsExactly("1");

        // a caller that breaks the promise still gets one lower-case name per header
        java.util.Map<String, List<String>> mixed = new java.util.LinkedHashMap<>();
        mixed.put("Host", List.of("a"));
        mixed.put("host", List.of("b"));
        RequestView normalized = RequestView.builder().ownedHeaders(mixed).clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(normalized.headers()).containsOnlyKeys("host");
        assertThat(normalized.headerValues("HOST")).containsExactly("a", "b");
    }

    @Test
    void ownedBody_isParsedAsGiven_andCutToTheInspectionLimit() {
        byte[] form = "a=1&b=two".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RequestView r = RequestView.builder().method("POST").headers(java.util.Map.of("content-type",
                List.of("application/x-www-form-urlencoded"))).ownedBody(form, false)
                .clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(r.formArgs()).extracting(Param::name, Param::value).containsExactly(tuple("a", "1"), tuple("b", "two"));
        assertThat(r.body()).isEqualTo(form).isNotSameAs(form);

        ParseLimits d = ParseLimits.DEFAULTS;
        ParseLimits small = new ParseLimits(d.maxArgs(), d.maxArgNameLength(), d.maxArgValueLength(), d.maxCookies(),
                d.maxJsonDepth(), d.maxXmlDepth(), d.maxMultipartParts(), 5, d.maxInspectTotal());
        RequestView cut = RequestView.builder().method("POST").headers(java.util.Map.of("content-type",
                List.of("application/x-www-form-urlencoded"))).ownedBody(form, false).limits(small)
                .clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(cut.bodyLength()).isEqualTo(5);
        assertThat(cut.bodyTruncated()).isTrue();
        assertThat(form).asString(java.nio.charset.StandardCharsets.US_ASCII).isEqualTo("a=1&b=two");
    }

    @Test
    void rawTarget_splitsPathAndQuery_andAcceptsAbsoluteForm() {
        RequestView r = RequestView.builder().rawTarget("http://shop.example.com/p?q=a+b").clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(r.path()).isEqualTo("/p");
        assertThat(r.query()).isEqualTo("q=a+b");
        assertThat(r.queryArgs()).extracting(Param::value).containsExactly("a b");
    }

    @Test
    void formJsonXmlMultipartAndCookies_becomeParams() {
        assertThat(post("application/x-www-form-urlencoded", "a=1&b=x%2By").formArgs()).extracting(Param::name, Param::value)
                .containsExactly(tuple("a", "1"), tuple("b", "x+y"));
        assertThat(post("application/json", "{\"cart\":{\"items\":[{\"sku\":\"MB01\",\"qty\":2}]},\"ok\":true}").jsonFields())
                .extracting(Param::name, Param::value)
                .containsExactly(tuple("cart.items[0].sku", "MB01"), tuple("cart.items[0].qty", "2"), tuple("ok", "true"));
        assertThat(post("application/xml", "<o a=\"1\"><c>hi</c></o>").params(Location.XML_VALUE)).extracting(Param::value)
                .containsExactly("1", "hi");
        RequestView multipart = post("multipart/form-data; boundary=zz",
                "--zz\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
                        + "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a;b.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--zz--\r\n");
        assertThat(multipart.multipartFields()).extracting(Param::name, Param::value).containsExactly(tuple("title", "Hello"));
        assertThat(multipart.fileNames()).extracting(Param::name, Param::value).containsExactly(tuple("file", "a;b.png"));
        RequestView cookies = RequestView.builder().headers(Map.of("cookie", List.of("a=1; b=\"two\"; c")))
                .clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(cookies.cookies()).extracting(Param::name, Param::value).containsExactly(tuple("a", "1"), tuple("b", "two"),
                tuple("c", ""));
    }

    @Test
    void limits_cutAndRecord() {
        ParseLimits tight = new ParseLimits(3, 16, 64, 2, 2, 2, 2, 10, 4096);
        RequestView r = RequestView.builder().rawTarget("/?a=1&b=2&c=3&d=4&" + "n".repeat(20) + "=1")
                .headers(Map.of("cookie", List.of("a=1; b=2; c=3"), "content-type", List.of("application/json")))
                .body("{\"a\":{\"b\":{\"c\":1}}}".getBytes(StandardCharsets.UTF_8), false).limits(tight)
                .clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.TOO_MANY_ARGS, Anomaly.Kind.TOO_MANY_COOKIES,
                Anomaly.Kind.BODY_TRUNCATED);
        assertThat(r.bodyTruncated()).isTrue();
        assertThat(r.bodyLength()).isEqualTo(10);
        assertThat(r.argumentCount()).isEqualTo(3);
    }

    @Test
    void longValues_keepHeadAndTail_soPaddedAttacksAreSeen() {
        String padded = "A".repeat(200_000) + "' UNION SELECT password FROM users--";
        RequestView r = RequestView.builder().method("POST").rawTarget("/")
                .headers(Map.of("content-type", List.of("application/x-www-form-urlencoded")))
                .body(("q=" + padded).getBytes(StandardCharsets.UTF_8), false).clientAddress(InetAddress.getLoopbackAddress())
                .build();
        assertThat(r.formArgs().get(0).value()).endsWith("FROM users--").hasSizeLessThan(70_000);
        assertThat(RuleSet.build(WafSettings.defaults()).inspect(r).firedRuleIds()).contains("sqli");
    }

    @Test
    void base64Values_addDecodedTargets() {
        RequestView r = RequestView.builder().rawTarget("/?t=PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg%3D%3D")
                .clientAddress(InetAddress.getLoopbackAddress()).build();
        assertThat(r.targets()).filteredOn(t -> t.derivedFrom().equals("base64")).extracting(Target::value)
                .containsExactly("<script>alert(1)</script>");
    }
}
