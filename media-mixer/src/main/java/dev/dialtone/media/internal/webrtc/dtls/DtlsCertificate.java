package dev.dialtone.media.internal.webrtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;

import dev.dialtone.media.MediaException;
import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;

/**
 * The DTLS certificate of this node: a fresh ECDSA P-256 key (the curve every WebRTC browser
 * accepts) and a self-signed X.509 certificate for it. Browsers do not check the chain or the name,
 * only that the certificate's hash equals the {@code a=fingerprint} of our answer (RFC 8827 section
 * 6.5), so one certificate per engine serves every endpoint. Immutable.
 */
public final class DtlsCertificate {
    /** How long the certificate claims to be valid; browsers ignore it, but some DTLS stacks do not. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    private final AsymmetricKeyParameter privateKey;
    private final byte[] der;
    private final DtlsFingerprint fingerprint;

    private DtlsCertificate(AsymmetricKeyParameter privateKey, byte[] der) {
        this.privateKey = privateKey;
        this.der = der;
        this.fingerprint = new DtlsFingerprint("sha-256", hash("sha-256", der));
    }

    /** Generates a key pair and signs a certificate named {@code CN=dialtone}, valid from a day ago. */
    public static DtlsCertificate generate(SecureRandom random, Clock clock) {
        try {
            ECNamedDomainParameters curve = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
            ECKeyPairGenerator generator = new ECKeyPairGenerator();
            generator.init(new ECKeyGenerationParameters(curve, random));
            AsymmetricCipherKeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X500Name name = new X500Name("CN=dialtone");
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, new BigInteger(63, random).add(
                    BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()));
            AlgorithmIdentifier sig = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(sig);
            X509CertificateHolder holder = builder.build(new BcECContentSignerBuilder(sig, digest).build(pair.getPrivate()));
            return new DtlsCertificate(pair.getPrivate(), holder.getEncoded());
        } catch (IOException | OperatorCreationException e) {
            throw new MediaException("could not create the DTLS certificate", e);
        }
    }

    /** The private key (for the DTLS signer; tests use it to act as a browser). */
    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** The DER encoding. */
    public byte[] encoded() {
        return der.clone();
    }

    /** What goes into {@code a=fingerprint} of our answers. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /**
     * The hash of {@code der} with an RFC 8122 hash function name ({@code sha-256}...).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static byte[] hash(String hashFunction, byte[] der) {
        String jca = switch (hashFunction.toLowerCase(Locale.ROOT)) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported fingerprint hash " + hashFunction);
        };
        try {
            return MessageDigest.getInstance(jca).digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is part of every JDK", e);
        }
    }
}
