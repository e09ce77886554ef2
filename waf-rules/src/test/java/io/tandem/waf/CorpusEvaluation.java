package io.tandem.waf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays the labelled corpora in {@code /work/shared/corpora} (or the directory given as the
 * first argument) through the default rule set, in process, and prints the detection rate on
 * {@code attack} records and the false-positive rate on {@code benign} records, per corpus and
 * per category, plus a rough per-request cost. Not a test (no assertions); run with
 * {@code mvn -o -q -pl waf-rules test-compile exec:java -Dexec.mainClass=io.tandem.waf.CorpusEvaluation -Dexec.classpathScope=test}.
 *
 * <p>Options after the directory: {@code --misses N} prints N missed attacks per corpus,
 * {@code --fps} prints every false positive, {@code --corpus NAME} restricts to one corpus,
 * {@code --rules} counts which rule fired first for blocked attacks.
 */
public final class CorpusEvaluation {

    private record Record(String id, String label, String category, String group, byte[] raw, String payload) {
    }

    private static final class Tally {
        int attacks;
        int detected;
        int benign;
        int falsePositives;

        void add(Record r, boolean blocked) {
            if (r.label().equals("attack")) {
                attacks++;
                detected += blocked ? 1 : 0;
            } else if (r.label().equals("benign")) {
                benign++;
                falsePositives += blocked ? 1 : 0;
            }
        }

        @Override
        public String toString() {
            return String.format("attacks %5d detected %5d (%5.1f %%)   benign %4d blocked %3d (%4.1f %%)", attacks, detected,
                    attacks == 0 ? 0.0 : 100.0 * detected / attacks, benign, falsePositives,
                    benign == 0 ? 0.0 : 100.0 * falsePositives / benign);
        }
    }

    private CorpusEvaluation() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 && !args[0].startsWith("--") ? args[0] : "/work/shared/corpora");
        int misses = 0;
        boolean fps = false;
        boolean ruleCounts = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--misses" -> misses = Integer.parseInt(args[++i]);
                case "--fps" -> fps = true;
                case "--rules" -> ruleCounts = true;
                case "--corpus" -> only = args[++i];
                default -> { }
            }
        }
        RuleEngine engine = RuleSet.build(WafSettings.defaults());
        long totalNanos = 0;
        long totalRequests = 0;
        for (String corpus : List.of("crs-v3.3.4", "gotestwaf", "libinjection")) {
            if (only != null && !only.equals(corpus)) {
                continue;
            }
            List<Record> records = read(dir.resolve(corpus).resolve(corpus + ".jsonl"));
            Tally total = new Tally();
            Map<String, Tally> byCategory = new TreeMap<>();
            Map<String, Tally> byGroup = new TreeMap<>();
            Map<String, Integer> firstRule = new TreeMap<>();
            List<String> missed = new ArrayList<>();
            List<String> falsePositives = new ArrayList<>();
            long start = System.nanoTime();
            for (Record r : records) {
                Verdict v;
                try {
                    RequestView view = RawHttpRequest.parse(r.id(), r.raw());
                    v = engine.evaluate(view);
                } catch (RuntimeException e) {
                    System.out.println("EXCEPTION " + r.id() + ": " + e);
                    e.printStackTrace(System.out);
                    v = Verdict.PASS;
                }
                boolean blocked = v.blocks();
                total.add(r, blocked);
                byCategory.computeIfAbsent(r.category(), k -> new Tally()).add(r, blocked);
                if (!r.group().isEmpty()) {
                    byGroup.computeIfAbsent(r.group(), k -> new Tally()).add(r, blocked);
                }
                if (blocked && ruleCounts) {
                    firstRule.merge(r.label() + " " + v.ruleIdOrEmpty(), 1, Integer::sum);
                }
                if (!blocked && r.label().equals("attack") && missed.size() < misses) {
                    missed.add(r.id() + "  " + r.payload());
                }
                if (blocked && r.label().equals("benign")) {
                    falsePositives.add(r.id() + "  " + r.payload() + "  -> " + describe(v));
                }
            }
            long nanos = System.nanoTime() - start;
            totalNanos += nanos;
            totalRequests += records.size();
            System.out.println("== " + corpus + "  " + total);
            byCategory.forEach((k, t) -> System.out.println("   " + pad(k) + t));
            if (!byGroup.isEmpty()) {
                System.out.println("   -- by " + (corpus.startsWith("crs") ? "paranoia level" : "encoder/placeholder"));
                byGroup.forEach((k, t) -> System.out.println("   " + pad(k) + t));
            }
            if (ruleCounts) {
                firstRule.forEach((k, n) -> System.out.println("   rule " + k + ": " + n));
            }
            missed.forEach(m -> System.out.println("   MISS " + m));
            if (fps) {
                falsePositives.forEach(m -> System.out.println("   FP   " + m));
            }
            System.out.printf("   %d requests in %d ms (%.1f us/request, first pass, includes JIT warm-up)%n", records.size(),
                    nanos / 1_000_000, nanos / 1000.0 / Math.max(1, records.size()));
        }
        System.out.printf("all corpora: %d requests, %.1f us/request on average (parse + evaluate)%n", totalRequests,
                totalNanos / 1000.0 / Math.max(1, totalRequests));
        timing(engine, dir);
    }

    /** A warm timing loop over a fixed mix: parse + evaluate, single thread. */
    private static void timing(RuleEngine engine, Path dir) throws IOException {
        List<Record> sample = new ArrayList<>();
        for (String corpus : List.of("crs-v3.3.4", "gotestwaf", "libinjection")) {
            List<Record> all = read(dir.resolve(corpus).resolve(corpus + ".jsonl"));
            for (int i = 0; i < all.size(); i += Math.max(1, all.size() / 600)) {
                sample.add(all.get(i));
            }
        }
        byte[] browserGet = ("GET /catalog/product/view/id/42/s/blue-shirt?color=blue&size=m&utm_source=newsletter HTTP/1.1\r\n"
                + "Host: shop.example.com\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/122.0.0.0 Safari/537.36\r\nAccept: text/html,application/xhtml+xml\r\nAccept-Language: en-US,en;q=0.9\r\n"
                + "Referer: https://shop.example.com/women/tops.html\r\nCookie: PHPSESSID=9d2c0bd4a8f1e7; form_key=Xy8kP2mN0qR5sT7u;"
                + " mage-cache-sessid=true; private_content_version=8f9a1b2c3d4e\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        for (int warm = 0; warm < 3; warm++) {
            run(engine, sample);
            for (int i = 0; i < 20_000; i++) {
                engine.evaluate(RawHttpRequest.parse("t", browserGet));
            }
        }
        long n = 0;
        long start = System.nanoTime();
        for (int round = 0; round < 5; round++) {
            n += run(engine, sample);
        }
        long mixed = System.nanoTime() - start;
        start = System.nanoTime();
        int gets = 100_000;
        for (int i = 0; i < gets; i++) {
            engine.evaluate(RawHttpRequest.parse("t", browserGet));
        }
        long get = System.nanoTime() - start;
        System.out.printf("warm timing: corpus mix %.1f us/request (%d requests); browser-like GET with 4 args and 4 cookies"
                + " %.1f us/request (raw parse + view + evaluate, one thread)%n", mixed / 1000.0 / n, n, get / 1000.0 / gets);
    }

    private static int run(RuleEngine engine, List<Record> sample) {
        for (Record r : sample) {
            engine.evaluate(RawHttpRequest.parse(r.id(), r.raw()));
        }
        return sample.size();
    }

    private static String describe(Verdict v) {
        if (v instanceof Verdict.Deny d) {
            return d.ruleId() + " " + d.reason() + " [" + d.match().excerpt() + "]";
        }
        return v.toString();
    }

    private static String pad(String s) {
        String t = s.length() > 44 ? s.substring(0, 44) : s;
        return String.format("%-45s", t);
    }

    private static List<Record> read(Path file) throws IOException {
        List<Record> out = new ArrayList<>();
        JsonFactory factory = new JsonFactory();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                out.add(record(factory, line, file.getFileName().toString()));
            }
        }
        return out;
    }

    private static Record record(JsonFactory factory, String line, String file) throws IOException {
        String id = "";
        String label = "";
        String category = "";
        String raw = "";
        String rulePl = "";
        String encoder = "";
        String placeholder = "";
        String payload = "";
        String uri = "";
        try (JsonParser p = factory.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("meta") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String m = p.currentName();
                        JsonToken mt = p.nextToken();
                        if (mt == JsonToken.START_OBJECT || mt == JsonToken.START_ARRAY) {
                            p.skipChildren();
                            continue;
                        }
                        switch (m) {
                            case "rule_pl" -> rulePl = String.valueOf(p.getValueAsString(""));
                            case "encoder" -> encoder = p.getValueAsString("");
                            case "placeholder" -> placeholder = p.getValueAsString("");
                            case "payload" -> payload = p.getValueAsString("");
                            default -> { }
                        }
                    }
                    continue;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                switch (field) {
                    case "id" -> id = p.getValueAsString();
                    case "label" -> label = p.getValueAsString();
                    case "category" -> category = p.getValueAsString();
                    case "raw_b64" -> raw = p.getValueAsString();
                    case "uri" -> uri = p.getValueAsString();
                    default -> { }
                }
            }
        }
        String group = file.startsWith("crs") ? (rulePl.isEmpty() ? "" : "PL" + rulePl)
                : encoder.isEmpty() ? "" : encoder + "/" + placeholder;
        String shown = payload.isEmpty() ? uri : payload;
        if (shown.length() > 160) {
            shown = shown.substring(0, 160) + "...";
        }
        return new Record(id, label, category, group, Base64.getDecoder().decode(raw), shown.replace("\n", "\\n").replace("\r", "\\r"));
    }
}
