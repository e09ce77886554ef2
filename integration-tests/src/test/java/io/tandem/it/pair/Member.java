package io.tandem.it.pair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.it.TandemProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One member of a test pair: its Tandem process and the ports it owns, with an admin API client
 * whose calls time out after 3 s (a frozen member answers nothing, and a test must not hang
 * on it). The admin token is the pair's; every member is configured with its hash.
 *
 * <p>Thread-safe: the HTTP client is; the process is driven by the test thread.
 */
public final class Member {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(3);

    private final String nodeId;
    private final int priority;
    private final int servicePort;
    private final int adminPort;
    private final int haPort;
    private final TandemProcess process;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ADMIN_TIMEOUT).build();

    Member(String nodeId, int priority, Path dir, int servicePort, int adminPort, int haPort, String token) {
        this.nodeId = nodeId;
        this.priority = priority;
        this.servicePort = servicePort;
        this.adminPort = adminPort;
        this.haPort = haPort;
        this.token = token;
        this.process = new TandemProcess(dir, servicePort);
    }

    /** An admin response: status and body, parsed as JSON when it is JSON. */
    public record AdminReply(int status, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    /** The role and epoch from {@code GET /api/v1/status}. */
    public record Status(String role, long epoch) {

        public boolean active() {
            return "active".equals(role);
        }

        public boolean standby() {
            return "standby".equals(role);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public int priority() {
        return priority;
    }

    public int servicePort() {
        return servicePort;
    }

    public URI serviceUrl() {
        return URI.create("http://127.0.0.1:" + servicePort);
    }

    public int adminPort() {
        return adminPort;
    }

    public int haPort() {
        return haPort;
    }

    public TandemProcess process() {
        return process;
    }

    /** Starts the process and waits until its admin listener accepts (it may still be deciding its role). */
    void start() throws IOException, InterruptedException {
        process.startAwaiting(adminPort);
    }

    /** {@code GET /api/v1/<path>} with the admin token. */
    public AdminReply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(adminUri(path)).GET());
    }

    /** {@code POST /api/v1/<path>} with the admin token and an empty body. */
    public AdminReply post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(adminUri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The member's role and epoch, or empty if it does not answer within 3 s (frozen, dead, starting). */
    public Optional<Status> status() {
        try {
            AdminReply reply = get("status");
            if (reply.status() != 200) {
                return Optional.empty();
            }
            JsonNode json = reply.json();
            return Optional.of(new Status(json.path("role").asText(), json.path("epoch").asLong()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public boolean isActive() {
        return status().map(Status::active).orElse(false);
    }

    public boolean isStandby() {
        return status().map(Status::standby).orElse(false);
    }

    /** How many members (itself included) {@code /ha/members} lists; -1 if it does not answer. */
    public int membersSeen() {
        try {
            AdminReply reply = get("ha/members");
            return reply.status() == 200 ? reply.json().path("members").size() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The status of {@code GET /api/v1/ready} (no token), or -1 without an answer. */
    public int readyStatus() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(adminUri("ready")).timeout(ADMIN_TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private AdminReply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(ADMIN_TIMEOUT)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return new AdminReply(response.statusCode(), response.body());
    }

    private URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + "/api/v1/" + path);
    }

    @Override
    public String toString() {
        return nodeId + "(priority " + priority + ", service " + servicePort + ", admin " + adminPort + ", ha " + haPort
                + ")";
    }
}
