package dev.dialtone.pstn.internal.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

import dev.dialtone.media.MediaDirection;
import dev.dialtone.media.PayloadFormat;

/** Writes our SDP bodies (RFC 4566): one audio section, optionally mirroring rejected sections of an offer. */
final class SdpWriter {
    private SdpWriter() {
    }

    static String addrType(InetAddress a) {
        return a instanceof Inet6Address ? "IP6" : "IP4";
    }

    static StringBuilder header(LocalMedia local) {
        String at = addrType(local.address()) + " " + local.address().getHostAddress();
        return new StringBuilder(300)
                .append("v=0\r\n")
                .append("o=dialtone ").append(local.sessionId()).append(' ').append(local.version()).append(" IN ").append(at).append("\r\n")
                .append("s=Dialtone\r\n")
                .append("c=IN ").append(at).append("\r\n")
                .append("t=0 0\r\n");
    }

    static void audio(StringBuilder sb, LocalMedia local, List<PayloadFormat> formats, int ptime, MediaDirection direction) {
        sb.append("m=audio ").append(local.rtpPort()).append(" RTP/AVP");
        for (PayloadFormat f : formats) {
            sb.append(' ').append(f.payloadType());
        }
        sb.append("\r\n");
        for (PayloadFormat f : formats) {
            String name = f.isTelephoneEvent() ? "telephone-event" : f.encoding();
            sb.append("a=rtpmap:").append(f.payloadType()).append(' ').append(name).append('/').append(f.clockRate()).append("\r\n");
            if (f.isTelephoneEvent()) {
                sb.append("a=fmtp:").append(f.payloadType()).append(" 0-16\r\n");
            }
        }
        if (local.rtcpPort() != local.rtpPort() + 1) {
            sb.append("a=rtcp:").append(local.rtcpPort()).append("\r\n");
        }
        sb.append("a=ptime:").append(ptime).append("\r\n");
        sb.append('a').append('=').append(direction.name().toLowerCase(java.util.Locale.ROOT)).append("\r\n");
    }

    /** A rejected section in an answer: same media and proto, port 0, its first format (RFC 3264 §6). */
    static void rejected(StringBuilder sb, MediaDescription m) {
        sb.append("m=").append(m.type()).append(" 0 ").append(m.proto());
        sb.append(' ').append(m.rawFormats().isEmpty() ? "0" : m.rawFormats().getFirst());
        sb.append("\r\n");
    }
}
