package io.tandem.proxy.admin;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The TLS context of the admin listener: from PEM files, or a self-signed certificate made at
 * start. Uses Bouncy Castle's PEM parser and certificate builder with the JDK's own crypto
 * providers (no provider is registered, so the shaded jar needs no signed provider).
 *
 * <p>Errors name the file and what was expected, never key material.
 */
final class AdminTls {

    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

    private final SSLContext context;
    private final X509Certificate certificate;

    private AdminTls(SSLContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    SSLContext context() {
        return context;
    }

    /** The server's own certificate (the first of the chain). */
    X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the certificate, {@code AB:CD:...}, as {@code openssl x509 -fingerprint -sha256} prints it. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    static AdminTls from(AdminSettings.Tls tls, String bindAddress) {
        return tls.selfSigned() ? selfSigned(bindAddress) : pem(tls.cert(), tls.key());
    }

    /**
     * A self-signed EC P-256 certificate for {@code localhost}, {@code 127.0.0.1}, {@code ::1}
     * and the bind address, valid for a year.
     */
    static AdminTls selfSigned(String bindAddress) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=tandem-admin (self-signed)");
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(64, new SecureRandom());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SELF_SIGNED_VALIDITY)), name,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames(bindAddress)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new AdminTls(context(pair.getPrivate(), List.of(certificate)), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("admin.tls.self-signed: cannot make a certificate ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static GeneralName[] altNames(String bindAddress) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        if (bindAddress != null && !bindAddress.equals("127.0.0.1") && !bindAddress.equals("localhost")
                && !bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
            boolean literal = bindAddress.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
            names.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, bindAddress));
        }
        return names.toArray(new GeneralName[0]);
    }

    /** From a PEM certificate chain and an unencrypted PEM private key. */
    static AdminTls pem(Path certFile, Path keyFile) {
        List<X509Certificate> chain = readCertificates(certFile);
        PrivateKey key = readPrivateKey(keyFile);
        try {
            return new AdminTls(context(key, chain), chain.get(0));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("admin.tls: certificate " + certFile + " and key " + keyFile
                    + " cannot be used together (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("admin.tls.cert: " + file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ") (expected: a PEM certificate file)", e);
        }
        if (chain.isEmpty()) {
            throw new IllegalStateException("admin.tls.cert: " + file
                    + ": no certificate (expected: a PEM file with -----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey readPrivateKey(Path file) {
        Object o;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            o = parser.readObject();
            while (o != null && !(o instanceof PEMKeyPair || o instanceof PrivateKeyInfo
                    || o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo)) {
                o = parser.readObject(); // skip EC parameters and the like
            }
        } catch (IOException e) {
            throw new IllegalStateException("admin.tls.key: " + file + ": cannot be read ("
                    + e.getClass().getSimpleName() + ") (expected: a PEM private key file)", e);
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new IllegalStateException("admin.tls.key: " + file + ": encrypted (expected: an unencrypted key,"
                    + " protected by file permissions)");
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                // Only the private part: a traditional EC key may come without its public key.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new IllegalStateException("admin.tls.key: " + file + ": unsupported key ("
                    + e.getClass().getSimpleName() + ") (expected: an RSA or EC private key)", e);
        }
        throw new IllegalStateException("admin.tls.key: " + file
                + ": no private key (expected: a PEM file with -----BEGIN PRIVATE KEY-----)");
    }

    private static SSLContext context(PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException, IOException {
        char[] password = new char[16];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < password.length; i++) {
            password[i] = (char) ('a' + random.nextInt(26));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("admin", key, password, chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
