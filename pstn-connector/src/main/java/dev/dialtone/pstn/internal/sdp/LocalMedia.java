package dev.dialtone.pstn.internal.sdp;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What we put in our SDP: the advertised address, our RTP and RTCP ports, and the origin's session id
 * and version (the version goes up by one each time our SDP changes, RFC 3264 §8).
 */
public record LocalMedia(InetAddress address, int rtpPort, int rtcpPort, long sessionId, long version) {
    public LocalMedia {
        Objects.requireNonNull(address, "address");
    }

    public LocalMedia nextVersion() {
        return new LocalMedia(address, rtpPort, rtcpPort, sessionId, version + 1);
    }
}
