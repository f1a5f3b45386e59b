package dev.dialtone.platform;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTPS server's certificate ({@code dialtone.platform.tls.*}). With neither file given, the node
 * generates a self-signed certificate into {@code <data-dir>/tls/} on its first start and reuses it.
 *
 * @param certFile {@code --tls-cert} / {@code DIALTONE_TLS_CERT}: PEM certificate chain, leaf first
 * @param keyFile  {@code --tls-key} / {@code DIALTONE_TLS_KEY}: PEM private key of the leaf (PKCS#8,
 *                 PKCS#1 RSA or SEC1 EC), unencrypted
 */
public record TlsConfig(Optional<Path> certFile, Optional<Path> keyFile) {
    /** A self-signed certificate in the data dir. */
    public static final TlsConfig SELF_SIGNED = new TlsConfig(Optional.empty(), Optional.empty());

    public TlsConfig {
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both (a PEM certificate chain and its "
                    + "private key) or neither (a self-signed certificate is generated in the data dir)");
        }
    }

    public static TlsConfig files(Path certFile, Path keyFile) {
        return new TlsConfig(Optional.of(certFile), Optional.of(keyFile));
    }

    public boolean selfSigned() {
        return certFile.isEmpty();
    }
}
