package dev.dialtone.media;

import java.util.Locale;
import java.util.Objects;

/**
 * An RTP payload format as negotiated in SDP ({@code a=rtpmap:<payloadType> <encoding>/<clockRate>}).
 * The encoding name is kept upper-case. Static payload types of RFC 3551 are available as constants;
 * dynamic types (96..127) are whatever the offer says.
 */
public record PayloadFormat(String encoding, int payloadType, int clockRate) {
    public static final PayloadFormat PCMU = new PayloadFormat("PCMU", 0, 8_000);
    public static final PayloadFormat PCMA = new PayloadFormat("PCMA", 8, 8_000);

    public PayloadFormat {
        Objects.requireNonNull(encoding, "encoding");
        encoding = encoding.toUpperCase(Locale.ROOT);
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type must be 0..127: " + payloadType);
        }
        if (clockRate < 1_000 || clockRate > 192_000) {
            throw new IllegalArgumentException("implausible RTP clock rate: " + clockRate);
        }
    }

    /** {@code telephone-event/8000} with the dynamic payload type the offer chose (RFC 4733). */
    public static PayloadFormat telephoneEvent(int payloadType) {
        return new PayloadFormat("TELEPHONE-EVENT", payloadType, 8_000);
    }

    public boolean isTelephoneEvent() {
        return encoding.equals("TELEPHONE-EVENT");
    }
}
