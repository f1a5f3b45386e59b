package dev.dialtone.pstn.internal.sdp;

import java.util.Locale;
import java.util.Objects;

/** {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} (RFC 4566 §6). The encoding is upper-case. */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {
    public RtpMap {
        Objects.requireNonNull(encoding, "encoding");
        encoding = encoding.toUpperCase(Locale.ROOT);
    }
}
