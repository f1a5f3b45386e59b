package dev.dialtone.media;

import java.util.Objects;

/**
 * Why a {@link WebRtcEndpoint} ended by itself.
 *
 * @param reason what happened
 * @param detail a short human-readable explanation for logs (no secrets, no key material)
 */
public record WebRtcFailure(Reason reason, String detail) {
    public WebRtcFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The kinds of failure, for the caller's mapping to call outcomes. */
    public enum Reason {
        /** ICE and DTLS did not complete within {@code webrtc-handshake-timeout}. */
        HANDSHAKE_TIMEOUT,
        /** The browser's DTLS certificate is not the one its offer's {@code a=fingerprint} announced. */
        FINGERPRINT_MISMATCH,
        /** The DTLS handshake failed otherwise (an alert, no certificate, no common SRTP profile). */
        DTLS_FAILED,
        /** The browser stopped its connectivity checks for {@code webrtc-consent-timeout} (RFC 7675): it is gone. */
        CONSENT_EXPIRED,
        /** The browser closed DTLS (it closed the peer connection). */
        PEER_CLOSED
    }
}
