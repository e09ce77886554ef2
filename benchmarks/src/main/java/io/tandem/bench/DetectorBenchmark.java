package io.tandem.bench;

import io.tandem.waf.Location;
import io.tandem.waf.Target;
import io.tandem.waf.detect.CommandInjectionDetector;
import io.tandem.waf.detect.Detector;
import io.tandem.waf.detect.KeywordGate;
import io.tandem.waf.detect.HttpSplittingDetector;
import io.tandem.waf.detect.JavaInjectionDetector;
import io.tandem.waf.detect.LdapInjectionDetector;
import io.tandem.waf.detect.NoSqlInjectionDetector;
import io.tandem.waf.detect.NodeInjectionDetector;
import io.tandem.waf.detect.PathTraversalDetector;
import io.tandem.waf.detect.PhpInjectionDetector;
import io.tandem.waf.detect.RfiDetector;
import io.tandem.waf.detect.ScannerDetector;
import io.tandem.waf.detect.SessionFixationDetector;
import io.tandem.waf.detect.SqlInjectionDetector;
import io.tandem.waf.detect.SsiDetector;
import io.tandem.waf.detect.SsrfDetector;
import io.tandem.waf.detect.TemplateInjectionDetector;
import io.tandem.waf.detect.XssDetector;
import io.tandem.waf.detect.XxeDetector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Where the signature rules' time goes on long text: one detector on one form value of 16 Ki
 * characters of review prose ({@link Target#MAX_INSPECT}, the most of a value any detector sees),
 * already decoded, and {@code decode}: making that value's decoded forms and its
 * {@link KeywordGate} pass, which the detectors of a request share. Divided by 16 384 a score is nanoseconds per inspected character; the default
 * inspection budget (256 Ki characters a request) times the sum is what a request up to the budget
 * costs in signatures.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DetectorBenchmark}; see
 * {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectorBenchmark {

    private static final List<Detector> DETECTORS = List.of(new ScannerDetector(), new HttpSplittingDetector(),
            new SqlInjectionDetector(), new XssDetector(), new PathTraversalDetector(), new RfiDetector(),
            new CommandInjectionDetector(), new PhpInjectionDetector(), new JavaInjectionDetector(),
            new NodeInjectionDetector(), new SsrfDetector(), new XxeDetector(), new TemplateInjectionDetector(),
            new SsiDetector(), new NoSqlInjectionDetector(), new LdapInjectionDetector(), new SessionFixationDetector());

    /** A detector's name, or {@code decode}. */
    @Param({"decode", "scanner", "http-splitting", "sqli", "xss", "lfi", "rfi", "rce", "php", "java", "node", "ssrf",
            "xxe", "ssti", "ssi", "nosqli", "ldapi", "session-fixation"})
    public String detector;

    private String text;
    private Detector chosen;
    private Target target;

    @Setup
    public void setUp() {
        text = RuleEvaluationBenchmark.words(Target.MAX_INSPECT, 7);
        target = decoded(text);
        if (!detector.equals("decode")) {
            chosen = DETECTORS.stream().filter(d -> d.name().equals(detector)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("detector: " + detector + " (expected: one of "
                            + DETECTORS.stream().map(Detector::name).toList() + " or decode)"));
            if (chosen.detect(target) != null) {
                throw new IllegalStateException(detector + " fires on the benchmark's prose: " + chosen.detect(target));
            }
        }
    }

    @Benchmark
    public Object inspect() {
        return chosen == null ? decoded(text) : chosen.detect(target);
    }

    /** A new target with every decoded form computed, as the first detectors of a request leave it. */
    private static Target decoded(String value) {
        Target t = new Target(Location.FORM_ARG, "detail", value, "");
        t.lower();
        t.urlLower();
        t.features();
        KeywordGate.mayHave(t, KeywordGate.SQL_SYSTEM); // the shared keyword pass
        return t;
    }
}
