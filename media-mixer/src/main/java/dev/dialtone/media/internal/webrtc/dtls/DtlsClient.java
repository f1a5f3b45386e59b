package dev.dialtone.media.internal.webrtc.dtls;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Hashtable;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

import dev.dialtone.media.internal.webrtc.sdp.MediaDescription.DtlsFingerprint;

/**
 * The browser's half of DTLS-SRTP (BouncyCastle's DTLS 1.2 client): presents {@code ours}, checks
 * the server's certificate against {@code serverFingerprint}, offers use_srtp and returns the
 * exported SRTP keys (the same material the server exports). The engine uses it once at start to
 * warm DTLS up ({@link DtlsWarmUp}); tests use it to act as a browser.
 */
public final class DtlsClient {
    private DtlsClient() {
    }

    public static SrtpKeys handshake(DatagramTransport transport, DtlsCertificate ours, DtlsFingerprint serverFingerprint)
            throws IOException {
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        byte[][] material = new byte[1][];
        DefaultTlsClient client = new DefaultTlsClient(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Hashtable getClientExtensions() throws IOException {
                Hashtable ext = super.getClientExtensions();
                TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(
                        new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80}, TlsUtils.EMPTY_BYTES));
                return ext;
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                        byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                        byte[] hash = DtlsCertificate.hash(serverFingerprint.hashFunction(), der);
                        if (!MessageDigest.isEqual(hash, serverFingerprint.value())) {
                            throw new TlsFatalAlert(AlertDescription.bad_certificate);
                        }
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                        Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(ours.encoded())});
                        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                                ours.privateKey(), chain,
                                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                    }
                };
            }

            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                material[0] = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.MATERIAL_LENGTH);
            }
        };
        new DTLSClientProtocol().connect(client, transport);
        return SrtpKeys.fromMaterial(material[0]);
    }
}
