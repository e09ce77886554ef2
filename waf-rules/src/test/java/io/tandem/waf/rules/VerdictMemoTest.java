package io.tandem.waf.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.Target;
import io.tandem.waf.detect.Detection;
import io.tandem.waf.detect.Detector;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Short targets are inspected once per distinct target; long ones and findings every time. */
class VerdictMemoTest {

    /** Counts its calls; fires on values containing "attack". */
    private static final class CountingDetector implements Detector {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Detection detect(Target target) {
            calls.incrementAndGet();
            return target.value().contains("attack") ? new Detection("attack", target.value()) : null;
        }
    }

    private static RequestView request(String userAgent, String query) {
        return RequestView.builder().method("GET").rawTarget("/search?q=" + query).protocol("HTTP/1.1")
                .headers(Map.of("Host", List.of("shop.example.com"), "User-Agent", List.of(userAgent)))
                .clientAddress(java.net.InetAddress.getLoopbackAddress()).build();
    }

    private static long targetsIn(RequestView view, Location location) {
        return view.targets().stream().filter(t -> t.location() == location).count();
    }

    @Test
    void aShortValueThatPassedIsNotInspectedAgainWhereverItIs() {
        CountingDetector detector = new CountingDetector();
        SignatureCheck check = new SignatureCheck(detector, EnumSet.of(Location.HEADER, Location.QUERY_ARG));
        String ua = "Mozilla/5.0 (memo test " + System.nanoTime() + ")";
        String query = "shoes" + System.nanoTime();
        RequestView first = request(ua, query);
        long perRequest = targetsIn(first, Location.HEADER) + targetsIn(first, Location.QUERY_ARG);

        assertEquals(null, check.find(first, t -> false));
        assertEquals(perRequest, detector.calls.get());
        VerdictMemo.remember(first);

        assertEquals(null, check.find(request(ua, query), t -> false));
        assertEquals(perRequest, detector.calls.get(), "the same User-Agent and query argument again: nothing inspected");

        assertEquals(null, check.find(request(ua, query + "x"), t -> false));
        assertEquals(perRequest + 1, detector.calls.get(), "a new query value is inspected, the known header is not");
    }

    @Test
    void theSameValueElsewhereIsInspectedAgain() {
        CountingDetector detector = new CountingDetector();
        SignatureCheck check = new SignatureCheck(detector, EnumSet.of(Location.QUERY_ARG, Location.COOKIE));
        String value = "v" + System.nanoTime();
        RequestView asQuery = RequestView.builder().method("GET").rawTarget("/?a=" + value).protocol("HTTP/1.1")
                .headers(Map.of("Host", List.of("shop.example.com"))).clientAddress(java.net.InetAddress.getLoopbackAddress()).build();
        check.find(asQuery, t -> false);
        VerdictMemo.remember(asQuery);
        int afterQuery = detector.calls.get();
        RequestView asCookie = RequestView.builder().method("GET").rawTarget("/").protocol("HTTP/1.1")
                .headers(Map.of("Host", List.of("shop.example.com"), "Cookie", List.of("a=" + value))).clientAddress(java.net.InetAddress.getLoopbackAddress()).build();
        check.find(asCookie, t -> false);
        assertEquals(afterQuery + 1, detector.calls.get(), "a detector sees the location, so the verdict is kept per location");
    }

    @Test
    void formFieldsAreRememberedToo() {
        CountingDetector detector = new CountingDetector();
        SignatureCheck check = new SignatureCheck(detector, EnumSet.of(Location.FORM_ARG));
        byte[] body = ("country=GB&n=" + System.nanoTime()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 1; i <= 2; i++) {
            RequestView post = RequestView.builder().method("POST").rawTarget("/account").protocol("HTTP/1.1")
                    .headers(Map.of("Host", List.of("shop.example.com"),
                            "Content-Type", List.of("application/x-www-form-urlencoded")))
                    .body(body, false).clientAddress(java.net.InetAddress.getLoopbackAddress()).build();
            check.find(post, t -> false);
            VerdictMemo.remember(post);
            assertEquals(2, detector.calls.get(), "both form values on the first request, none on the second");
        }
    }

    @Test
    void aHeaderValueThatFiredFiresEveryTime() {
        CountingDetector detector = new CountingDetector();
        SignatureCheck check = new SignatureCheck(detector, EnumSet.of(Location.HEADER));
        String ua = "attack " + System.nanoTime();
        assertNotNull(check.find(request(ua, "x"), t -> false));
        assertNotNull(check.find(request(ua, "x"), t -> false));
    }

    @Test
    void longValuesAreNotRemembered() {
        CountingDetector detector = new CountingDetector();
        SignatureCheck check = new SignatureCheck(detector, EnumSet.of(Location.HEADER));
        String ua = "x".repeat(VerdictMemo.MAX_VALUE_LENGTH + 1) + System.nanoTime();
        check.find(request(ua, "x"), t -> false);
        int afterFirst = detector.calls.get();
        check.find(request(ua, "x"), t -> false);
        assertEquals(2 * afterFirst, detector.calls.get());
    }

    @Test
    void theMemoIsBounded() {
        VerdictMemo memo = new VerdictMemo(16);
        for (int i = 0; i < 10_000; i++) {
            Target t = new Target(Location.HEADER, "user-agent", "agent " + i, "");
            memo.passed(t);
            memo.recordPass(t, 1);
            memo.flush(List.of(t));
        }
        org.junit.jupiter.api.Assertions.assertTrue(memo.size() <= 16, "remembered: " + memo.size());
        Target last = new Target(Location.HEADER, "user-agent", "agent 9999", "");
        memo.recordPass(last, 1);
        memo.flush(List.of(last));
        assertEquals(1, memo.passed(new Target(Location.HEADER, "user-agent", "agent 9999", "")) & 1);
    }

    @Test
    void theHashIsThePolynomialOfEveryCharacter_andSpreadsValuesThatDifferAnywhere() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x3000));
            }
            String s = new String(chars);
            // four interleaved lanes: lane j holds the characters at j, j + 4, ...
            int[] lanes = new int[4];
            int whole = s.length() / 4 * 4;
            for (int k = 0; k < whole; k++) {
                lanes[k % 4] = lanes[k % 4] * 923_521 + s.charAt(k);
            }
            int expected = ((lanes[0] * 31 + lanes[1]) * 31 + lanes[2]) * 31 + lanes[3];
            for (int k = whole; k < s.length(); k++) {
                expected = expected * 31 + s.charAt(k);
            }
            assertEquals(expected, VerdictMemo.hash(s), s);
        }
        // one character changed at any position of a 100-character value changes the hash
        String base = "x".repeat(100);
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int at = 0; at < base.length(); at++) {
            hashes.add(VerdictMemo.hash(base.substring(0, at) + 'y' + base.substring(at + 1)));
        }
        hashes.add(VerdictMemo.hash(base));
        assertEquals(101, hashes.size());
    }
}
