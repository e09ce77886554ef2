package io.tandem.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * {@code ./tandem demo}: an HA pair of Tandem members, each a process of its own, in front of a
 * three-instance Magento-like farm, all on loopback. The configurations it writes are ordinary
 * Tandem configuration files, shown to the user so the demo doubles as an example.
 *
 * <p>Interactive (default): prints a {@link DemoBanner}, then role changes, until Ctrl-C, which
 * stops both members and the farm (a shutdown hook, see {@link DemoSession}). With
 * {@code --failover}: runs the {@link FailoverShow}, prints its {@link FailoverReport} and exits 0
 * if it passed, 1 otherwise.
 *
 * <p>Exit status: 0 done, 1 the demo could not run (a port is taken, a member did not start, the
 * failover show failed), 2 bad options.
 */
public final class DemoMain {

    private static final String LOG_CONFIG = "io/tandem/farm/farm-logback.xml";

    private DemoMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOG_CONFIG); // Undertow and XNIO stay quiet
        }
        // The banner lists the shop instances; their start and stop lines would only interleave with it.
        if (org.slf4j.LoggerFactory.getLogger("io.tandem.farm") instanceof ch.qos.logback.classic.Logger farmLog) {
            farmLog.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the demo; returns the exit status. The interactive demo returns only once stopped. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("tandem demo: " + e.getMessage());
            err.println(DemoOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(DemoOptions.USAGE);
            return 0;
        }
        Path tandemJar = options.tandemJar() != null ? options.tandemJar() : defaultTandemJar();
        if (tandemJar == null || !Files.isRegularFile(tandemJar)) {
            err.println("tandem demo: --tandem-jar: " + (tandemJar == null ? "(not found)" : tandemJar)
                    + " (expected: the member jar proxy/target/tandem.jar, built by ./tandem build or mvn package)");
            return 2;
        }
        try {
            return new DemoSession(options, tandemJar, out).run();
        } catch (DemoException e) {
            err.println("tandem demo: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("tandem demo: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tandem demo: interrupted");
            return 1;
        }
    }

    /**
     * The member jar: the {@code tandem.jar} system property; else {@code tandem.jar} next to the
     * demo jar (as in the container image, {@code /opt/tandem}); else {@code proxy/target/tandem.jar}
     * of the checkout the demo runs from. {@code null} if none can be derived.
     */
    static Path defaultTandemJar() {
        String property = System.getProperty("tandem.jar");
        if (property != null) {
            return Path.of(property);
        }
        try {
            // .../integration-tests/target/tandem-demo.jar, .../integration-tests/target/classes or /opt/tandem/tandem-demo.jar
            CodeSource source = DemoMain.class.getProtectionDomain().getCodeSource();
            Path here = source == null ? null : Path.of(source.getLocation().toURI());
            Path folder = here == null ? null : here.getParent();
            if (folder == null) {
                return null;
            }
            if (Files.isRegularFile(folder.resolve("tandem.jar"))) {
                return folder.resolve("tandem.jar");
            }
            Path checkout = folder.getParent() == null ? null : folder.getParent().getParent();
            return checkout == null ? null : checkout.resolve("proxy").resolve("target").resolve("tandem.jar");
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
