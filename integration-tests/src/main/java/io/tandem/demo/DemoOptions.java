package io.tandem.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line options of {@code ./tandem demo}.
 *
 * @param port      the shop's port through the pair; only the active member listens on it
 * @param farmPort  first of the three shop instances' ports; 0 lets the OS choose
 * @param haPort    member A's HA port; member B's is the next one
 * @param adminPort member A's admin API port; member B's is the next one
 * @param tandemJar the member jar, or {@code null} for the one next to the demo jar
 * @param failover  run the unattended failover show and exit
 * @param shoppers  scripted shoppers of the failover show
 */
record DemoOptions(int port, int farmPort, int haPort, int adminPort, Path dir, Path tandemJar, boolean failover,
                   int shoppers, boolean help) {

    static final int DEFAULT_SHOPPERS = 20;
    static final int MAX_SHOPPERS = 200;

    static final String USAGE = """
            usage: ./tandem demo [--port PORT] [--farm-port PORT] [--ha-port PORT] [--admin-port PORT] [--dir DIR]
                                 [--tandem-jar JAR] [--failover [--shoppers N]]
              --port PORT        where the shop is served through the pair (default 8080)
              --farm-port PORT   first port of the three shop instances (default 9001; 0 lets the OS choose)
              --ha-port PORT     HA ports of members A and B: PORT and PORT+1 (default 5701)
              --admin-port PORT  admin API ports of members A and B: PORT and PORT+1 (default 9091)
              --dir DIR          where the demo writes configurations, key ring, token and logs (default ./run/demo)
              --tandem-jar JAR   the member jar (default: proxy/target/tandem.jar of this checkout)
              --failover         unattended: shoppers, kill -9 of the active member, a report; exit 0 if every
                                 cart survived and no request failed after the takeover, else 1
              --shoppers N       scripted shoppers of --failover (default 20, 1..200)""";

    static DemoOptions parse(String... args) {
        int port = 8080;
        int farmPort = 9001;
        int haPort = 5701;
        int adminPort = 9091;
        Path dir = Path.of("run", "demo");
        Path tandemJar = null;
        boolean failover = false;
        Integer shoppers = null;
        boolean help = false;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = integer(args, ++i, "--port", 1, 65_535, "a port 1..65535", problems);
                case "--farm-port" -> farmPort = integer(args, ++i, "--farm-port", 0, 65_533,
                        "0, or a port 1..65533 (three consecutive ports)", problems);
                case "--ha-port" -> haPort = integer(args, ++i, "--ha-port", 1, 65_534,
                        "a port 1..65534 (two consecutive ports)", problems);
                case "--admin-port" -> adminPort = integer(args, ++i, "--admin-port", 1, 65_534,
                        "a port 1..65534 (two consecutive ports)", problems);
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir", problems));
                case "--tandem-jar" -> tandemJar = Path.of(value(args, ++i, "--tandem-jar", problems));
                case "--failover" -> failover = true;
                case "--shoppers" -> shoppers = integer(args, ++i, "--shoppers", 1, MAX_SHOPPERS,
                        "an integer 1.." + MAX_SHOPPERS, problems);
                case "-h", "--help" -> help = true;
                default -> problems.add("unknown option '" + args[i] + "' (expected: one of --port, --farm-port, "
                        + "--ha-port, --admin-port, --dir, --tandem-jar, --failover, --shoppers, --help)");
            }
        }
        if (shoppers != null && !failover) {
            problems.add("--shoppers: only with --failover");
        }
        if (problems.isEmpty()) {
            overlap(port, farmPort, haPort, adminPort).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new DemoOptions(port, farmPort, haPort, adminPort, dir, tandemJar, failover,
                shoppers == null ? DEFAULT_SHOPPERS : shoppers, help);
    }

    /** Every port the demo binds, with what it is for, in start order; the farm's only when fixed. */
    List<Map.Entry<Integer, String>> ports() {
        return ports(port, farmPort, haPort, adminPort);
    }

    private static List<Map.Entry<Integer, String>> ports(int port, int farmPort, int haPort, int adminPort) {
        List<Map.Entry<Integer, String>> ports = new ArrayList<>();
        ports.add(Map.entry(port, "the shop through the pair (--port)"));
        if (farmPort != 0) {
            for (int i = 0; i < 3; i++) {
                ports.add(Map.entry(farmPort + i, "shop instance web" + (i + 1) + " (--farm-port)"));
            }
        }
        ports.add(Map.entry(haPort, "member A's HA port (--ha-port)"));
        ports.add(Map.entry(haPort + 1, "member B's HA port (--ha-port + 1)"));
        ports.add(Map.entry(adminPort, "member A's admin API (--admin-port)"));
        ports.add(Map.entry(adminPort + 1, "member B's admin API (--admin-port + 1)"));
        return ports;
    }

    private static Optional<String> overlap(int port, int farmPort, int haPort, int adminPort) {
        Map<Integer, String> seen = new HashMap<>();
        for (Map.Entry<Integer, String> e : ports(port, farmPort, haPort, adminPort)) {
            String before = seen.putIfAbsent(e.getKey(), e.getValue());
            if (before != null) {
                return Optional.of("port " + e.getKey() + ": both " + before + " and " + e.getValue()
                        + " (expected: distinct ports)");
            }
        }
        return Optional.empty();
    }

    private static String value(String[] args, int i, String option, List<String> problems) {
        if (i >= args.length) {
            problems.add(option + ": missing value");
            return "";
        }
        return args[i];
    }

    private static int integer(String[] args, int i, String option, int min, int max, String expected,
                               List<String> problems) {
        if (i >= args.length) {
            problems.add(option + ": missing value");
            return min;
        }
        String text = args[i];
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(option + ": " + text + " (expected: " + expected + ")");
        return min;
    }
}
