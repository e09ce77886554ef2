package io.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            listener:
              port: 8080
            backends:
              - url: http://127.0.0.1:9001
            """;

    @Test
    void parse_minimalFile_appliesEveryDefault() throws ConfigException {
        TandemConfig c = ConfigLoader.parse(MINIMAL, "tandem.yaml");

        assertThat(c.node().id()).isEqualTo("tandem-1");
        assertThat(c.listener().address()).isEqualTo("127.0.0.1");
        assertThat(c.listener().port()).isEqualTo(8080);
        assertThat(c.listener().ioThreads()).isZero();
        assertThat(c.backends()).containsExactly(new BackendConfig("b1", URI.create("http://127.0.0.1:9001")));

        PoolConfig pool = c.pool();
        assertThat(pool.balance()).isEqualTo(PoolConfig.Balance.ROUND_ROBIN);
        assertThat(pool.maxConnectionsPerBackend()).isEqualTo(32);
        assertThat(pool.queueSize()).isEqualTo(1000);
        assertThat(pool.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(pool.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pool.retries()).isEqualTo(1);
        assertThat(pool.healthCheck()).isEqualTo(
                new HealthCheckConfig("/", Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 2));

        SessionConfig session = c.session();
        assertThat(session.cookieName()).isEqualTo("cookiesession1");
        assertThat(session.idleTimeout()).isEqualTo(Duration.ofSeconds(1200));
        assertThat(session.maxLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(session.renewInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(session.secureCookie()).isFalse();
        assertThat(session.keys()).isEqualTo(new KeysConfig(null, null));
        assertThat(session.keys().isEphemeral()).isTrue();
        assertThat(session.history()).isEqualTo(new HistoryConfig(100_000, Duration.ofSeconds(1200)));

        assertThat(c.network().trustedProxies()).isEmpty();
        assertThat(c.accessLog().enabled()).isTrue();
        assertThat(c.ha()).isEqualTo(HaConfig.standalone());
    }

    @Test
    void parse_fullFile_bindsEveryKey() throws ConfigException {
        TandemConfig c = ConfigLoader.parse("""
                node:
                  id: edge-a
                listener:
                  address: "::"
                  port: 8443
                  io-threads: 8
                backends:
                  - id: app1
                    url: http://10.0.0.11:8080
                  - id: app2
                    url: HTTP://App2.Internal/
                  - url: http://[2001:db8::7]:81
                pool:
                  balance: least-connections
                  max-connections-per-backend: 64
                  queue-size: 0
                  connect-timeout: 500ms
                  request-timeout: 2m
                  retries: 0
                  health-check:
                    path: /healthz?full=1
                    interval: 5s
                    timeout: 1500ms
                    rise: 3
                    fall: 5
                session:
                  cookie-name: TANDEM_SID
                  idle-timeout: 15m
                  max-lifetime: 1d
                  renew-interval: 30
                  secure-cookie: true
                  keys:
                    env: TANDEM_KEYS
                  history:
                    max-entries: 5000
                    idle-expiry: 1h
                network:
                  trusted-proxies:
                    - 10.0.0.0/8
                    - 2001:db8::/32
                    - 192.168.1.7
                access-log:
                  enabled: false
                """, "full.yaml");

        assertThat(c.node()).isEqualTo(new NodeConfig("edge-a"));
        assertThat(c.listener()).isEqualTo(new ListenerConfig("::", 8443, 8));
        assertThat(c.backends()).containsExactly(
                new BackendConfig("app1", URI.create("http://10.0.0.11:8080")),
                new BackendConfig("app2", URI.create("http://app2.internal:80")),
                new BackendConfig("b3", URI.create("http://[2001:db8::7]:81")));
        assertThat(c.pool()).isEqualTo(new PoolConfig(PoolConfig.Balance.LEAST_CONNECTIONS, 64, 0,
                Duration.ofMillis(500), Duration.ofMinutes(2), 0,
                new HealthCheckConfig("/healthz?full=1", Duration.ofSeconds(5), Duration.ofMillis(1500), 3, 5)));
        assertThat(c.session()).isEqualTo(new SessionConfig("TANDEM_SID", Duration.ofMinutes(15), Duration.ofDays(1),
                Duration.ofSeconds(30), true, new KeysConfig(null, "TANDEM_KEYS"),
                new HistoryConfig(5000, Duration.ofHours(1))));
        assertThat(c.network().trustedProxies()).containsExactly(
                Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"), Cidr.parse("192.168.1.7/32"));
        assertThat(c.accessLog()).isEqualTo(new AccessLogConfig(false));
    }

    @Test
    void parse_keysFromFile_andHistoryExpiryFollowsIdleTimeout() throws ConfigException {
        TandemConfig c = ConfigLoader.parse(MINIMAL + """
                session:
                  idle-timeout: 30m
                  keys:
                    file: /etc/tandem/keyring
                """, "tandem.yaml");

        assertThat(c.session().keys()).isEqualTo(new KeysConfig("/etc/tandem/keyring", null));
        assertThat(c.session().history().idleExpiry()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void parse_valuesMeanTheirTextWhateverTheQuotingOrYamlType() throws ConfigException {
        TandemConfig c = ConfigLoader.parse("""
                node:
                  id: 010
                listener:
                  port: "8080"
                backends:
                  - id: no
                    url: http://127.0.0.1:9001
                  - id: 1e3
                    url: http://127.0.0.1:9002
                session:
                  idle-timeout: '600'
                """, "tandem.yaml");

        assertThat(c.node().id()).isEqualTo("010");
        assertThat(c.listener().port()).isEqualTo(8080);
        assertThat(c.backends()).extracting(BackendConfig::id).containsExactly("no", "1e3");
        assertThat(c.session().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void parse_aliasesAreResolved() throws ConfigException {
        TandemConfig c = ConfigLoader.parse(MINIMAL + """
                session:
                  idle-timeout: &idle 30m
                  history:
                    idle-expiry: *idle
                """, "tandem.yaml");

        assertThat(c.session().history().idleExpiry()).isEqualTo(Duration.ofMinutes(30));
    }

    /** Guards "report every problem at once": one pass must find all of these, in line order, with exact texts. */
    @Test
    void parse_manyMistakes_areAllReportedInOneException() {
        String yaml = """
                node:
                  id: edge-1
                listener:
                  port: 70000
                  io-threads: many
                backends:
                  - id: web
                    url: http://10.0.0.1:8080
                  - id: web
                    url: https://10.0.0.2:8443
                  - url: http://user:pw@10.0.0.3
                  - http://10.0.0.4:8080
                  - id: api
                  - url: http://10.0.0.1:8080/
                pool:
                  retries: -5
                  connect-timeout: 2 seconds
                  health-check: [path, /health]
                session:
                  cookie-nam: sid
                  idle-timeout: 30m
                  max-lifetime: 20m
                  secure-cookie: yes
                  keys:
                    file: /etc/tandem/keys
                    env: TANDEM_KEYS
                network:
                  trusted-proxies:
                    - 10.0.0.0/8
                    - 192.168.1.10/24
                    - proxy.example.com
                    - 10.0.0.0/33
                access-log: true
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "tandem.yaml"));

        assertThat(e.getMessage()).isEqualTo("""
                tandem.yaml: 19 problems
                tandem.yaml:4: listener.port: 70000 (expected: an integer 1..65535)
                tandem.yaml:5: listener.io-threads: many (expected: an integer 0..64)
                tandem.yaml:9: backends[1].id: web (expected: a unique id; backends[0] has it too)
                tandem.yaml:10: backends[1].url: https://10.0.0.2:8443 (expected: http (https to backends is not supported yet))
                tandem.yaml:11: backends[2].url: http://***@10.0.0.3 (expected: no user info, only http://host:port)
                tandem.yaml:12: backends[3]: http://10.0.0.4:8080 (expected: a mapping with url and optional id)
                tandem.yaml:13: backends[4].url: (missing) (expected: an http://host:port URL)
                tandem.yaml:14: backends[5].url: http://10.0.0.1:8080/ (expected: a unique url; backends[0] has it too)
                tandem.yaml:16: pool.retries: -5 (expected: an integer 0..5)
                tandem.yaml:17: pool.connect-timeout: 2 seconds (expected: a duration 1ms..1m; units ms, s, m, h, d)
                tandem.yaml:18: pool.health-check: (a list) (expected: a mapping of path, interval, timeout, rise, fall)
                tandem.yaml:20: session.cookie-nam: (unknown key) (expected: one of cookie-name, idle-timeout, \
                max-lifetime, renew-interval, secure-cookie, keys, history; did you mean 'cookie-name'?)
                tandem.yaml:22: session.max-lifetime: 20m (expected: a duration longer than session.idle-timeout (30m))
                tandem.yaml:23: session.secure-cookie: yes (expected: true or false)
                tandem.yaml:24: session.keys: (both file and env) (expected: at most one of file, env)
                tandem.yaml:30: network.trusted-proxies[1]: 192.168.1.10/24 (expected: no host bits set, like 192.168.1.0/24)
                tandem.yaml:31: network.trusted-proxies[2]: proxy.example.com (expected: an IP address, not a host name)
                tandem.yaml:32: network.trusted-proxies[3]: 10.0.0.0/33 (expected: a prefix length 0..32 for IPv4)
                tandem.yaml:33: access-log: true (expected: a mapping of enabled)""");
        assertThat(e.problems()).hasSize(19);
        assertThat(e.problems().get(0)).isEqualTo(
                new ConfigProblem("tandem.yaml", 4, "listener.port", "70000", "an integer 1..65535"));
        assertThat(e.getMessage()).doesNotContain("pw@");
    }

    /** Each line: a whole YAML file (\n for newlines) and the one problem it must produce. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # required keys: a missing key is reported at the line of the mapping that should hold it
            backends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:1: listener.port: (missing) (expected: an integer 1..65535)
            listener:\\n  address: 0.0.0.0\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:1: listener.port: (missing) (expected: an integer 1..65535)
            listener:\\n  port: 8080 | tandem.yaml:1: backends: (missing) (expected: a non-empty list of backends)
            listener:\\n  port: 8080\\nbackends: [] | tandem.yaml:3: backends: (empty list) (expected: a non-empty list of backends)
            listener:\\n  port: 8080\\nbackends: | tandem.yaml:3: backends: (empty) (expected: a non-empty list of backends)
            listener:\\n  port: 8080\\nbackends: http://127.0.0.1:9001 | tandem.yaml:3: backends: http://127.0.0.1:9001 (expected: a non-empty list of backends)
            listener:\\n  port: 8080\\nbackends:\\n  - id: b1\\n  - url: http://127.0.0.1:9001 | tandem.yaml:4: backends[0].url: (missing) (expected: an http://host:port URL)
            # wrong types are problems, not exceptions
            listener: 8080\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:1: listener: 8080 (expected: a mapping of address, port, io-threads)
            listener:\\n  port: [8080]\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:2: listener.port: (a list) (expected: an integer 1..65535)
            listener:\\n  port:\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:2: listener.port: (empty) (expected: an integer 1..65535)
            listener:\\n  port: 80.5\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:2: listener.port: 80.5 (expected: an integer 1..65535)
            listener:\\n  port: 0x1F90\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:2: listener.port: 0x1F90 (expected: an integer 1..65535)
            listener:\\n  port: 99999999999999999999\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:2: listener.port: 99999999999999999999 (expected: an integer 1..65535)
            listener:\\n  port: 8080\\n  port: 8081\\nbackends:\\n  - url: http://127.0.0.1:9001 | tandem.yaml:3: listener.port: 8081 (expected: each key once; first set at line 2)
            """)
    void parse_structuralMistake_oneExactProblem(String snippet, String expected) {
        assertThat(problemLines(snippet.replace("\\n", "\n") + "\n")).containsExactly(expected);
    }

    /** Each line: a YAML snippet appended to the minimal file (so it starts at line 5) and its one problem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            node:\\n  id: edge 1 | tandem.yaml:6: node.id: edge 1 (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)
            node:\\n  id: abcdefghijabcdefghijabcdefghijabc | tandem.yaml:6: node.id: abcdefghijabcdefghijabcdefghijabc (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)
            listeners:\\n  port: 8081 | tandem.yaml:5: listeners: (unknown key) (expected: one of node, listener, backends, pool, session, network, access-log, ha, admin, waf; did you mean 'listener'?)
            pool:\\n  balance: random | tandem.yaml:6: pool.balance: random (expected: one of round-robin, least-connections)
            pool:\\n  max-connections-per-backend: 0 | tandem.yaml:6: pool.max-connections-per-backend: 0 (expected: an integer 1..10000)
            pool:\\n  queue-size: 100001 | tandem.yaml:6: pool.queue-size: 100001 (expected: an integer 0..100000)
            pool:\\n  connect-timeout: 61s | tandem.yaml:6: pool.connect-timeout: 61s (expected: a duration 1ms..1m)
            pool:\\n  request-timeout: 0 | tandem.yaml:6: pool.request-timeout: 0 (expected: a duration 1ms..1h)
            pool:\\n  request-timeout: -5s | tandem.yaml:6: pool.request-timeout: -5s (expected: a duration 1ms..1h; units ms, s, m, h, d)
            pool:\\n  health-check:\\n    path: health | tandem.yaml:7: pool.health-check.path: health (expected: a path starting with /, without spaces)
            pool:\\n  health-check:\\n    interval: 50ms | tandem.yaml:7: pool.health-check.interval: 50ms (expected: a duration 100ms..1h)
            pool:\\n  health-check:\\n    timeout: 2s | tandem.yaml:7: pool.health-check.timeout: 2s (expected: a duration shorter than pool.health-check.interval (2s))
            pool:\\n  health-check:\\n    interval: 500ms | tandem.yaml:6: pool.health-check.timeout: (default 1s) (expected: a duration shorter than pool.health-check.interval (500ms))
            pool:\\n  health-check:\\n    rise: 0 | tandem.yaml:7: pool.health-check.rise: 0 (expected: an integer 1..100)
            pool:\\n  health-check:\\n    fall: 101 | tandem.yaml:7: pool.health-check.fall: 101 (expected: an integer 1..100)
            pool:\\n  health-check:\\n    timeout-ms: 500 | tandem.yaml:7: pool.health-check.timeout-ms: (unknown key) (expected: one of path, interval, timeout, rise, fall; did you mean 'timeout'?)
            session:\\n  cookie-name: my session | tandem.yaml:6: session.cookie-name: my session (expected: a cookie name of 1..64 characters, no spaces or ()<>@,;:\\"/[]?={})
            session:\\n  cookie-name: sid=1 | tandem.yaml:6: session.cookie-name: sid=1 (expected: a cookie name of 1..64 characters, no spaces or ()<>@,;:\\"/[]?={})
            session:\\n  idle-timeout: 5s | tandem.yaml:6: session.idle-timeout: 5s (expected: a duration 10s..7d)
            session:\\n  idle-timeout: 10h | tandem.yaml:5: session.max-lifetime: (default 8h) (expected: a duration longer than session.idle-timeout (10h))
            session:\\n  max-lifetime: 31d | tandem.yaml:6: session.max-lifetime: 31d (expected: a duration 1s..30d)
            session:\\n  max-lifetime: 20m | tandem.yaml:6: session.max-lifetime: 20m (expected: a duration longer than session.idle-timeout (20m))
            session:\\n  renew-interval: 500ms | tandem.yaml:6: session.renew-interval: 500ms (expected: a duration >= 1s)
            session:\\n  renew-interval: 20m | tandem.yaml:6: session.renew-interval: 20m (expected: a duration shorter than session.idle-timeout (20m))
            session:\\n  idle-timeout: 1m | tandem.yaml:5: session.renew-interval: (default 1m) (expected: a duration shorter than session.idle-timeout (1m))
            session:\\n  secure-cookie: True | tandem.yaml:6: session.secure-cookie: True (expected: true or false)
            session:\\n  keys:\\n    env: 1KEYS | tandem.yaml:7: session.keys.env: 1KEYS (expected: an environment variable name [A-Za-z_][A-Za-z0-9_]*)
            session:\\n  keys:\\n    file: '' | tandem.yaml:7: session.keys.file: "" (expected: a file path)
            session:\\n  keys:\\n    secret: c2VjcmV0LXZhbHVl | tandem.yaml:7: session.keys.secret: (unknown key) (expected: one of file, env)
            session:\\n  history:\\n    max-entries: 0 | tandem.yaml:7: session.history.max-entries: 0 (expected: an integer 1..100000000)
            session:\\n  history:\\n    idle-expiry: 0s | tandem.yaml:7: session.history.idle-expiry: 0s (expected: a duration >= 1s)
            network:\\n  trusted-proxies: 10.0.0.0/8 | tandem.yaml:6: network.trusted-proxies: 10.0.0.0/8 (expected: a list of IP addresses or CIDRs)
            network:\\n  trusted-proxies:\\n    - {cidr: 10.0.0.0/8} | tandem.yaml:7: network.trusted-proxies[0]: (a mapping) (expected: an IP address or CIDR)
            access-log:\\n  enabled: on | tandem.yaml:6: access-log.enabled: on (expected: true or false)
            """)
    void parse_oneKeyMistake_oneExactProblem(String snippet, String expected) {
        assertThat(problemLines(MINIMAL + snippet.replace("\\n", "\n") + "\n")).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://10.0.0.1             | http://10.0.0.1:80
            http://10.0.0.1:8080/       | http://10.0.0.1:8080
            HTTP://App.Example:8080     | http://app.example:8080
            http://[::1]:9001           | http://[::1]:9001
            """)
    void parse_backendUrl_isNormalized(String url, String normalized) throws ConfigException {
        TandemConfig c = ConfigLoader.parse("listener:\n  port: 8080\nbackends:\n  - url: " + url + "\n", "t.yaml");
        assertThat(c.backends().get(0).url()).isEqualTo(URI.create(normalized));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            https://10.0.0.1            | http (https to backends is not supported yet)
            ftp://10.0.0.1              | an http://host:port URL
            10.0.0.1:8080               | an http://host:port URL
            localhost:8080              | an http://host:port URL
            http://10.0.0.1:8080/app    | no path, only http://host:port
            http://10.0.0.1:8080?x=1    | no query or fragment, only http://host:port
            http://10.0.0.1:8080#top    | no query or fragment, only http://host:port
            http://10.0.0.1:0           | a port 1..65535
            http://10.0.0.1:65536       | a port 1..65535
            http://bad_host:80          | a host name or IP address, as in http://host:port
            http:///path                | a host name or IP address, as in http://host:port
            http://10.0.0.1:80 80       | an http://host:port URL
            """)
    void parse_backendUrl_rejects(String url, String expected) {
        assertThat(problemLines("listener:\n  port: 8080\nbackends:\n  - url: " + url + "\n"))
                .containsExactly("tandem.yaml:4: backends[0].url: " + url + " (expected: " + expected + ")");
    }

    @Test
    void parse_invalidIdleTimeout_doesNotAlsoFailTheKeysComparedWithIt() {
        assertThat(problemLines(MINIMAL + "session:\n  idle-timeout: 5s\n  max-lifetime: 1m\n  renew-interval: 2m\n"))
                .containsExactly("tandem.yaml:6: session.idle-timeout: 5s (expected: a duration 10s..7d)");
    }

    @Test
    void parse_duplicateDefaultId_namesBothBackends() {
        assertThat(problemLines("""
                listener:
                  port: 8080
                backends:
                  - id: b2
                    url: http://127.0.0.1:9001
                  - url: http://127.0.0.1:9002
                """)).containsExactly(
                "tandem.yaml:6: backends[1].id: (default b2) (expected: a unique id; backends[0] has it too)");
    }

    @Test
    void parse_valuesAreShownOnOneLineAndShortened() {
        assertThat(problemLines(MINIMAL + "node:\n  id: |\n    a\n    b\n")).containsExactly(
                "tandem.yaml:6: node.id: a\\nb\\n (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)");
        assertThat(problemLines(MINIMAL + "node:\n  id: " + "x".repeat(100) + "\n")).containsExactly(
                "tandem.yaml:6: node.id: " + "x".repeat(77) + "... (expected: an id of 1..32 characters A-Z a-z 0-9 _ . -)");
    }

    // ---- whole-file problems: exactly one each

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | tandem.yaml:1: (root): (empty) (expected: a mapping with at least listener and backends)
            '# nothing but a comment'   | tandem.yaml:1: (root): (empty) (expected: a mapping with at least listener and backends)
            '~'                         | tandem.yaml:1: (root): (empty) (expected: a mapping with at least listener and backends)
            just some text              | tandem.yaml:1: (root): just some text (expected: a mapping with at least listener and backends)
            '- listener'                | tandem.yaml:1: (root): (a list) (expected: a mapping with at least listener and backends)
            """)
    void parse_fileWithoutAMapping_givesOneProblem(String yaml, String expected) {
        assertThat(problemLines(yaml)).containsExactly(expected);
    }

    @Test
    void parse_emptyFile_messageHasSingularHeader() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("", "tandem.yaml"));
        assertThat(e.getMessage()).isEqualTo("""
                tandem.yaml: 1 problem
                tandem.yaml:1: (root): (empty) (expected: a mapping with at least listener and backends)""");
        assertThat(e.source()).isEqualTo("tandem.yaml");
    }

    @Test
    void parse_yamlSyntaxError_givesOneProblemAtItsLine() {
        assertThat(problemLines("listener:\n  port: 8080\n\tbackends: []\n")).containsExactly(
                "tandem.yaml:3: (yaml): while scanning for the next token, found character '\\t(TAB)' that cannot start"
                        + " any token. (Do not use \\t(TAB) for indentation) (expected: valid YAML)");
        assertThat(problemLines("listener:\n  port: [8080\nbackends: []\n")).containsExactly(
                "tandem.yaml:3: (yaml): while parsing a flow sequence at line 2, expected ',' or ']', but got :"
                        + " (expected: valid YAML)");
        assertThat(problemLines("listener: {port: 8080}\n---\nbackends: []\n")).containsExactly(
                "tandem.yaml:2: (yaml): expected a single document in the stream at line 1, but found another document"
                        + " (expected: valid YAML)");
    }

    @Test
    void parse_syntaxError_doesNotEchoTheLine() {
        assertThat(problemLines("listener:\n  password: \"s3cr3t\n")).singleElement().asString()
                .startsWith("tandem.yaml:").doesNotContain("s3cr3t");
    }

    @Test
    void parse_recursiveAlias_isOneProblem() {
        assertThat(problemLines(MINIMAL + "network:\n  trusted-proxies: &a\n    - *a\n")).containsExactly(
                "tandem.yaml:6: (yaml): (recursive alias) (expected: an alias to a finished node)");
    }

    @Test
    void parse_complexKey_isAnUnknownKey() {
        assertThat(problemLines(MINIMAL + "? [a, b]\n: c\n")).containsExactly(
                "tandem.yaml:5: (complex key): (unknown key) (expected: one of node, listener, backends, pool, session,"
                        + " network, access-log, ha, admin, waf)");
    }

    // ---- files

    @Test
    void load_readsTheFileAndNamesItInProblems(@TempDir Path dir) throws IOException, ConfigException {
        Path good = Files.writeString(dir.resolve("tandem.yaml"), MINIMAL);
        assertThat(ConfigLoader.load(good).listener().port()).isEqualTo(8080);

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "listener:\n  port: 0\nbackends:\n  - url: http://a\n");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(bad));
        assertThat(e.problems()).extracting(ConfigProblem::toString)
                .containsExactly(bad + ":2: listener.port: 0 (expected: an integer 1..65535)");
    }

    @Test
    void load_unreadableFile_givesOneProblemAtLineZero(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.yaml");
        assertThat(loadProblems(missing)).containsExactly(
                missing + ":0: (file): (no such file) (expected: a readable UTF-8 YAML file)");
        assertThat(loadProblems(dir)).containsExactly(
                dir + ":0: (file): (a directory) (expected: a readable UTF-8 YAML file)");
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "node:\n  id: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(loadProblems(latin1)).containsExactly(
                latin1 + ":0: (file): (not UTF-8 text) (expected: a readable UTF-8 YAML file)");
    }

    @Test
    void load_byteOrderMark_isIgnored(@TempDir Path dir) throws IOException, ConfigException {
        Path withBom = Files.writeString(dir.resolve("bom.yaml"), "\uFEFF" + MINIMAL);
        assertThat(ConfigLoader.load(withBom).listener().port()).isEqualTo(8080);
    }

    private static List<String> problemLines(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "tandem.yaml"));
        assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static List<String> loadProblems(Path file) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
        assertThat(e).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
