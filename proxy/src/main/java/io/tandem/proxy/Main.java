package io.tandem.proxy;

import io.tandem.config.ConfigException;
import io.tandem.config.ConfigLoader;
import io.tandem.config.AdminConfig;
import io.tandem.config.KeysConfig;
import io.tandem.config.TandemConfig;
import io.tandem.ha.HazelcastRoleElector;
import io.tandem.proxy.admin.AdminRole;
import io.tandem.proxy.admin.AdminServer;
import io.tandem.proxy.admin.AdminSettings;
import io.tandem.proxy.admin.ConfigDigest;
import io.tandem.proxy.admin.FileConfigControl;
import io.tandem.proxy.admin.KeyRingStore;
import io.tandem.proxy.cli.FailoverCommand;
import io.tandem.proxy.cli.KeysCommand;
import io.tandem.proxy.cli.ReloadCommand;
import io.tandem.proxy.cli.SessionsCommand;
import io.tandem.proxy.cli.StatusCommand;
import io.tandem.session.KeyRing;
import io.tandem.session.KeyRingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code tandem} command line. Exit status: 0 success, 1 a runtime failure (for example the
 * port is taken), 2 a configuration or key-ring problem, which is printed in full.
 *
 * <p>The operator verbs ({@code status}, {@code failover}, {@code reload}, {@code sessions},
 * {@code keys}) call the admin API of running members ({@code io.tandem.proxy.cli}): exit 1 when a
 * member cannot be reached or refuses, 2 for a usage mistake (no token, a bad URL).
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, version = "tandem 0.1.0",
        description = "Reverse-proxy WAF that runs as an active-passive pair; sessions survive failover.",
        subcommands = {Main.Run.class, Main.Check.class, Main.Witness.class, StatusCommand.class,
                FailoverCommand.class, ReloadCommand.class, SessionsCommand.class, KeysCommand.class})
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
        Path dir = file.toAbsolutePath().getParent();
        try {
            adminSettings(config, dir); // checks what only the admin module knows (hash cost bounds)
        } catch (IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return null;
        }
        try {
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
            if (loaded.config().ha().witness()) {
                err.println("tandem: " + config + " configures a witness (ha.witness: true); run it with 'tandem witness -c "
                        + config + "'");
                return CONFIG_ERROR;
            }
            Path dir = config.toAbsolutePath().getParent();
            KeyRingStore keyStore = keyStore(loaded.config().session().keys(), dir);
            TandemServer server = new TandemServer(loaded.config(), loaded.keyRing(), keyStore, Clock.systemUTC());
            AdminSettings adminSettings = adminSettings(loaded.config(), dir);
            AdminServer admin = adminSettings == null ? null : new AdminServer(adminSettings,
                    server.adminServices(new FileConfigControl(config, loaded.config(), server::applyConfig),
                            keyStore, VERSION),
                    Clock.systemUTC());
            try {
                if (admin != null) {
                    admin.start(); // first, so health answers while the member joins the pair
                }
                server.start();
            } catch (RuntimeException e) {
                err.println("tandem: cannot start: " + rootMessage(e));
                server.close();
                if (admin != null) {
                    admin.close();
                }
                return 1;
            }
            runUntilShutdown(() -> {
                server.close(); // drains the service listener; /health still answers meanwhile
                if (admin != null) {
                    admin.close();
                }
            });
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

    @Command(name = "witness", description = "Run a witness: a light third member that votes in the pair's "
            + "quorum, never becomes active and serves no clients.")
    static final class Witness implements Callable<Integer> {

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
            TandemConfig c = loaded.config();
            if (!c.ha().enabled() || !c.ha().witness()) {
                err.println("tandem witness: " + config + ": ha.witness: false (expected: an ha: section with witness: true)");
                return CONFIG_ERROR;
            }
            HazelcastRoleElector elector = new HazelcastRoleElector(c.node().id(), c.ha(), ConfigDigest.of(c),
                    loaded.keyRing().fingerprint());
            try {
                elector.start(change -> { });
            } catch (RuntimeException e) {
                err.println("tandem witness: cannot start: " + rootMessage(e));
                elector.close();
                return 1;
            }
            runUntilShutdown(elector::close);
            return 0;
        }
    }

    static final String VERSION = "0.1.0";

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then runs {@code stop} in the shutdown hook. */
    private static void runUntilShutdown(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "tandem-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where a rotated key ring is saved: the key file, nowhere for an ephemeral ring, refused for an env ring. */
    static KeyRingStore keyStore(KeysConfig keys, Path configDir) {
        if (keys.file() != null) {
            return KeyRingStore.file(configDir.resolve(keys.file()));
        }
        if (keys.env() != null) {
            return KeyRingStore.readOnly("it comes from environment variable " + keys.env()
                    + "; change it there on both members and restart them one at a time");
        }
        return KeyRingStore.memoryOnly();
    }

    /** The admin listener's settings, or {@code null} when the configuration has no admin: section. */
    static AdminSettings adminSettings(TandemConfig config, Path configDir) {
        AdminConfig admin = config.admin();
        if (!admin.enabled()) {
            return null;
        }
        List<AdminSettings.Token> tokens = admin.tokens().stream()
                .map(t -> new AdminSettings.Token(t.name(),
                        t.role() == AdminConfig.Role.ADMIN ? AdminRole.ADMIN : AdminRole.READ_ONLY, t.hash()))
                .toList();
        AdminSettings.Tls tls = null;
        if (admin.tls() != null) {
            tls = admin.tls().selfSigned() ? AdminSettings.Tls.selfSignedCertificate()
                    : AdminSettings.Tls.pem(configDir.resolve(admin.tls().cert()), configDir.resolve(admin.tls().key()));
        }
        return new AdminSettings(admin.address(), admin.port(), tokens, tls, admin.metricsPublic());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
