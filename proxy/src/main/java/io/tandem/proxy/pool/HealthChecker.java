package io.tandem.proxy.pool;

import io.tandem.config.HealthCheckConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Active HTTP health check: every {@code interval} each backend gets a {@code GET path}; a 2xx or 3xx
 * answer within {@code timeout} is a success. {@code fall} consecutive failures take an up backend
 * down, {@code rise} consecutive successes bring a down one back, as in HAProxy. A backend taken down
 * by a failed connection (see {@link Backend}) also needs {@code rise} successes.
 *
 * <p>Runs on one daemon thread of its own plus the JDK HTTP client's (daemon) threads; never on
 * Undertow's IO threads.
 */
final class HealthChecker implements AutoCloseable {

    private final HealthCheckConfig config;
    private final List<Backend> backends;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;

    HealthChecker(HealthCheckConfig config, List<Backend> backends) {
        this.config = config;
        this.backends = List.copyOf(backends);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tandem-health");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout())
                // Not the scheduler: its one thread waits for the response, so the client's
                // completions must run elsewhere or every probe would time out.
                .build();
    }

    void start() {
        long interval = config.interval().toMillis();
        for (Backend backend : backends) {
            Probe probe = new Probe(backend);
            scheduler.scheduleWithFixedDelay(probe, 0, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** The check of one backend; only ever run on the scheduler thread, so its counters need no locks. */
    private final class Probe implements Runnable {
        private final Backend backend;
        private final HttpRequest request;
        private int successes;
        private int failures;

        Probe(Backend backend) {
            this.backend = backend;
            URI base = backend.uri();
            this.request = HttpRequest.newBuilder(base.resolve(config.path()))
                    .timeout(config.timeout())
                    .header("User-Agent", "tandem-health-check")
                    .GET()
                    .build();
        }

        @Override
        public void run() {
            String failure;
            try {
                HttpResponse<Void> response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .get(config.timeout().toMillis() + 100, TimeUnit.MILLISECONDS);
                int status = response.statusCode();
                failure = status >= 200 && status < 400 ? null : "status " + status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failure = cause.getClass().getSimpleName()
                        + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
            }
            record(failure);
        }

        private void record(String failure) {
            if (failure == null) {
                failures = 0;
                if (!backend.isUp() && ++successes >= config.rise()) {
                    backend.setUp(true, "health check passed " + successes + " times");
                }
            } else {
                successes = 0;
                if (backend.isUp() && ++failures >= config.fall()) {
                    backend.setUp(false, "health check failed " + failures + " times, last: " + failure);
                }
            }
        }
    }

}
