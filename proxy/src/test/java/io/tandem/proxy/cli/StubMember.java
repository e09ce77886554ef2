package io.tandem.proxy.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A fake member's admin API on 127.0.0.1 (JDK HTTP server): {@code /status}, {@code /ha/members}
 * and {@code /ha/failover} of a pair whose members share one {@link Pair} state, so a failover
 * sent to the active stub makes its peer active at a higher epoch, as a real pair does. Any route
 * can be answered with a canned reply instead ({@link #reply}). Every request is recorded.
 */
final class StubMember implements AutoCloseable {

    static final String TOKEN = "tdm_stub-token-for-cli-tests-0123456789";

    /** The roles and epoch of a stub pair. */
    static final class Pair {
        final List<StubMember> members = new CopyOnWriteArrayList<>();
        volatile long epoch = 1;
        volatile boolean failoverAllowed = true;
    }

    final String node;
    final String haAddress;
    final Pair pair;
    volatile String role;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String[]> replies = new ConcurrentHashMap<>();
    private final HttpServer server;

    StubMember(Pair pair, String node, String role, String haAddress) throws IOException {
        this.pair = pair;
        this.node = node;
        this.role = role;
        this.haAddress = haAddress;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        pair.members.add(this);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} with this status and JSON body from now on. */
    StubMember reply(String method, String path, int status, String json) {
        replies.put(method + " " + path, new String[] {String.valueOf(status), json});
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(method + " " + path + (query == null ? "" : "?" + query));
        String route = method + " " + path.substring("/api/v1".length());
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, problem(401, "unauthorized", "the bearer token is not valid"));
            return;
        }
        String[] canned = replies.get(route);
        if (canned != null) {
            send(exchange, Integer.parseInt(canned[0]), canned[1]);
            return;
        }
        switch (route) {
            case "GET /status" -> send(exchange, 200, status());
            case "GET /ha/members" -> send(exchange, 200, "{\"members\":[" + pair.members.stream()
                    .map(m -> m.memberJson(m == this)).collect(Collectors.joining(",")) + "],\"refused\":[]}");
            case "POST /ha/failover" -> failover(exchange);
            default -> send(exchange, 404, problem(404, "not-found", "no route " + route));
        }
    }

    private void failover(HttpExchange exchange) throws IOException {
        List<StubMember> others = new ArrayList<>(pair.members);
        others.remove(this);
        if (!role.equals("active") || others.isEmpty() || !pair.failoverAllowed) {
            send(exchange, 409, problem(409, "failover-refused", role.equals("active")
                    ? "no standby member can take over from " + node : node + " is not the active member (role STANDBY)"));
            return;
        }
        StubMember to = others.get(0);
        send(exchange, 202, "{\"status\":\"accepted\",\"from\":\"" + node + "\",\"to\":\"" + to.node
                + "\",\"steps\":[\"" + node + " stops accepting connections\",\"" + to.node + " takes over\"]}");
        role = "standby";
        pair.epoch++;
        to.role = "active";
    }

    private String status() {
        return "{\"node\":\"" + node + "\",\"role\":\"" + role + "\",\"epoch\":" + pair.epoch
                + ",\"uptime_seconds\":3725,\"started_at\":\"2026-11-21T10:00:00.000Z\",\"version\":\"0.1.0\","
                + "\"config_digest\":\"cfg0123456789abcdef\",\"key_ring_fingerprint\":\"ring0123456789abcdef\","
                + "\"maintenance\":false,\"backends\":[{\"id\":\"web1\",\"url\":\"http://127.0.0.1:19001\",\"up\":true,"
                + "\"in_flight\":0},{\"id\":\"web2\",\"url\":\"http://127.0.0.1:19002\",\"up\":false,\"in_flight\":0}]}";
    }

    private String memberJson(boolean self) {
        return "{\"node\":\"" + node + "\",\"address\":\"" + haAddress + "\",\"role\":\"" + role + "\",\"epoch\":"
                + pair.epoch + ",\"priority\":5,\"self\":" + self + ",\"config_digest\":\"cfg0123456789abcdef\","
                + "\"key_ring_fingerprint\":\"ring0123456789abcdef\",\"started_at\":\"2026-11-21T10:00:00.000Z\"}";
    }

    static String problem(int status, String type, String detail) {
        return "{\"type\":\"urn:tandem:problem:" + type + "\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\""
                + detail + "\",\"instance\":\"/api/v1/x\",\"request_id\":\"0123456789abcdef\"}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
