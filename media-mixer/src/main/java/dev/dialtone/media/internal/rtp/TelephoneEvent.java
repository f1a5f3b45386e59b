package dev.dialtone.media.internal.rtp;

/**
 * The payload of an RFC 4733 telephone-event packet (section 2.3): event code (0-9, 10 = *, 11 = #,
 * 12-15 = A-D), end bit, volume in -dBm0, duration in RTP timestamp units since the event began.
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
    public static final int LENGTH = 4;
    private static final String DIGITS = "0123456789*#ABCD";

    public TelephoneEvent {
        if (event < 0 || event > 255) {
            throw new IllegalArgumentException("event out of range: " + event);
        }
        if (volume < 0 || volume > 63) {
            throw new IllegalArgumentException("volume out of range: " + volume);
        }
        if (duration < 0 || duration > 0xFFFF) {
            throw new IllegalArgumentException("duration out of range: " + duration);
        }
    }

    /** The DTMF digit, or {@code 0} (NUL) for events other than 0-15 (flash, tones we do not report). */
    public char digit() {
        return event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    /** The event code for a digit, or -1 for a character that is not a DTMF digit. */
    public static int eventFor(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    public static TelephoneEvent parse(byte[] payload) throws MalformedPacketException {
        if (payload.length < LENGTH) {
            throw new MalformedPacketException("telephone-event payload shorter than 4 bytes");
        }
        int event = payload[0] & 0xFF;
        boolean end = (payload[1] & 0x80) != 0;
        int volume = payload[1] & 0x3F;
        int duration = Bytes.u16(payload, 2);
        return new TelephoneEvent(event, end, volume, duration);
    }

    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) event;
        b[1] = (byte) ((end ? 0x80 : 0) | volume);
        Bytes.putU16(b, 2, duration);
        return b;
    }
}
