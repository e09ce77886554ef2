package io.tandem.proxy.admin;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/** The key ring (ids and fingerprints only) and the steps of a two-phase rotation. */
final class KeyRoutes {

    static final int MIN_TIMEOUT_SECONDS = 5;
    static final int MAX_TIMEOUT_SECONDS = 3600;

    private final KeyControl keys;
    private final KeyRotation rotation;

    KeyRoutes(KeyControl keys, KeyRotation rotation) {
        this.keys = keys;
        this.rotation = rotation;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/keys", AdminRole.READ_ONLY, r -> Reply.ok(keys.keys())),
                Route.post("/keys/rotate", this::begin),
                Route.post("/keys/rotate/commit", r -> Reply.ok(step(rotation::commit))),
                Route.post("/keys/rotate/abort", r -> Reply.ok(step(rotation::abort))),
                Route.delete("/keys/{id}", this::retire));
    }

    /** {@code ?timeout_seconds=N}: how long the staged key waits for every member to accept it. */
    private Reply begin(AdminRequest request) {
        int timeout = request.intQuery("timeout_seconds", (int) KeyRotation.DEFAULT_ACCEPT_TIMEOUT.toSeconds(),
                MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
        return Reply.accepted(step(() -> rotation.begin(Duration.ofSeconds(timeout))));
    }

    private Reply retire(AdminRequest request) {
        String id = request.pathParameter("id");
        boolean found = step(() -> rotation.retire(id));
        if (!found) {
            throw ProblemException.notFound("key " + Texts.quote(id) + ": not in the key ring (see GET /api/v1/keys)");
        }
        return Reply.ok(keys.keys());
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T step(Step<T> step) {
        try {
            return step.run();
        } catch (KeyRotation.RotationRefused e) {
            ProblemException problem = ProblemException.conflict("rotation-refused", e.getMessage());
            throw e.waitingFor().isEmpty() ? problem : problem.with("waiting_for", e.waitingFor());
        } catch (UncheckedIOException e) {
            throw ProblemException.of(500, "key-store-failed", e.getMessage());
        }
    }
}
