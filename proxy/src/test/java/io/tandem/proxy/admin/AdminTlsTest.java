package io.tandem.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener over TLS: a self-signed certificate made at start answers HTTPS (the client
 * trusts anything, as a demo user pinning the logged fingerprint would), PEM files are loaded, and
 * unusable files fail at start naming the setting. Fails if TLS silently falls back to plain HTTP.
 */
class AdminTlsTest {

    @TempDir
    Path dir;

    private static HttpClient trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void selfSigned_answersHttps() throws Exception {
        AdminSettings settings = AdminSettings.loopback(0, AdminTestServer.tokens())
                .withTls(AdminSettings.Tls.selfSignedCertificate());
        try (AdminTestServer admin = new AdminTestServer(settings)) {
            assertThat(admin.server.baseUrl()).startsWith("https://127.0.0.1:");
            HttpResponse<String> response = trustAll().send(HttpRequest.newBuilder(URI.create(admin.url("/status")))
                    .header("Authorization", "Bearer " + AdminTestServer.VIEWER_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession()).hasValueSatisfying(session -> assertThat(session.getProtocol()).startsWith("TLS"));
            X509Certificate peer = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(peer.getSubjectX500Principal().getName()).contains("tandem-admin");
            assertThat(peer.getSubjectAlternativeNames()).extracting(name -> String.valueOf(name.get(1)))
                    .contains("127.0.0.1", "localhost");
            // Plain HTTP on the TLS port does not get an answer from the API.
            assertThat(plainHttpGetsApiAnswer(admin.server.port())).isFalse();
        }
    }

    @Test
    void pemFiles_areLoaded() throws Exception {
        Path cert = dir.resolve("admin.crt");
        Path key = dir.resolve("admin.key");
        SelfSignedPem pem = SelfSignedPem.make();
        Files.writeString(cert, pem.certificate());
        Files.writeString(key, pem.key());
        AdminSettings settings = AdminSettings.loopback(0, AdminTestServer.tokens()).withTls(AdminSettings.Tls.pem(cert, key));
        try (AdminTestServer admin = new AdminTestServer(settings)) {
            HttpResponse<String> response = trustAll().send(HttpRequest.newBuilder(URI.create(admin.url("/health"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            X509Certificate peer = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
            assertThat(peer.getSubjectX500Principal().getName()).isEqualTo("CN=pem-test");
        }
    }

    @Test
    void selfSignedFingerprint_isSha256InOpensslForm() {
        assertThat(AdminTls.selfSigned("10.0.0.5").fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void unusableFiles_failAtStart_namingTheSetting() throws Exception {
        Path cert = dir.resolve("missing.crt");
        Path key = dir.resolve("empty.key");
        Files.writeString(key, "");
        assertThatThrownBy(() -> AdminTls.pem(cert, key)).hasMessageStartingWith("admin.tls.cert: " + cert + ": cannot be read");
        Path realCert = dir.resolve("real.crt");
        Files.writeString(realCert, SelfSignedPem.make().certificate());
        assertThatThrownBy(() -> AdminTls.pem(realCert, key)).hasMessage("admin.tls.key: " + key
                + ": no private key (expected: a PEM file with -----BEGIN PRIVATE KEY-----)");
    }

    private static boolean plainHttpGetsApiAnswer(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] buffer = new byte[256];
            int n = socket.getInputStream().read(buffer);
            return n > 0 && new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains("\"up\"");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** A self-signed certificate and its key as PEM text, written with Bouncy Castle. */
    record SelfSignedPem(String certificate, String key) {
        static SelfSignedPem make() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair pair = generator.generateKeyPair();
            org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=pem-test");
            java.time.Instant now = java.time.Instant.now();
            var holder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                    java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plusSeconds(3600)), name,
                    pair.getPublic())
                    .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder);
            // PKCS#8, as 'openssl genpkey' writes it (Bouncy Castle's writer would drop the EC curve
            // of a JDK key in the traditional form).
            String key = "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            return new SelfSignedPem(pem(List.of(cert)), key);
        }

        private static String pem(List<?> objects) throws java.io.IOException {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                for (Object o : objects) {
                    writer.writeObject(o);
                }
            }
            return out.toString();
        }
    }

    /** Trusts every server: the test checks that TLS is spoken, not who the server is. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
