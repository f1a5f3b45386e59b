package dev.dialtone.media.internal.webrtc.dtls;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Hashtable;
import java.util.Vector;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;

/**
 * Our side of the DTLS 1.2 handshake of one WebRTC session (RFC 5763, RFC 5764): we are the
 * server ({@code a=setup:passive}), sign with the engine's ECDSA certificate, require the browser's
 * certificate and accept it only if its hash equals the {@code a=fingerprint} of the offer (the
 * handshake's CertificateVerify then proves the browser holds its key), negotiate the use_srtp
 * extension with SRTP_AES128_CM_HMAC_SHA1_80 and, once finished, export the SRTP keys.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    private static final int SRTP_PROFILE = SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80;
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    /** Why a handshake failed, as far as our checks are concerned. */
    enum Verdict { NONE, NO_CLIENT_CERTIFICATE, FINGERPRINT_MISMATCH, NO_SRTP_PROFILE }

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final DtlsFingerprint expected;
    private volatile Verdict verdict = Verdict.NONE;
    private volatile SrtpKeys keys;
    private volatile boolean peerClosed;

    DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint expected) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expected = expected;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificate.encoded())});
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                chain, SignatureAndHashAlgorithm.getInstance(org.bouncycastle.tls.HashAlgorithm.sha256,
                org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() throws IOException {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(types, algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            verdict = Verdict.NO_CLIENT_CERTIFICATE;
            throw new TlsFatalAlert(AlertDescription.certificate_required);
        }
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        byte[] actual = DtlsCertificate.hash(expected.hashFunction(), der);
        if (!MessageDigest.isEqual(actual, expected.value())) {
            verdict = Verdict.FINGERPRINT_MISMATCH;
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        boolean ok = false;
        if (offered != null) {
            for (int p : offered.getProtectionProfiles()) {
                ok |= p == SRTP_PROFILE;
            }
        }
        if (!ok) {
            verdict = Verdict.NO_SRTP_PROFILE;
            throw new TlsFatalAlert(AlertDescription.handshake_failure);
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        if (ext == null) {
            ext = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {SRTP_PROFILE}, TlsUtils.EMPTY_BYTES));
        return ext;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = SrtpKeys.fromMaterial(context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                SrtpKeys.MATERIAL_LENGTH));
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify || alertLevel == AlertLevel.fatal) {
            peerClosed = true;
        }
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return 0; // the endpoint enforces its own deadline for ICE and DTLS together
    }

    Verdict verdict() {
        return verdict;
    }

    SrtpKeys keys() {
        return keys;
    }

    boolean peerClosed() {
        return peerClosed;
    }
}
