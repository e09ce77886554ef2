package io.tandem.demo;

import java.nio.file.Path;

/** Command-line options of {@code ./tandem demo}. */
record DemoOptions(int port, int farmPort, Path dir, boolean help) {

    static final String USAGE = """
            usage: ./tandem demo [--port PORT] [--farm-port PORT] [--dir DIR]
              --port PORT       where the shop is served through Tandem (default 8080)
              --farm-port PORT  first port of the three shop instances (default 9001)
              --dir DIR         where the demo writes its configuration and key (default ./run/demo)""";

    static DemoOptions parse(String... args) {
        int port = 8080;
        int farmPort = 9001;
        Path dir = Path.of("run", "demo");
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = port(args, ++i, "--port");
                case "--farm-port" -> farmPort = port(args, ++i, "--farm-port");
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (farmPort <= port && port < farmPort + 3) {
            throw new IllegalArgumentException("--port " + port + " overlaps the farm ports " + farmPort + ".."
                    + (farmPort + 2));
        }
        return new DemoOptions(port, farmPort, dir, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": missing value");
        }
        return args[i];
    }

    private static int port(String[] args, int i, String option) {
        String text = value(args, i, option);
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": " + text + " (expected: a port 1..65535)");
    }
}
