package io.tandem.waf.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.waf.Features;
import io.tandem.waf.Location;
import io.tandem.waf.RequestView;
import io.tandem.waf.RuleSet;
import io.tandem.waf.Target;
import io.tandem.waf.WafSettings;
import io.tandem.waf.detect.Detection;
import io.tandem.waf.detect.Detector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The sweep finds, for each check, what the check finds on its own: the first target, in target
 * order, where its detector fires; with the memo, the detectors' triggers and the early stop only
 * sparing work.
 */
class SignatureSweepTest {

    private static final Predicate<Target> NOTHING = t -> false;

    @Test
    void eachCheckFindsWhatItsDetectorFindsInTheFirstTargetItFiresOn() throws IOException {
        List<SignatureCheck> checks = new ArrayList<>();
        for (RuleSet.Builtin b : RuleSet.builtinRules()) {
            if (b.check().apply(WafSettings.defaults()) instanceof SignatureCheck c) {
                checks.add(c);
            }
        }
        assertTrue(checks.size() >= 15, "built-in signature checks: " + checks.size());
        SignatureSweep sweep = new SignatureSweep(checks);
        List<String> inputs = tableInputs();
        Random random = new Random(7);
        int findings = 0;
        for (int round = 0; round < 2; round++) { // the second round with the memo knowing the passes
            for (int r = 0; r < 400; r++) {
                RequestView request = request(inputs.get(random.nextInt(inputs.size())),
                        inputs.get(random.nextInt(inputs.size())), inputs.get(random.nextInt(inputs.size())));
                Finding[] found = sweep.find(request, nothingExcluded(checks.size()), 0);
                for (int i = 0; i < checks.size(); i++) {
                    Finding expected = firstFinding(checks.get(i), request);
                    assertEquals(expected, found[i], checks.get(i) + " in " + request.rawTarget() + " " + request.headers());
                    findings += expected == null ? 0 : 1;
                }
                VerdictMemo.remember(request);
            }
        }
        assertTrue(findings > 400, "findings: " + findings);
    }

    @Test
    void aFindingThatEndsEvaluationStopsTheChecksAfterIt() {
        CountingDetector first = new CountingDetector("first", 0, "never");
        CountingDetector second = new CountingDetector("second", 0, "attack");
        CountingDetector third = new CountingDetector("third", 0, "attack");
        SignatureSweep sweep = sweep(first, second, third);
        RequestView request = request("a" + System.nanoTime(), "attack" + System.nanoTime(), "c" + System.nanoTime());

        Finding[] found = sweep.find(request, nothingExcluded(3), 0b010);
        assertNull(found[0]);
        assertNotNull(found[1]);
        assertNull(found[2], "not reached");
        int visited = third.calls.get();
        assertTrue(visited < request.targets().size(), "the third check stopped where the second found: " + visited);

        Finding[] all = sweep.find(request("a" + System.nanoTime(), "attack" + System.nanoTime(), "c"), nothingExcluded(3), 0);
        assertNotNull(all[1]);
        assertNotNull(all[2], "without an end, every check runs to its own finding");
    }

    @Test
    void excludedTargetsAreSkipped_andANullExclusionSkipsTheCheck() {
        CountingDetector a = new CountingDetector("a", 0, "attack");
        CountingDetector b = new CountingDetector("b", 0, "attack");
        SignatureSweep sweep = sweep(a, b);
        RequestView request = request("attack" + System.nanoTime(), "x" + System.nanoTime(), "y");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Predicate<Target>[] excluded = new Predicate[] {(Predicate<Target>) t -> t.name().equals("q"), null};
        Finding[] found = sweep.find(request, excluded, 0);
        assertNull(found[0], "the only attack is in the excluded argument");
        assertNull(found[1]);
        assertEquals(0, b.calls.get());
    }

    @Test
    void aValueWithoutAnyOfTheTriggersIsPassedWithoutCallingTheDetector() {
        CountingDetector lt = new CountingDetector("lt", Features.LT, "attack");
        SignatureSweep sweep = sweep(lt);
        String plain = "plain" + System.nanoTime();
        RequestView request = request(plain, "<b>" + System.nanoTime(), plain);
        sweep.find(request, nothingExcluded(1), 0);
        assertEquals(1, lt.calls.get(), "only the value with a '<'");
    }

    @Test
    void aDetectorSkippedForWantOfItsTriggersIsRememberedAsPassed_soARepeatedValueIsNotLookedAtAgain() {
        CountingDetector lt = new CountingDetector("lt", Features.LT, "attack");
        CountingDetector any = new CountingDetector("any", 0, "attack");
        SignatureSweep sweep = sweep(lt, any);
        String plain = "plain" + System.nanoTime();
        RequestView first = request(plain, "other" + System.nanoTime(), "c");
        sweep.find(first, nothingExcluded(2), 0);
        VerdictMemo.remember(first);
        assertEquals(0, lt.calls.get());

        RequestView again = request(plain, "x", "c");
        Target q = again.targets().stream().filter(t -> t.name().equals("q") && t.location() == Location.QUERY_ARG)
                .findFirst().orElseThrow();
        long both = sweepBits(sweep);
        assertEquals(both, VerdictMemo.SHARED.passed(q) & both, "both detectors' passes are remembered for q");
    }

    /** The memo bits of a sweep's checks, read through {@link SignatureCheck#memoBit()}. */
    private static long sweepBits(SignatureSweep sweep) {
        long bits = 0;
        for (SignatureCheck c : sweep.checks()) {
            bits |= c.memoBit();
        }
        assertTrue(Long.bitCount(bits) == sweep.checks().size(), "every check has a memo bit");
        return bits;
    }

    /** What the check finds on its own, without the memo or the triggers: its detector on every target in turn. */
    private static Finding firstFinding(SignatureCheck check, RequestView request) {
        for (Target t : request.targets()) {
            if (!check.inspects(t.location())) {
                continue;
            }
            Detection d = check.detector().detect(t);
            if (d != null) {
                String name = t.derivedFrom().isEmpty() ? t.name() : t.name() + " (" + t.derivedFrom() + ")";
                return new Finding(t.location(), name, d.reason(), d.excerpt());
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predicate<Target>[] nothingExcluded(int n) {
        Predicate<Target>[] p = new Predicate[n];
        Arrays.fill(p, NOTHING);
        return p;
    }

    private static SignatureSweep sweep(Detector... detectors) {
        List<SignatureCheck> checks = new ArrayList<>();
        for (Detector d : detectors) {
            // every value, but not the whole query string (which holds them all again)
            checks.add(new SignatureCheck(d, EnumSet.complementOf(EnumSet.of(Location.QUERY_STRING))));
        }
        return new SignatureSweep(checks);
    }

    /** Three values in one request: query argument {@code q}, query argument {@code r}, cookie {@code c}. */
    private static RequestView request(String q, String r, String cookie) {
        String target = "/catalog/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&r="
                + URLEncoder.encode(r, StandardCharsets.UTF_8);
        String cookieValue = URLEncoder.encode(cookie, StandardCharsets.UTF_8);
        return RequestView.builder().requestId("t").method("GET").rawTarget(target).protocol("HTTP/1.1")
                .headers(Map.of("host", List.of("shop.example.com"), "cookie", List.of("c=" + cookieValue),
                        "user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0")))
                .clientAddress(InetAddress.getLoopbackAddress()).build();
    }

    /** The inputs of {@code signatures.tsv} (attacks and benign values; escapes left as written). */
    private static List<String> tableInputs() throws IOException {
        List<String> inputs = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SignatureSweepTest.class.getResourceAsStream("/io/tandem/waf/signatures.tsv"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split("\t");
                if (!line.startsWith("#") && cells.length >= 3) {
                    inputs.add(cells[2]);
                }
            }
        }
        assertTrue(inputs.size() > 200, "inputs: " + inputs.size());
        return inputs;
    }

    /** Counts its calls; fires on values containing its word. */
    private static final class CountingDetector implements Detector {
        final AtomicInteger calls = new AtomicInteger();
        private final String name;
        private final int triggers;
        private final String word;

        CountingDetector(String name, int triggers, String word) {
            this.name = name;
            this.triggers = triggers;
            this.word = word;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int triggers() {
            return triggers;
        }

        @Override
        public Detection detect(Target target) {
            calls.incrementAndGet();
            return target.value().contains(word) ? new Detection(word, target.value()) : null;
        }
    }
}
