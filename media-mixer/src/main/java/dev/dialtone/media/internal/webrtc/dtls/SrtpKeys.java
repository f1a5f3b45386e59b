package dev.dialtone.media.internal.webrtc.dtls;

import java.util.Arrays;

/**
 * SRTP master keys and salts exported from a DTLS-SRTP handshake (RFC 5764 section 4.2): the
 * keying material is {@code client key | server key | client salt | server salt}. We are the DTLS
 * server, so we protect with the server's and unprotect with the client's. Only
 * SRTP_AES128_CM_HMAC_SHA1_80 (16-byte keys, 14-byte salts) is negotiated.
 */
public record SrtpKeys(byte[] clientKey, byte[] clientSalt, byte[] serverKey, byte[] serverSalt) {
    public static final int KEY_LENGTH = 16;
    public static final int SALT_LENGTH = 14;
    public static final int MATERIAL_LENGTH = 2 * (KEY_LENGTH + SALT_LENGTH);

    public SrtpKeys {
        if (clientKey.length != KEY_LENGTH || serverKey.length != KEY_LENGTH || clientSalt.length != SALT_LENGTH
                || serverSalt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("AES-128 SRTP needs 16-byte keys and 14-byte salts");
        }
        clientKey = clientKey.clone();
        clientSalt = clientSalt.clone();
        serverKey = serverKey.clone();
        serverSalt = serverSalt.clone();
    }

    /** Splits exported keying material. */
    public static SrtpKeys fromMaterial(byte[] m) {
        if (m.length != MATERIAL_LENGTH) {
            throw new IllegalArgumentException("DTLS-SRTP keying material is " + MATERIAL_LENGTH + " bytes");
        }
        int k = KEY_LENGTH;
        return new SrtpKeys(Arrays.copyOfRange(m, 0, k), Arrays.copyOfRange(m, 2 * k, 2 * k + SALT_LENGTH),
                Arrays.copyOfRange(m, k, 2 * k), Arrays.copyOfRange(m, 2 * k + SALT_LENGTH, m.length));
    }

    @Override
    public String toString() {
        return "SrtpKeys[redacted]";
    }
}
