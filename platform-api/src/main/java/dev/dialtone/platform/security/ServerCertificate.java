package dev.dialtone.platform.security;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.TlsConfig;

/**
 * The certificate and private key the HTTPS server presents: read from the configured PEM files, or
 * a self-signed one generated into {@code <data-dir>/tls/} on the first start and reused afterwards
 * (generated anew only when it is missing or within {@link SelfSignedCertificates#RENEW_BEFORE} of expiry).
 *
 * @param chainPem          the certificate chain as PEM, leaf first
 * @param privateKeyPem     the leaf's private key as PKCS#8 PEM
 * @param sha256Fingerprint SHA-256 of the leaf's DER encoding, as colon-separated upper-case hex
 * @param certFile          where the leaf certificate lives (e.g. for {@code NODE_EXTRA_CA_CERTS} or {@code curl --cacert})
 * @param selfSigned        whether the node generated it
 */
public record ServerCertificate(String chainPem, String privateKeyPem, String sha256Fingerprint, Path certFile,
                                boolean selfSigned, Instant notAfter) {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);
    public static final String DIR = "tls";
    public static final String SELF_SIGNED_CERT = "self-signed-cert.pem";
    public static final String SELF_SIGNED_KEY = "self-signed-key.pem";

    @Override
    public String toString() {
        return "ServerCertificate[" + certFile + ", sha256=" + sha256Fingerprint + ", selfSigned=" + selfSigned + ", key=<hidden>]";
    }

    /**
     * The configured certificate, or the data dir's self-signed one (generated if needed).
     *
     * @throws IOException with a message that says which file is wrong and how
     */
    public static ServerCertificate load(TlsConfig tls, Path dataDir, Clock clock, SecureRandom random) throws IOException {
        if (!tls.selfSigned()) {
            return fromFiles(tls.certFile().orElseThrow(), tls.keyFile().orElseThrow(), false, clock);
        }
        Path dir = dataDir.resolve(DIR);
        Path cert = dir.resolve(SELF_SIGNED_CERT);
        Path key = dir.resolve(SELF_SIGNED_KEY);
        if (Files.exists(cert) && Files.exists(key)) {
            ServerCertificate existing = fromFiles(cert, key, true, clock);
            if (existing.notAfter().isAfter(clock.instant().plus(SelfSignedCertificates.RENEW_BEFORE))) {
                return existing;
            }
            LOG.warn("the self-signed certificate in {} expires {}: generating a new one", dir, existing.notAfter());
        }
        SelfSignedCertificates.Generated g = SelfSignedCertificates.generate(clock, random);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        writeAtomically(key, g.privateKeyPem(), "rw-------");
        writeAtomically(cert, g.certificatePem(), "rw-r--r--");
        ServerCertificate created = fromFiles(cert, key, true, clock);
        LOG.info("generated a self-signed TLS certificate in {} (SHA-256 {}), valid until {}", cert, created.sha256Fingerprint(),
                created.notAfter());
        return created;
    }

    /** Reads a PEM certificate chain and its private key, checking that they belong together. */
    static ServerCertificate fromFiles(Path certFile, Path keyFile, boolean selfSigned, Clock clock) throws IOException {
        List<X509Certificate> chain = readChain(certFile);
        PrivateKey key = readKey(keyFile);
        X509Certificate leaf = chain.getFirst();
        if (!keyMatches(key, leaf.getPublicKey())) {
            throw new IOException(keyFile + " is not the private key of the first certificate in " + certFile);
        }
        Instant now = clock.instant();
        if (leaf.getNotAfter().toInstant().isBefore(now) || leaf.getNotBefore().toInstant().isAfter(now)) {
            LOG.warn("the TLS certificate {} is not valid now (valid {} to {}); clients will refuse it", certFile,
                    leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        }
        StringBuilder pem = new StringBuilder();
        try {
            for (X509Certificate c : chain) {
                pem.append(RsaKeys.pem("CERTIFICATE", c.getEncoded()));
            }
            return new ServerCertificate(pem.toString(), RsaKeys.pem("PRIVATE KEY", key.getEncoded()), fingerprint(leaf.getEncoded()),
                    certFile, selfSigned, leaf.getNotAfter().toInstant());
        } catch (CertificateException e) {
            throw new IOException(certFile + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 of DER bytes as {@code AB:CD:…}. */
    public static String fingerprint(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static List<X509Certificate> readChain(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(read(file, "certificate")))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new IOException(file + " holds no '-----BEGIN CERTIFICATE-----' block; give the PEM certificate chain, leaf first");
        }
        return chain;
    }

    private static PrivateKey readKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(read(file, "private key")))) {
            Object o;
            while ((o = parser.readObject()) != null) {
                switch (o) {
                    case PEMKeyPair pair -> {
                        return converter.getPrivateKey(pair.getPrivateKeyInfo()); // the public half is optional in SEC1
                    }
                    case PrivateKeyInfo info -> {
                        return converter.getPrivateKey(info);
                    }
                    case PEMEncryptedKeyPair ignored -> throw encrypted(file);
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(file);
                    case ASN1ObjectIdentifier ignored -> {
                        // "EC PARAMETERS" before an EC key: skip
                    }
                    default -> {
                        // a certificate in the key file, say: look further
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) {
                throw io;
            }
            throw new IOException(file + " is not a PEM private key: " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no private key block ('-----BEGIN PRIVATE KEY-----', 'RSA PRIVATE KEY' or "
                + "'EC PRIVATE KEY')");
    }

    private static IOException encrypted(Path file) {
        return new IOException(file + " is an encrypted private key; give it unencrypted (e.g. openssl pkey -in key.pem -out plain.pem)");
    }

    private static String read(Path file, String what) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read the TLS " + what + " file " + file.toAbsolutePath());
        }
        if (Files.size(file) > 1024 * 1024) {
            throw new IOException("the TLS " + what + " file " + file + " is larger than 1 MiB");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        String alg = switch (key.getAlgorithm().toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "ED25519", "EDDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) {
            return false;
        }
        try {
            byte[] probe = "dialtone key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void writeAtomically(Path file, String content, String permissions) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
