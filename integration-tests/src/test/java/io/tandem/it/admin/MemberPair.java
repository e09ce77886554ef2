package io.tandem.it.admin;

import static org.awaitility.Awaitility.await;

import io.tandem.farm.MagentoFarm;
import io.tandem.session.KeyRing;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A shop farm in this JVM and an active-passive pair in front of it: member {@code a} (priority 1)
 * and member {@code b} (priority 2), each its own JVM with its own admin listener, both with the
 * same service port ({@code takeover: listener}: only the active one binds it), the same admin
 * token hashes and each its own key file holding the same ring. Started in order, so {@code a} is
 * active and {@code b} standby when {@link #start} returns.
 *
 * <p>Role checks use {@code GET /ready} (no token), so that no admin token has been seen by a
 * member before a test uses it.
 */
final class MemberPair implements AutoCloseable {

    static final Duration JOIN = Duration.ofSeconds(60);

    final MagentoFarm farm;
    final MemberProcess a;
    final MemberProcess b;
    final int servicePort;

    private MemberPair(MagentoFarm farm, MemberProcess a, MemberProcess b, int servicePort) {
        this.farm = farm;
        this.a = a;
        this.b = b;
        this.servicePort = servicePort;
    }

    static MemberPair start(Path root, int instances, KeyRing ring) throws IOException {
        MagentoFarm farm = MagentoFarm.start(instances);
        MemberProcess a = null;
        MemberProcess b = null;
        try {
            int service = MemberProcess.freePort();
            int haA = MemberProcess.freePort();
            int haB = MemberProcess.freePort();
            int adminA = MemberProcess.freePort();
            int adminB = MemberProcess.freePort();
            String group = "it-admin-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
            Path dirA = Files.createDirectories(root.resolve("a"));
            Path dirB = Files.createDirectories(root.resolve("b"));
            MemberYaml yamlA = new MemberYaml("a", service, adminA).pair(group, 1, haA, haB);
            MemberYaml yamlB = new MemberYaml("b", service, adminB).pair(group, 2, haB, haA);
            farm.instances().forEach(i -> {
                yamlA.backend(i.name(), i.baseUrl());
                yamlB.backend(i.name(), i.baseUrl());
            });
            yamlA.writeTo(dirA, ring);
            yamlB.writeTo(dirB, ring);
            a = new MemberProcess(dirA, service, adminA).start();
            awaitRole(a, "active", JOIN);
            a.awaitServing(Duration.ofSeconds(10));
            b = new MemberProcess(dirB, service, adminB).start();
            awaitRole(b, "standby", JOIN);
            MemberProcess first = a;
            await("a sees b in the pair").atMost(JOIN).pollInterval(Duration.ofMillis(200))
                    .until(() -> readyRole(first).equals("active") && membersSeen(first) == 2);
            return new MemberPair(farm, a, b, service);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(b);
            closeQuietly(a);
            farm.close();
            throw e;
        }
    }

    /** The role {@code GET /ready} reports: {@code active}, {@code standby}, or {@code down} without an answer. */
    static String readyRole(MemberProcess member) {
        try {
            HttpResponse<String> ready = member.admin().get("/ready", null);
            return AdminHttp.json(ready).path("role").asText("?");
        } catch (RuntimeException e) {
            return "down";
        }
    }

    static void awaitRole(MemberProcess member, String role, Duration atMost) {
        await(member + " becomes " + role).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> readyRole(member).equals(role));
    }

    /** Members in view (refused ones excluded), read with the read-only token. */
    private static int membersSeen(MemberProcess member) {
        return AdminHttp.json(AdminHttp.expect(member.admin().get("/ha/members", MemberYaml.VIEWER_TOKEN), 200))
                .path("members").size();
    }

    private static void closeQuietly(MemberProcess member) {
        if (member != null) {
            member.close();
        }
    }

    @Override
    public void close() {
        try {
            closeQuietly(b);
            closeQuietly(a);
        } finally {
            farm.close();
        }
    }
}
