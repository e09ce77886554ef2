package io.tandem.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys of {@code tandem.yaml}, their defaults and constraints: one method per section, in
 * the order of {@code docs/configuration.md}. Relations between keys are checked here too, and
 * only between values that are valid on their own, so one mistake is reported once.
 */
final class Schema {

    static final List<String> ROOT_KEYS =
            List.of("node", "listener", "backends", "pool", "session", "network", "access-log", "ha", "admin", "waf");
    static final List<String> NODE_KEYS = List.of("id");
    static final List<String> LISTENER_KEYS = List.of("address", "port", "io-threads");
    static final List<String> BACKEND_KEYS = List.of("id", "url");
    static final List<String> POOL_KEYS = List.of("balance", "max-connections-per-backend", "queue-size",
            "connect-timeout", "request-timeout", "retries", "health-check");
    static final List<String> HEALTH_CHECK_KEYS = List.of("path", "interval", "timeout", "rise", "fall");
    static final List<String> SESSION_KEYS = List.of("cookie-name", "idle-timeout", "max-lifetime",
            "renew-interval", "secure-cookie", "keys", "history");
    static final List<String> KEYS_KEYS = List.of("file", "env");
    static final List<String> HISTORY_KEYS = List.of("max-entries", "idle-expiry");
    static final List<String> NETWORK_KEYS = List.of("trusted-proxies");
    static final List<String> ACCESS_LOG_KEYS = List.of("enabled");
    static final List<String> ADMIN_KEYS = List.of("address", "port", "metrics-public", "tokens", "tls");
    static final List<String> TOKEN_KEYS = List.of("name", "role", "hash");
    static final List<String> TLS_KEYS = List.of("cert", "key", "self-signed");
    private static final Pattern ARGON2ID = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=[0-9]{1,7},t=[0-9]{1,2},p=[0-9]{1,2}\\$[A-Za-z0-9+/]{8,}={0,2}\\$[A-Za-z0-9+/]{16,}={0,2}");
    private static final String ARGON2ID_EXPECTED = "an Argon2id hash $argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>, "
            + "as printed by ./tandem hash-token";
    private static final Map<String, AdminConfig.Role> ADMIN_ROLE = Map.of(
            "admin", AdminConfig.Role.ADMIN, "read-only", AdminConfig.Role.READ_ONLY);
    static final List<String> HA_KEYS = List.of("group-id", "priority", "override", "bind", "peers",
            "heartbeat-interval", "lost-heartbeat-threshold", "takeover", "quorum", "witness");

    /** What the whole document must be; also used when the file is empty. */
    static final String ROOT_EXPECTED = "a mapping with at least listener and backends";

    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    static final String ID_EXPECTED = "an id of 1..32 characters A-Z a-z 0-9 _ . -";
    /** RFC 6265 cookie-name = RFC 2616 token: visible ASCII except separators. */
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HTTP_PATH = Pattern.compile("/[\\x21-\\x7e]*");
    private static final String URL_EXPECTED = "an http://host:port URL";
    private static final String MEMBER_ADDRESS_EXPECTED = "an IP address and port, as in 10.0.0.1:5701 or [fd00::1]:5701";
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    /** A pair, plus a witness, plus room for moving a member; more would be a different product. */
    private static final int MAX_PEERS = 8;

    private static final Map<String, HaConfig.Takeover> TAKEOVER = Map.of(
            "listener", HaConfig.Takeover.LISTENER,
            "load-balancer", HaConfig.Takeover.LOAD_BALANCER);
    private static final Map<String, HaConfig.Quorum> QUORUM = Map.of(
            "none", HaConfig.Quorum.NONE,
            "majority", HaConfig.Quorum.MAJORITY);

    private static final Map<String, PoolConfig.Balance> BALANCE = Map.of(
            "round-robin", PoolConfig.Balance.ROUND_ROBIN,
            "least-connections", PoolConfig.Balance.LEAST_CONNECTIONS);

    private final Binder b;

    Schema(Binder binder) {
        this.b = binder;
    }

    /** @return the configuration, meaningful only if no problem was reported; empty if the root is not a mapping */
    Optional<TandemConfig> bind(YamlNode tree) {
        return b.root(tree, ROOT_KEYS, ROOT_EXPECTED)
                .map(root -> new TandemConfig(node(root), listener(root), backends(root), pool(root),
                        session(root), network(root), accessLog(root), ha(root), admin(root), new WafSchema(b).waf(root)));
    }

    private NodeConfig node(Section root) {
        Section s = b.section(root, "node", NODE_KEYS);
        return new NodeConfig(b.string(s, "id", "tandem-1", ID, ID_EXPECTED));
    }

    private ListenerConfig listener(Section root) {
        Section s = b.section(root, "listener", LISTENER_KEYS);
        String address = b.optional(s, "address", "127.0.0.1", "an IP address or localhost", Schema::listenAddress);
        int port = b.requiredInteger(s, "port", 1, 65535);
        int ioThreads = b.integer(s, "io-threads", 0, 0, 64);
        return new ListenerConfig(address, port, ioThreads);
    }

    private List<BackendConfig> backends(Section root) {
        Map<String, String> idOwners = new HashMap<>();
        Map<URI, String> urlOwners = new HashMap<>();
        return b.mappings(root, "backends", BACKEND_KEYS, "a non-empty list of backends",
                "a mapping with url and optional id", (index, s) -> {
            String id = b.string(s, "id", "b" + (index + 1), ID, ID_EXPECTED);
            URI url = b.required(s, "url", null, URL_EXPECTED, Schema::backendUrl);
            String idOwner = b.valid(s, "id") ? idOwners.putIfAbsent(id, s.path()) : null;
            if (idOwner != null) {
                b.reject(s, "id", id, "a unique id; " + idOwner + " has it too");
            }
            String urlOwner = b.valid(s, "url") ? urlOwners.putIfAbsent(url, s.path()) : null;
            if (urlOwner != null) {
                b.reject(s, "url", url, "a unique url; " + urlOwner + " has it too");
            }
            return new BackendConfig(id, url);
        });
    }

    private PoolConfig pool(Section root) {
        Section s = b.section(root, "pool", POOL_KEYS);
        PoolConfig.Balance balance = b.optional(s, "balance", PoolConfig.Balance.ROUND_ROBIN,
                "one of round-robin, least-connections", Schema::balance);
        int maxConnections = b.integer(s, "max-connections-per-backend", 32, 1, 10_000);
        int queueSize = b.integer(s, "queue-size", 1000, 0, 100_000);
        Duration connectTimeout = b.duration(s, "connect-timeout", Duration.ofSeconds(2), Duration.ofMillis(1), Duration.ofSeconds(60));
        Duration requestTimeout = b.duration(s, "request-timeout", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(1));
        int retries = b.integer(s, "retries", 1, 0, 5);
        return new PoolConfig(balance, maxConnections, queueSize, connectTimeout, requestTimeout, retries, healthCheck(s));
    }

    private HealthCheckConfig healthCheck(Section pool) {
        Section s = b.section(pool, "health-check", HEALTH_CHECK_KEYS);
        String path = b.string(s, "path", "/", HTTP_PATH, "a path starting with /, without spaces");
        Duration interval = b.duration(s, "interval", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofHours(1));
        Duration timeout = b.duration(s, "timeout", Duration.ofSeconds(1), Duration.ofMillis(1), null);
        if (b.valid(s, "interval", "timeout") && timeout.compareTo(interval) >= 0) {
            b.reject(s, "timeout", timeout, "a duration shorter than " + s.pathOf("interval") + " (" + Durations.format(interval) + ")");
        }
        int rise = b.integer(s, "rise", 2, 1, 100);
        int fall = b.integer(s, "fall", 2, 1, 100);
        return new HealthCheckConfig(path, interval, timeout, rise, fall);
    }

    private SessionConfig session(Section root) {
        Section s = b.section(root, "session", SESSION_KEYS);
        String cookieName = b.string(s, "cookie-name", "cookiesession1", COOKIE_NAME,
                "a cookie name of 1..64 characters, no spaces or ()<>@,;:\\\"/[]?={}");
        Duration idle = b.duration(s, "idle-timeout", Duration.ofSeconds(1200), Duration.ofSeconds(10), Duration.ofDays(7));
        Duration maxLifetime = b.duration(s, "max-lifetime", Duration.ofHours(8), Duration.ofSeconds(1), Duration.ofDays(30));
        if (b.valid(s, "idle-timeout", "max-lifetime") && maxLifetime.compareTo(idle) <= 0) {
            b.reject(s, "max-lifetime", maxLifetime, "a duration longer than " + s.pathOf("idle-timeout") + " (" + Durations.format(idle) + ")");
        }
        Duration renew = b.duration(s, "renew-interval", Duration.ofSeconds(60), Duration.ofSeconds(1), null);
        if (b.valid(s, "idle-timeout", "renew-interval") && renew.compareTo(idle) >= 0) {
            b.reject(s, "renew-interval", renew, "a duration shorter than " + s.pathOf("idle-timeout") + " (" + Durations.format(idle) + ")");
        }
        boolean secureCookie = b.bool(s, "secure-cookie", false);
        return new SessionConfig(cookieName, idle, maxLifetime, renew, secureCookie, keys(s), history(s, idle));
    }

    /** Only where the key ring lives: secrets never sit in this file, so they never reach a problem message. */
    private KeysConfig keys(Section session) {
        Section s = b.section(session, "keys", KEYS_KEYS);
        String file = b.optional(s, "file", null, "a file path", Schema::filePath);
        String env = b.string(s, "env", null, ENV_NAME, "an environment variable name [A-Za-z_][A-Za-z0-9_]*");
        if (file != null && env != null) {
            b.rejectSection(s, "(both file and env)", "at most one of file, env");
        }
        return new KeysConfig(file, env);
    }

    private HistoryConfig history(Section session, Duration idle) {
        Section s = b.section(session, "history", HISTORY_KEYS);
        long maxEntries = b.longInteger(s, "max-entries", 100_000, 1, 100_000_000);
        Duration idleExpiry = b.duration(s, "idle-expiry", idle, Duration.ofSeconds(1), null);
        return new HistoryConfig(maxEntries, idleExpiry);
    }

    private NetworkConfig network(Section root) {
        Section s = b.section(root, "network", NETWORK_KEYS);
        return new NetworkConfig(b.scalars(s, "trusted-proxies", "a list of IP addresses or CIDRs",
                "an IP address or CIDR", Cidr::parseWithExpectation));
    }

    private AccessLogConfig accessLog(Section root) {
        Section s = b.section(root, "access-log", ACCESS_LOG_KEYS);
        return new AccessLogConfig(b.bool(s, "enabled", true));
    }

    /** Absent or empty: a standalone member. Present: group-id, bind and peers are required. */
    private HaConfig ha(Section root) {
        Section s = b.section(root, "ha", HA_KEYS);
        if (s.isEmpty()) {
            return HaConfig.standalone();
        }
        String groupId = b.required(s, "group-id", "", ID_EXPECTED, Schema::id);
        int priority = b.integer(s, "priority", HaConfig.DEFAULT_PRIORITY, 0, 255);
        boolean override = b.bool(s, "override", false);
        HaConfig.MemberAddress bind = b.required(s, "bind", null, MEMBER_ADDRESS_EXPECTED, Schema::memberAddress);
        HaConfig.MemberAddress self = b.valid(s, "bind") ? bind : null;
        List<HaConfig.MemberAddress> peers = b.requiredDistinctScalars(s, "peers", MAX_PEERS,
                "a list of 1.." + MAX_PEERS + " member addresses", MEMBER_ADDRESS_EXPECTED, "address",
                text -> peerAddress(text, self, s.pathOf("bind")));
        Duration interval = b.duration(s, "heartbeat-interval", HaConfig.DEFAULT_HEARTBEAT_INTERVAL,
                Duration.ofMillis(100), Duration.ofSeconds(10));
        int threshold = b.integer(s, "lost-heartbeat-threshold", HaConfig.DEFAULT_LOST_HEARTBEAT_THRESHOLD, 1, 60);
        HaConfig.Takeover takeover = b.optional(s, "takeover", HaConfig.Takeover.LISTENER,
                "one of listener, load-balancer", text -> keyword(TAKEOVER, text, "one of listener, load-balancer"));
        HaConfig.Quorum quorum = b.optional(s, "quorum", HaConfig.Quorum.NONE,
                "one of none, majority", text -> keyword(QUORUM, text, "one of none, majority"));
        // With two members a majority is both of them: neither could ever take over from a dead peer.
        if (quorum == HaConfig.Quorum.MAJORITY && b.valid(s, "quorum", "peers") && peers.size() < 2) {
            b.reject(s, "quorum", "majority", "none with 2 members; majority needs 3 or more configured members,"
                    + " e.g. a witness in " + s.pathOf("peers"));
        }
        boolean witness = b.bool(s, "witness", false);
        if (bind == null || peers.isEmpty()) {
            return HaConfig.standalone(); // only after a reported problem: the result is discarded
        }
        return new HaConfig(true, groupId, priority, override, bind, peers, interval, threshold, takeover, quorum, witness);
    }

    private AdminConfig admin(Section root) {
        Section s = b.section(root, "admin", ADMIN_KEYS);
        if (s.isEmpty()) {
            return AdminConfig.disabled();
        }
        String address = b.optional(s, "address", "127.0.0.1", "an IP address or localhost", Schema::listenAddress);
        int port = b.integer(s, "port", AdminConfig.DEFAULT_PORT, 1, 65535);
        if (b.valid(s, "port") && port == listenerPort(root)) {
            b.reject(s, "port", port, "a port other than listener.port");
        }
        boolean metricsPublic = b.bool(s, "metrics-public", false);
        Map<String, String> nameOwners = new HashMap<>();
        List<AdminConfig.Token> tokens = s.entry("tokens") == null ? List.of()
                : b.mappings(s, "tokens", TOKEN_KEYS, "a list of tokens", "a mapping with name, role and hash",
                        (index, t) -> {
                    String name = b.required(t, "name", "", ID_EXPECTED, Schema::id);
                    String owner = b.valid(t, "name") ? nameOwners.putIfAbsent(name, t.path()) : null;
                    if (owner != null) {
                        b.reject(t, "name", name, "a unique name; " + owner + " has it too");
                    }
                    AdminConfig.Role role = b.required(t, "role", AdminConfig.Role.READ_ONLY, "one of admin, read-only",
                            text -> keyword(ADMIN_ROLE, text, "one of admin, read-only"));
                    String hash = b.required(t, "hash", "", ARGON2ID_EXPECTED, Schema::argon2id);
                    return new AdminConfig.Token(name, role, hash);
                });
        AdminConfig.Tls tls = null;
        Section t = b.section(s, "tls", TLS_KEYS);
        if (!t.isEmpty()) {
            String cert = b.optional(t, "cert", null, "a file path", Schema::filePath);
            String key = b.optional(t, "key", null, "a file path", Schema::filePath);
            boolean selfSigned = b.bool(t, "self-signed", false);
            if (selfSigned == (cert != null || key != null) || (cert == null) != (key == null)) {
                b.rejectSection(t, "(" + (selfSigned ? "self-signed with cert/key" : "incomplete") + ")",
                        "either cert and key, or self-signed: true");
            }
            tls = new AdminConfig.Tls(cert, key, selfSigned);
        }
        return new AdminConfig(true, address, port, metricsPublic, tokens, tls);
    }

    /** The service port as written, or -1 when it is missing or not a number (reported elsewhere). */
    private static int listenerPort(Section root) {
        YamlNode.Entry listener = root.entry("listener");
        if (listener != null && listener.value() instanceof YamlNode.Mapping mapping) {
            for (YamlNode.Entry entry : mapping.entries()) {
                if (entry.key().equals("port") && entry.value() instanceof YamlNode.Scalar scalar) {
                    try {
                        return Integer.parseInt(scalar.text());
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    private static String argon2id(String text) {
        if (!ARGON2ID.matcher(text).matches()) {
            throw new IllegalArgumentException(ARGON2ID_EXPECTED);
        }
        return text;
    }

    // ---- value parsers: throw IllegalArgumentException whose message is the expectation

    private static String listenAddress(String text) {
        if (!text.equals("localhost")) {
            IpLiterals.parse(text, "an IP address or localhost");
        }
        return text;
    }

    static String id(String text) {
        if (!ID.matcher(text).matches()) {
            throw new IllegalArgumentException(ID_EXPECTED);
        }
        return text;
    }

    static <T> T keyword(Map<String, T> keywords, String text, String expected) {
        T value = keywords.get(text);
        if (value == null) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }

    /**
     * {@code a.b.c.d:port} or {@code [v6]:port}. A wildcard address is refused: Hazelcast must
     * listen on one interface only, never on all of them.
     */
    private static HaConfig.MemberAddress memberAddress(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException(MEMBER_ADDRESS_EXPECTED);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(MEMBER_ADDRESS_EXPECTED);
            }
            if (text.indexOf(':') != colon) {
                throw new IllegalArgumentException("an IPv6 address in brackets, as in [fd00::1]:5701");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        byte[] address = IpLiterals.unmapped(IpLiterals.parse(host, MEMBER_ADDRESS_EXPECTED));
        boolean wildcard = true;
        for (byte octet : address) {
            wildcard &= octet == 0;
        }
        if (wildcard) {
            throw new IllegalArgumentException("a specific IP address, not 0.0.0.0 or ::");
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("a port 1..65535");
        }
        return new HaConfig.MemberAddress(IpLiterals.format(address), Integer.parseInt(port));
    }

    /** @param bind this member's address, or {@code null} if it is itself invalid (then nothing is compared) */
    private static HaConfig.MemberAddress peerAddress(String text, HaConfig.MemberAddress bind, String bindPath) {
        HaConfig.MemberAddress peer = memberAddress(text);
        if (bind != null && peer.equals(bind)) {
            throw new IllegalArgumentException("another member's address, not this member's " + bindPath);
        }
        if (bind != null && peer.isIpv6() != bind.isIpv6()) {
            throw new IllegalArgumentException((bind.isIpv6() ? "an IPv6" : "an IPv4") + " address, like " + bindPath);
        }
        return peer;
    }

    private static PoolConfig.Balance balance(String text) {
        PoolConfig.Balance balance = BALANCE.get(text);
        if (balance == null) {
            throw new IllegalArgumentException("one of round-robin, least-connections");
        }
        return balance;
    }

    private static String filePath(String text) {
        if (text.isBlank() || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a file path");
        }
        return text;
    }

    /**
     * Normalized to {@code http://host:port} (lower-case host, explicit port) so that two
     * spellings of one backend are caught as duplicates. The host is not resolved here.
     */
    private static URI backendUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL_EXPECTED, e);
        }
        String scheme = uri.getScheme();
        if ("https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("http (https to backends is not supported yet)");
        }
        if (!"http".equalsIgnoreCase(scheme) || uri.isOpaque()) {
            throw new IllegalArgumentException(URL_EXPECTED);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("no user info, only http://host:port");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a host name or IP address, as in http://host:port");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("no path, only http://host:port");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("no query or fragment, only http://host:port");
        }
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port 1..65535");
        }
        return URI.create("http://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
    }
}
