package dev.dialtone.media.internal.rtp;

/** Bytes that are not a valid RTP/RTCP packet. Cheap: no stack trace, since hostile input is routine. */
public final class MalformedPacketException extends Exception {
    public MalformedPacketException(String message) {
        super(message, null, false, false);
    }
}
