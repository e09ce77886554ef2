package io.tandem.demo;

import io.tandem.farm.MagentoFarm;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One run of the demo: the farm, the pair and what stops them. {@link #stopAll()} runs once,
 * from the shutdown hook (Ctrl-C, SIGTERM) or when {@link #run()} ends, whichever comes first; a
 * SIGKILL of this JVM runs neither (see {@link MemberProcess} for what happens to the members).
 */
final class DemoSession {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final DemoOptions options;
    private final Path tandemJar;
    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    // Guarded by this: the shutdown hook may run while run() is still starting things.
    private MagentoFarm farm;
    private DemoPair pair;
    private RoleWatch watch;
    private boolean stopping;

    DemoSession(DemoOptions options, Path tandemJar, PrintStream out) {
        this.options = options;
        this.tandemJar = tandemJar;
        this.out = out;
    }

    /**
     * Starts everything; with {@code --failover} runs the show and returns its exit status,
     * otherwise prints the banner and returns 0 once stopped.
     *
     * @throws DemoException if a port is taken or the pair does not get ready
     */
    int run() throws IOException, InterruptedException {
        Files.createDirectories(options.dir());
        DemoPair.stopLeftovers(options, out);
        checkPortsFree(options);
        Thread hook = new Thread(this::stopAll, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            MagentoFarm startedFarm;
            try {
                startedFarm = MagentoFarm.start(3, options.farmPort());
            } catch (IllegalStateException e) {
                throw new DemoException("the shop farm cannot start: " + e.getMessage()
                        + "; pick other ports with --farm-port");
            }
            synchronized (this) {
                farm = startedFarm;
            }
            DemoPair startedPair = DemoPair.write(options, tandemJar, startedFarm.instances());
            synchronized (this) {
                if (stopping) {
                    return 1;
                }
                pair = startedPair;
            }
            out.printf("tandem demo: starting members demo-a and demo-b (logs in %s and %s) ...%n",
                    startedPair.members().get(0).log(), startedPair.members().get(1).log());
            startedPair.start();
            startedPair.awaitReady(READY_TIMEOUT);
            if (options.failover()) {
                FailoverReport report = new FailoverShow(startedPair, options.port(), options.shoppers(), out).run();
                out.print(report.format());
                return report.passed() ? 0 : 1;
            }
            out.println(DemoBanner.of(options, startedPair, startedFarm));
            synchronized (this) {
                if (!stopping) {
                    watch = RoleWatch.start(startedPair, out);
                }
            }
            stopped.await(); // until Ctrl-C: the hook stops everything
            return 0;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or done
            }
            stopAll();
        }
    }

    /** Stops the role watch, both members (SIGTERM, SIGKILL after 15 s) and the farm; once. */
    private void stopAll() {
        RoleWatch w;
        DemoPair p;
        MagentoFarm f;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            w = watch;
            p = pair;
            f = farm;
        }
        if (w != null) {
            w.close();
        }
        if (p != null) {
            p.close();
        }
        if (f != null) {
            f.close();
        }
        stopped.countDown();
    }

    /**
     * Every port the demo binds must be free, so that the shop check cannot be answered by
     * something else listening on the service port.
     *
     * @throws DemoException naming the port, what it is for and the option that moves it
     */
    static void checkPortsFree(DemoOptions options) {
        for (Map.Entry<Integer, String> port : options.ports()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.getKey()));
            } catch (IOException e) {
                throw new DemoException("127.0.0.1:" + port.getKey() + " is in use; it would be " + port.getValue()
                        + " (stop what listens there, or pick another port with that option)");
            }
        }
    }
}
