package io.tandem.bench;

import io.tandem.waf.ParseLimits;
import io.tandem.waf.RequestView;
import io.tandem.waf.RuleEngine;
import io.tandem.waf.RuleSet;
import io.tandem.waf.Verdict;
import io.tandem.waf.WafSettings;
import io.tandem.waf.rules.VerdictMemo;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the rule stage per request, without the network: building the {@link RequestView} (parsing
 * target, headers, cookies and body) and {@link RuleEngine#evaluate} with every built-in rule at its
 * default action ({@code RuleSet.build(WafSettings.defaults())}, built once, as the proxy does at
 * start). The requests are what a Magento shop sees; bodies are the bytes the proxy hands over
 * (at most {@code limits.body-inspect}, 1 MiB). Goal from the issue: under 1 ms per request up to
 * the inspection limit.
 *
 * <p>Requests repeat from one invocation to the next, as in the bench's wrk scenarios, so the
 * signature rules' verdict memo knows their short values after the first; {@link
 * #browserGetNewTerm} shows a value it does not know, and the large bodies ({@link #json16k} and
 * the forms) empty the memo before each invocation, so they measure a body seen for the first time.
 *
 * <p>{@link #setUp} checks each request's verdict, so a rule change that starts refusing one of them
 * (and so measures a shorter path) fails the run instead of silently changing what is measured.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RuleEvaluationBenchmark}; see
 * {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleEvaluationBenchmark {

    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36";
    private static final String FORM = "application/x-www-form-urlencoded";

    /**
     * One request as the proxy sees it: everything {@link RequestView.Builder} takes, the headers
     * with lower-case names, as the proxy hands them over ({@link RequestView.Builder#ownedHeaders}).
     */
    private record Request(String method, String target, Map<String, List<String>> headers, byte[] body,
                           boolean truncated) {
        Request {
            Map<String, List<String>> lowerCase = new LinkedHashMap<>();
            headers.forEach((name, values) -> lowerCase.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
            headers = java.util.Collections.unmodifiableMap(lowerCase);
        }
    }

    private RuleEngine engine;
    private long searches;
    private Request browserGet;
    private Request benchGetq;
    private Request benchPost;
    private Request addToCart;
    private Request json16k;
    private Request form64k;
    private Request formFields64k;
    private Request form1MiB;
    private Request form896KiB;

    @Setup
    public void setUp() {
        engine = RuleSet.build(WafSettings.defaults());
        browserGet = new Request("GET", "/catalogsearch/result/index/?q=blue+running+shoes&product_list_order=price&p=2",
                browserHeaders(null, 0), new byte[0], false);
        benchGetq = new Request("GET", "/shop/search?q=red+running+shoes&category=sports&size=42&color=red&sort=price_asc"
                + "&page=2&per_page=24&lang=en-US", wrkHeaders("http://localhost/shop/", null, 0), new byte[0], false);
        byte[] profile = ("first_name=Jane&last_name=Doe&email=jane.doe%40example.com&phone=%2B1-555-0100"
                + "&street=221B+Baker+Street&city=London&zip=NW16XE&country=GB&newsletter=1&about="
                + "I+like+hiking+photography+and+cooking+with+friends+on+weekends.+".repeat(20))
                .getBytes(StandardCharsets.US_ASCII);
        benchPost = new Request("POST", "/account/profile", wrkHeaders("http://localhost/account/profile",
                "application/x-www-form-urlencoded", profile.length), profile, false);
        byte[] cart = ("product=42&selected_configurable_option=&related_product=&item=42&form_key=Xy3kP9qLmN2vB7Tc"
                + "&super_attribute%5B93%5D=52&super_attribute%5B144%5D=167&qty=1").getBytes(StandardCharsets.US_ASCII);
        addToCart = new Request("POST", "/checkout/cart/add/uenc/aHR0cHM6Ly9zaG9wLmV4YW1wbGUuY29tL2Jsb3VzZS5odG1s/product/42/",
                browserHeaders(FORM + "; charset=UTF-8", cart.length), cart, false);
        byte[] json = orderJson(16 * 1024);
        json16k = new Request("POST", "/rest/default/V1/carts/mine/items", browserHeaders("application/json", json.length),
                json, false);
        byte[] form = form(64 * 1024, 40);
        form64k = new Request("POST", "/admin/catalog/product/save/id/42/", browserHeaders(FORM, form.length), form, false);
        byte[] fields = attributeForm(64 * 1024);
        formFields64k = new Request("POST", "/admin/catalog/product/save/id/42/", browserHeaders(FORM, fields.length),
                fields, false);
        byte[] big = form(1 << 20, 32);
        form1MiB = new Request("POST", "/review/product/post/id/42/", browserHeaders(FORM, big.length), big, false);
        byte[] withinBudget = form(896 * 1024, 14);
        form896KiB = new Request("POST", "/review/product/post/id/42/", browserHeaders(FORM, withinBudget.length),
                withinBudget, false);

        expect("browserGet", browserGet, Verdict.Pass.class::isInstance);
        expect("benchGetq", benchGetq, Verdict.Pass.class::isInstance);
        expect("benchPost", benchPost, Verdict.Pass.class::isInstance);
        expect("addToCart", addToCart, Verdict.Pass.class::isInstance);
        expect("json16k", json16k, Verdict.Pass.class::isInstance);
        expect("form64k", form64k, Verdict.Pass.class::isInstance);
        expect("formFields64k", formFields64k, Verdict.Pass.class::isInstance);
        // 32 text fields of 32 KiB: more to inspect than the default budget (256 Ki characters, each
        // value counting at most 16 Ki), so http-parse-limits refuses it before any signature runs.
        expect("form1MiB", form1MiB, v -> v instanceof Verdict.Deny d && d.ruleId().equals("http-parse-limits"));
        // 14 fields of 64 KiB: the largest form of long fields the defaults let through; every
        // signature runs on the full budget (head and tail of each value).
        expect("form896KiB", form896KiB, Verdict.Pass.class::isInstance);
    }

    /** A browser-like GET: three query arguments, four cookies, User-Agent and Referer. */
    @Benchmark
    public Verdict browserGet() {
        return evaluate(browserGet);
    }

    /**
     * {@link #browserGet} with a search term never seen before on every call: what a value the
     * verdict memo does not know costs (full inspection plus one memo write).
     */
    @Benchmark
    public Verdict browserGetNewTerm() {
        long n = ++searches;
        return evaluate(new Request("GET", "/catalogsearch/result/index/?q=blue+shoes+" + n
                + "&product_list_order=price&p=2", browserGet.headers(), browserGet.body(), false));
    }

    /** {@code ../shared/bench}'s {@code getq} scenario: 8 query arguments, a Referer and 3 cookies. */
    @Benchmark
    public Verdict benchGetq() {
        return evaluate(benchGetq);
    }

    /** {@code ../shared/bench}'s {@code post} scenario: a 1.6 KB form whose {@code about} field is 1.3 KB of prose. */
    @Benchmark
    public Verdict benchPost() {
        return evaluate(benchPost);
    }

    /**
     * Caches emptied of the rule stage before each invocation, as they are in the proxy: between
     * two requests an IO thread runs Undertow, the kernel's network stack and, on a small machine,
     * the backend and the load generator, which evict the tables, memo entries and compiled code
     * that a hot loop keeps in the caches. Writes over {@value #EVICT_BYTES} bytes, more than
     * this machine's second-level cache, so the rule stage's code and data come from the third.
     */
    @State(Scope.Thread)
    public static class ColdCaches {
        private final byte[] other = new byte[EVICT_BYTES];
        private int round;

        @Setup(Level.Invocation)
        public void evict() {
            round++;
            for (int i = 0; i < other.length; i += 64) {
                other[i] = (byte) (round + i);
            }
        }
    }

    /** Twice the 512 KiB second-level cache of each core of the bench machine (lscpu). */
    static final int EVICT_BYTES = 1 << 20;

    /** {@link #benchGetq} with the caches emptied first ({@link ColdCaches}): the cost inside the proxy. */
    @Benchmark
    public Verdict benchGetqCold(ColdCaches cold) {
        return evaluate(benchGetq);
    }

    /** {@link #benchPost} with the caches emptied first ({@link ColdCaches}). */
    @Benchmark
    public Verdict benchPostCold(ColdCaches cold) {
        return evaluate(benchPost);
    }

    /** Magento's add-to-cart form POST (configurable product, form key). */
    @Benchmark
    public Verdict addToCart() {
        return evaluate(addToCart);
    }

    /** A 16 KiB JSON body: a cart with items, options and an address. */
    @Benchmark
    public Verdict json16k() {
        return evaluateFirstSeen(json16k);
    }

    /** A 64 KiB urlencoded form: a product save with 40 text fields of prose. */
    @Benchmark
    public Verdict form64k() {
        return evaluateFirstSeen(form64k);
    }

    /**
     * A 64 KiB urlencoded form of many short fields (900): a product save with its
     * attributes, where the cost per value, not per character, dominates.
     */
    @Benchmark
    public Verdict formFields64k() {
        return evaluateFirstSeen(formFields64k);
    }

    /** 1 MiB of urlencoded form text (32 long fields of words), the default inspection limit. */
    @Benchmark
    public Verdict form1MiB() {
        return evaluateFirstSeen(form1MiB);
    }

    /** 896 KiB of form text in 14 fields: as much as passes the default inspection budget. */
    @Benchmark
    public Verdict form896KiB() {
        return evaluateFirstSeen(form896KiB);
    }

    /**
     * {@link #evaluate} with the verdict memo emptied first: a body as if none of its values had
     * been seen before, the cost that bounds a request at the inspection limit (emptying the memo,
     * a few microseconds, is included).
     */
    private Verdict evaluateFirstSeen(Request r) {
        VerdictMemo.forgetAll();
        return evaluate(r);
    }

    private Verdict evaluate(Request r) {
        RequestView view = RequestView.builder()
                .requestId("bench")
                .method(r.method())
                .rawTarget(r.target())
                .protocol("HTTP/1.1")
                .ownedHeaders(r.headers())
                .ownedBody(r.body(), r.truncated()) // as the proxy: the view keeps the array it is given
                .clientAddress(CLIENT)
                .sessionState("known")
                .sessionId("7f3a9c2e51d04b68a1e2c3d4e5f60718")
                .limits(ParseLimits.DEFAULTS)
                .build();
        return engine.evaluate(view);
    }

    private void expect(String name, Request request, Predicate<Verdict> expected) {
        Verdict verdict = evaluate(request);
        if (!expected.test(verdict)) {
            throw new IllegalStateException(name + ": unexpected verdict " + verdict + " for a " + request.body().length
                    + "-byte body (the benchmark would measure another path)");
        }
    }

    private static Map<String, List<String>> browserHeaders(String contentType, int contentLength) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("shop.example.com"));
        h.put("User-Agent", List.of(CHROME));
        h.put("Accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"));
        h.put("Accept-Language", List.of("en-GB,en;q=0.9,de;q=0.8"));
        h.put("Accept-Encoding", List.of("gzip, deflate, br"));
        h.put("Referer", List.of("https://shop.example.com/women/tops-women/blouses.html?color=50&size=168"));
        h.put("Cookie", List.of("PHPSESSID=9qk4mhv0ut3kq6o2b0a7e1cd5f; form_key=Xy3kP9qLmN2vB7Tc; "
                + "mage-cache-storage=%7B%7D; private_content_version=2f9a0d1e6b7c8d9e0f1a2b3c4d5e6f70"));
        if (contentType != null) {
            h.put("Content-Type", List.of(contentType));
            h.put("Content-Length", List.of(Integer.toString(contentLength)));
            h.put("Origin", List.of("https://shop.example.com"));
        }
        return h;
    }

    /** The headers of {@code ../shared/bench}'s wrk scenarios ({@code common.lua} plus each scenario's own). */
    private static Map<String, List<String>> wrkHeaders(String referer, String contentType, int contentLength) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Host", List.of("localhost"));
        h.put("User-Agent", List.of("Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"));
        h.put("Accept", List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        h.put("Accept-Language", List.of("en-US,en;q=0.5"));
        h.put("Accept-Encoding", List.of("gzip, deflate"));
        h.put("Connection", List.of("keep-alive"));
        h.put("Referer", List.of(referer));
        if (contentType == null) {
            h.put("Cookie", List.of("session=6f1c2a9e8b7d4c3a; theme=light; consent=1"));
        } else {
            h.put("Content-Type", List.of(contentType));
            h.put("Content-Length", List.of(Integer.toString(contentLength)));
        }
        return h;
    }

    /** Prose from a small vocabulary (reviews, descriptions), with sentences and numbers. */
    static String words(int length, long seed) {
        String[] vocabulary = ("the this a lovely blouse fits well and the colour is exactly as shown on the picture "
                + "fabric feels soft after washing it twice at thirty degrees delivery was quick but the parcel "
                + "arrived a little damaged so I would order again in size medium for my sister who likes "
                + "cotton shirts with long sleeves and buttons price quality service recommend").split(" ");
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(vocabulary[random.nextInt(vocabulary.length)]);
            int r = random.nextInt(20);
            text.append(r == 0 ? ". " : r == 1 ? ", " : r == 2 ? " " + random.nextInt(100) + " " : " ");
        }
        text.setLength(length);
        return text.toString();
    }

    /** An urlencoded form of {@code fields} text fields, about {@code size} bytes in all. */
    private static byte[] form(int size, int fields) {
        StringBuilder form = new StringBuilder(size + 64);
        form.append("form_key=Xy3kP9qLmN2vB7Tc");
        int each = size / fields;
        for (int i = 0; form.length() < size && i < fields; i++) {
            String value = URLEncoder.encode(words(each, i), StandardCharsets.UTF_8);
            String name = "&text_" + i + "=";
            int room = size - form.length() - name.length();
            form.append(name).append(value, 0, Math.max(0, Math.min(value.length(), room)));
        }
        String text = form.toString();
        // Cutting an encoded value may leave half a %XX escape; drop it.
        int percent = text.lastIndexOf('%');
        if (percent > text.length() - 3) {
            text = text.substring(0, percent);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A Magento-style product form of about {@code size} bytes: {@code product[...]} fields with
     * what such forms hold (numbers, prices, flags, SKUs, dates, short labels), all different.
     */
    private static byte[] attributeForm(int size) {
        StringBuilder form = new StringBuilder(size + 128);
        form.append("form_key=Xy3kP9qLmN2vB7Tc");
        Random random = new Random(11);
        String[] labels = {"Blue", "Cotton blend", "Machine wash", "Summer 2026", "Regular fit", "Long sleeve",
            "Made in Portugal", "Gift wrap available", "Eco friendly", "Slim"};
        for (int i = 0; form.length() < size - 200 && i < 900; i++) {
            String value = switch (i % 8) {
                case 0 -> Integer.toString(random.nextInt(100_000));
                case 1 -> (random.nextInt(500) + 1) + "." + (10 + random.nextInt(90));
                case 2 -> Integer.toString(random.nextInt(2));
                case 3 -> "WB" + random.nextInt(1000) + "-" + (char) ('A' + random.nextInt(26)) + "-" + labels[i % 10].split(" ")[0];
                case 4 -> "2026-" + (1 + random.nextInt(12)) + "-" + (1 + random.nextInt(28)) + " 00:00:00";
                case 5 -> labels[random.nextInt(labels.length)] + " " + random.nextInt(50);
                case 6 -> "";
                default -> words(60 + random.nextInt(120), i);
            };
            form.append("&product%5Battribute_").append(i).append("%5D=")
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return form.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A cart as a REST client sends it: items with options, a customer and an address, as JSON. */
    private static byte[] orderJson(int size) {
        StringBuilder json = new StringBuilder(size + 512);
        json.append("{\"cartId\":\"7f3a9c2e51d04b68\",\"customer\":{\"email\":\"anna.schmidt@example.com\",")
                .append("\"firstname\":\"Anna\",\"lastname\":\"Schmidt\"},\"address\":{\"street\":[\"Hauptstrasse 12\",")
                .append("\"2. OG\"],\"city\":\"Berlin\",\"postcode\":\"10115\",\"country_id\":\"DE\",")
                .append("\"telephone\":\"+49 30 1234567\"},\"items\":[");
        for (int i = 0; json.length() < size - 400; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"sku\":\"WB0").append(i % 10).append("-M-Blue\",\"qty\":").append(1 + i % 3)
                    .append(",\"price\":").append(29 + i).append(".90,\"name\":\"Blouse ").append(i)
                    .append("\",\"product_option\":{\"extension_attributes\":{\"configurable_item_options\":[")
                    .append("{\"option_id\":\"93\",\"option_value\":").append(50 + i % 7).append("},")
                    .append("{\"option_id\":\"144\",\"option_value\":").append(166 + i % 5).append("}]}},")
                    .append("\"comment\":\"").append(words(120, i)).append("\"}");
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
