package io.tandem.demo;

import io.tandem.demo.DemoPair.MemberView;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While the interactive demo runs: one line when a member's role or epoch changes (read from its
 * admin API once a second) and one when a member process ends, so that a failover tried from
 * another terminal shows up in the demo's. Runs on one daemon thread until {@link #close()}.
 */
final class RoleWatch implements AutoCloseable {

    private final DemoPair pair;
    private final PrintStream out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-role-watch");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> last = new HashMap<>();
    private volatile boolean closed;

    private RoleWatch(DemoPair pair, PrintStream out) {
        this.pair = pair;
        this.out = out;
    }

    static RoleWatch start(DemoPair pair, PrintStream out) {
        RoleWatch watch = new RoleWatch(pair, out);
        for (MemberView view : pair.views()) {
            watch.last.put(view.member().node(), view.toString());
        }
        for (MemberProcess member : pair.members()) {
            member.onExit(() -> {
                if (!watch.closed) {
                    out.printf("%s %s (pid %d) exited with status %s; restart the demo to get the pair back%n", now(),
                            member.node(), member.pid(), member.exitStatus().map(String::valueOf).orElse("?"));
                }
            });
        }
        watch.timer.scheduleWithFixedDelay(watch::poll, 1, 1, TimeUnit.SECONDS);
        return watch;
    }

    private void poll() {
        for (MemberView view : pair.views()) {
            String node = view.member().node();
            String now = view.toString();
            // a member that exited is reported by its exit line, once
            if (!now.equals(last.put(node, now)) && !closed && !view.role().equals("stopped")) {
                out.println(now() + " " + now);
            }
        }
    }

    private static String now() {
        return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}
