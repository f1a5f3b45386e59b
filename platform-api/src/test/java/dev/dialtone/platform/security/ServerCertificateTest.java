package dev.dialtone.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dialtone.platform.TlsConfig;
import dev.dialtone.platform.testing.TestCertificates;

class ServerCertificateTest {
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    private static X509Certificate leaf(ServerCertificate c) throws Exception {
        String b64 = c.chainPem().split("-----")[2].replaceAll("\\s", "");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
    }

    @Test
    void generatesASelfSignedCertificateOnceAndReusesIt(@TempDir Path dataDir) throws Exception {
        ServerCertificate first = ServerCertificate.load(TlsConfig.SELF_SIGNED, dataDir, clock, random);
        assertThat(first.selfSigned()).isTrue();
        assertThat(first.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        Path key = dataDir.resolve("tls").resolve(ServerCertificate.SELF_SIGNED_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls")))).isEqualTo("rwx------");
        String keyBefore = Files.readString(key);

        ServerCertificate again = ServerCertificate.load(TlsConfig.SELF_SIGNED, dataDir, clock, random);
        assertThat(again.sha256Fingerprint()).isEqualTo(first.sha256Fingerprint());
        assertThat(Files.readString(key)).isEqualTo(keyBefore);

        X509Certificate cert = leaf(first);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).toList())
                .contains("localhost", "127.0.0.1");
        assertThat(ServerCertificate.fingerprint(cert.getEncoded())).isEqualTo(first.sha256Fingerprint());
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays()).isLessThan(825);
    }

    @Test
    void replacesASelfSignedCertificateCloseToExpiry(@TempDir Path dataDir) throws Exception {
        ServerCertificate first = ServerCertificate.load(TlsConfig.SELF_SIGNED, dataDir, clock, random);
        Clock later = Clock.offset(clock, Duration.ofDays(800));
        ServerCertificate renewed = ServerCertificate.load(TlsConfig.SELF_SIGNED, dataDir, later, random);
        assertThat(renewed.sha256Fingerprint()).isNotEqualTo(first.sha256Fingerprint());
        assertThat(renewed.notAfter()).isAfter(first.notAfter());
    }

    @Test
    void readsConfiguredRsaAndEcCertificatesInOpenSslFormats(@TempDir Path dir) throws Exception {
        for (boolean rsa : List.of(true, false)) {
            TestCertificates.Files2 f = TestCertificates.write(dir, rsa ? "rsa" : "ec", rsa);
            assertThat(Files.readString(f.key())).startsWith(rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");
            ServerCertificate c = ServerCertificate.load(TlsConfig.files(f.cert(), f.key()), dir, clock, random);
            assertThat(c.selfSigned()).isFalse();
            assertThat(c.sha256Fingerprint()).isEqualTo(ServerCertificate.fingerprint(f.certDer()));
            assertThat(c.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(c.toString()).doesNotContain(c.privateKeyPem().substring(40, 80));
        }
        assertThat(dir.resolve("tls")).doesNotExist();
    }

    @Test
    void refusesUnusableFilesWithAClearMessage(@TempDir Path dir) throws Exception {
        TestCertificates.Files2 a = TestCertificates.write(dir, "a", false);
        TestCertificates.Files2 b = TestCertificates.write(dir, "b", false);
        assertThatThrownBy(() -> ServerCertificate.load(TlsConfig.files(a.cert(), b.key()), dir, clock, random))
                .hasMessageContaining("is not the private key of the first certificate");
        assertThatThrownBy(() -> ServerCertificate.load(TlsConfig.files(dir.resolve("missing.pem"), a.key()), dir, clock, random))
                .hasMessageContaining("cannot read the TLS certificate file");
        assertThatThrownBy(() -> ServerCertificate.load(TlsConfig.files(a.key(), a.key()), dir, clock, random))
                .hasMessageContaining("holds no '-----BEGIN CERTIFICATE-----' block");
        assertThatThrownBy(() -> ServerCertificate.load(TlsConfig.files(a.cert(), a.cert()), dir, clock, random))
                .hasMessageContaining("holds no private key block");
        Path encrypted = dir.resolve("enc.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ServerCertificate.load(TlsConfig.files(a.cert(), encrypted), dir, clock, random))
                .hasMessageContaining(encrypted.toString());
        assertThatThrownBy(() -> new TlsConfig(java.util.Optional.of(a.cert()), java.util.Optional.empty()))
                .hasMessageContaining("go together");
    }
}
