package io.tandem.proxy;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.TandemConfig;
import io.tandem.session.KeyRing;
import io.tandem.session.KeyRingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code tandem} command line. Exit status: 0 success, 1 a runtime failure (for example the
 * port is taken), 2 a configuration or key-ring problem, which is printed in full.
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, version = "tandem 0.1.0",
        description = "Reverse-proxy WAF that runs as an active-passive pair; sessions survive failover.",
        subcommands = {Main.Run.class, Main.Check.class})
public final class Main {

    static final int CONFIG_ERROR = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    /** Reads and validates a configuration and its key ring, reporting every problem on stderr. */
    static Loaded load(Path file, PrintWriter err) {
        TandemConfig config;
        try {
            config = ConfigLoader.load(file);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            return new Loaded(config, KeyRings.load(config.session().keys(), dir, System.getenv()));
        } catch (KeyRingException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    record Loaded(TandemConfig config, KeyRing keyRing) {
    }

    @Command(name = "run", description = "Run a Tandem member with the given configuration.")
    static final class Run implements Callable<Integer> {

        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "configuration file (YAML)")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Loaded loaded = load(config, err);
            if (loaded == null) {
                return CONFIG_ERROR;
            }
            TandemServer server = new TandemServer(loaded.config(), loaded.keyRing(), Clock.systemUTC());
            try {
                server.start();
            } catch (RuntimeException e) {
                err.println("tandem: cannot start: " + rootMessage(e));
                server.close();
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "tandem-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Command(name = "check", description = "Validate a configuration and its key ring without binding anything.")
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "configuration file (YAML)")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Loaded loaded = load(config, spec.commandLine().getErr());
            if (loaded == null) {
                return CONFIG_ERROR;
            }
            TandemConfig c = loaded.config();
            spec.commandLine().getOut().printf("%s: OK (node %s, listener %s:%d, %d backend(s), key ring %s)%n",
                    config, c.node().id(), c.listener().address(), c.listener().port(), c.backends().size(),
                    loaded.keyRing().fingerprint());
            return 0;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
