package dev.dialtone.pstn.internal.sdp;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.dialtone.media.MediaDirection;

/**
 * An SDP body (RFC 4566) parsed into what offer/answer needs: the origin's session id and version,
 * the session-level connection address and direction, and the media sections in order.
 */
public record SessionDescription(String originUser, String originSessionId, long originVersion, InetAddress originAddress,
                                 Optional<InetAddress> connection, Optional<MediaDirection> direction,
                                 List<MediaDescription> media) {
    public SessionDescription {
        Objects.requireNonNull(originUser, "originUser");
        Objects.requireNonNull(originSessionId, "originSessionId");
        Objects.requireNonNull(originAddress, "originAddress");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(direction, "direction");
        media = List.copyOf(media);
    }

    /** The address of a section: its own {@code c=} or the session's. */
    public Optional<InetAddress> connectionOf(MediaDescription m) {
        return m.connection().or(() -> connection);
    }

    /** The direction of a section: its own attribute, the session's, or sendrecv (RFC 3264 §5.1). */
    public MediaDirection directionOf(MediaDescription m) {
        return m.direction().or(() -> direction).orElse(MediaDirection.SENDRECV);
    }
}
