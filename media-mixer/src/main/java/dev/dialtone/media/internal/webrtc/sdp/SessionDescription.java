package dev.dialtone.media.internal.webrtc.sdp;

import java.util.List;
import java.util.Objects;

/**
 * A parsed WebRTC offer: its origin (to recognise a re-offer of the same session), the BUNDLE
 * group (RFC 9143) and the media sections in order.
 *
 * @param originSessionId the {@code o=} session id
 * @param originVersion   the {@code o=} session version
 * @param bundle          mids of the first {@code a=group:BUNDLE}, empty without one
 * @param media           every {@code m=} section, in order (an answer has the same ones in the same order)
 */
public record SessionDescription(String originSessionId, long originVersion, List<String> bundle,
                                 List<MediaDescription> media) {
    public SessionDescription {
        Objects.requireNonNull(originSessionId, "originSessionId");
        bundle = List.copyOf(bundle);
        media = List.copyOf(media);
    }
}
