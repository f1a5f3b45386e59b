package dev.dialtone.core;

/** How a DTMF digit reached us. */
public enum ToneSource {
    /** RFC 4733 telephone-event in RTP. */
    RTP_EVENT,
    /** SIP INFO with application/dtmf-relay or application/dtmf. */
    SIP_INFO,
    /** Detected in the audio itself (Goertzel). */
    IN_BAND,
    /** Signalled by a web SDK client without an RTP DTMF sender. */
    SIGNALLING
}
