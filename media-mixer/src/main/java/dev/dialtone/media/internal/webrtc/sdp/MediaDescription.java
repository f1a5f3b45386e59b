package dev.dialtone.media.internal.webrtc.sdp;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.media.MediaDirection;

/**
 * One {@code m=} section of a WebRTC offer, with only what answering it needs (RFC 8866 section
 * 5.14, RFC 8829 for the WebRTC attributes). Session-level ICE credentials, fingerprint, setup and
 * direction are already folded in where the section has none of its own.
 *
 * @param kind        {@code audio}, {@code video}, {@code application}...
 * @param port        0 means the offerer rejected or stopped this section
 * @param protocol    e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats     the format list of the m-line, in order of preference
 * @param mid         {@code a=mid} (RFC 9143), present in every unified-plan section
 * @param direction   the offerer's direction
 * @param rtpMaps     {@code a=rtpmap} by payload type, in m-line order
 * @param fmtp        {@code a=fmtp} parameters by payload type
 */
public record MediaDescription(String kind, int port, String protocol, List<String> formats, Optional<String> mid,
                               MediaDirection direction, boolean rtcpMux, Optional<IceCredentials> ice,
                               Optional<DtlsFingerprint> fingerprint, Optional<DtlsSetup> setup, List<RtpMap> rtpMaps,
                               Map<Integer, String> fmtp) {
    public MediaDescription {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(protocol, "protocol");
        formats = List.copyOf(formats);
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(setup, "setup");
        rtpMaps = List.copyOf(rtpMaps);
        fmtp = Map.copyOf(fmtp);
    }

    /** {@code a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]}; static types get their RFC 3551 defaults. */
    public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {
        public RtpMap {
            Objects.requireNonNull(encoding, "encoding");
        }
    }

    /** {@code a=ice-ufrag} and {@code a=ice-pwd} (RFC 8839 section 5.4). */
    public record IceCredentials(String ufrag, String password) {
        public IceCredentials {
            Objects.requireNonNull(ufrag, "ufrag");
            Objects.requireNonNull(password, "password");
        }
    }

    /** {@code a=fingerprint:<hash> <hex pairs>} (RFC 8122 section 5): the hash of the peer's DTLS certificate. */
    public record DtlsFingerprint(String hashFunction, byte[] value) {
        public DtlsFingerprint {
            Objects.requireNonNull(hashFunction, "hashFunction");
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DtlsFingerprint f && hashFunction.equals(f.hashFunction)
                    && java.util.Arrays.equals(value, f.value);
        }

        @Override
        public int hashCode() {
            return hashFunction.hashCode() * 31 + java.util.Arrays.hashCode(value);
        }

        /** As written in SDP: upper-case hex pairs separated by colons. */
        public String hex() {
            StringBuilder sb = new StringBuilder(value.length * 3);
            for (int i = 0; i < value.length; i++) {
                if (i > 0) {
                    sb.append(':');
                }
                sb.append(String.format("%02X", value[i] & 0xFF));
            }
            return sb.toString();
        }

        @Override
        public String toString() {
            return hashFunction + " " + hex();
        }
    }

    /** {@code a=setup} (RFC 4145 section 4): who is the DTLS client. */
    public enum DtlsSetup { ACTIVE, PASSIVE, ACTPASS, HOLDCONN }

    public Optional<RtpMap> rtpMap(int payloadType) {
        return rtpMaps.stream().filter(r -> r.payloadType() == payloadType).findFirst();
    }
}
