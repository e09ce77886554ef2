package io.tandem.farm;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link MagentoFarm} as its own process until killed:
 * {@code FarmMain [--instances N] [--base-port P] [--host H]} (defaults 3, 9001, 127.0.0.1;
 * base port 0 lets the OS choose). Prints one line per instance, {@code web1 http://127.0.0.1:9001},
 * then serves; a shutdown hook stops the farm. Exit status 2 for bad arguments, 1 if it cannot listen.
 */
public final class FarmMain {

    /** A logback configuration that keeps Undertow and XNIO quiet unless one is set explicitly. */
    private static final String LOG_CONFIG = "io/tandem/farm/farm-logback.xml";

    /** Parsed command line. */
    public record Options(int instances, int basePort, String host) {

        public static final Options DEFAULTS = new Options(3, 9001, MagentoInstance.LOOPBACK);
    }

    private FarmMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOG_CONFIG);
        }
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(usage());
            return;
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("farm: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        MagentoFarm farm;
        try {
            farm = run(options, System.out);
        } catch (IllegalStateException e) {
            System.err.println("farm: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(farm::stop, "farm-shutdown"));
        new CountDownLatch(1).await(); // until the JVM is told to exit
    }

    /** Starts the farm and prints its instances to {@code out}. */
    public static MagentoFarm run(Options options, PrintStream out) {
        MagentoFarm farm = MagentoFarm.start(options.instances(), options.host(), options.basePort());
        for (MagentoInstance instance : farm.instances()) {
            out.println(instance.name() + " " + instance.baseUrl());
        }
        out.flush();
        return farm;
    }

    /**
     * Parses the command line, reporting every problem at once.
     *
     * @throws IllegalArgumentException naming each bad argument, its value and what was expected
     */
    public static Options parse(String[] args) {
        int instances = Options.DEFAULTS.instances();
        int basePort = Options.DEFAULTS.basePort();
        String host = Options.DEFAULTS.host();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!List.of("--instances", "--base-port", "--host").contains(flag)) {
                problems.add("argument " + (i + 1) + ": '" + flag + "' (expected: --instances, --base-port or --host)");
                continue;
            }
            if (i + 1 >= args.length) {
                problems.add(flag + ": missing value");
                break;
            }
            String value = args[++i];
            switch (flag) {
                case "--instances" -> instances = integer(flag, value, 1, MagentoFarm.MAX_INSTANCES, problems);
                case "--base-port" -> basePort = integer(flag, value, 0, 65_535, problems);
                default -> host = value;
            }
        }
        if (problems.isEmpty() && basePort != 0 && basePort + instances - 1 > 65_535) {
            problems.add("--base-port: " + basePort + " (expected: <= " + (65_536 - instances) + " for " + instances + " instances)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Options(instances, basePort, host);
    }

    /** The one-line usage text {@code --help} prints. */
    public static String usage() {
        return "usage: FarmMain [--instances N (1.." + MagentoFarm.MAX_INSTANCES + ", default 3)]"
                + " [--base-port P (0 = OS-chosen, default 9001)] [--host H (default 127.0.0.1)]";
    }

    private static int integer(String flag, String value, int min, int max, List<String> problems) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        problems.add(flag + ": '" + value + "' (expected: an integer " + min + ".." + max + ")");
        return min;
    }
}
