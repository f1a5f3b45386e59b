package dev.dialtone.pstn.internal.sdp;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.media.MediaDirection;

/**
 * One {@code m=} section of an SDP body (RFC 4566 §5.14) with the attributes this connector uses.
 *
 * @param formats    the payload types in the order of the {@code m=} line (RTP profiles only; empty otherwise)
 * @param rawFormats the format tokens as written (kept to mirror a rejected line)
 * @param connection the section's {@code c=} address, if it has its own
 * @param direction  the section's direction attribute, if any (the session's applies otherwise)
 * @param ptime      {@code a=ptime} in milliseconds
 * @param rtcpPort   {@code a=rtcp} port (RFC 3605)
 */
public record MediaDescription(String type, int port, String proto, List<Integer> formats, List<String> rawFormats,
                               Map<Integer, RtpMap> rtpMaps, Map<Integer, String> fmtps, Optional<InetAddress> connection,
                               Optional<MediaDirection> direction, Optional<Integer> ptime, Optional<Integer> rtcpPort,
                               boolean rtcpMux) {
    public MediaDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(proto, "proto");
        formats = List.copyOf(formats);
        rawFormats = List.copyOf(rawFormats);
        rtpMaps = Map.copyOf(rtpMaps);
        fmtps = Map.copyOf(fmtps);
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(ptime, "ptime");
        Objects.requireNonNull(rtcpPort, "rtcpPort");
    }

    public boolean isAudio() {
        return type.equals("audio");
    }

    /** A port of 0 rejects or disables the stream (RFC 3264 §6). */
    public boolean disabled() {
        return port == 0;
    }
}
