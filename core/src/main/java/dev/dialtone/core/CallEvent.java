package dev.dialtone.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a leg reports to the session that owns it. Each maps to one {@code CallEvents.*} of the
 * scenario API. Header maps are never null.
 */
public sealed interface CallEvent {

    /** The far end is ringing (SIP 180/183 or the web client's ring). */
    record Ringing(Map<String, String> headers) implements CallEvent {
        public Ringing {
            headers = Map.copyOf(headers);
        }
    }

    /** The leg is answered: our answer was acknowledged (inbound) or the far end answered (outbound). */
    record Connected(Map<String, String> headers) implements CallEvent {
        public Connected {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * A connected leg ended. {@code byRemote} tells who hung up; {@code sipCode} is the code the
     * call record stores (200 for a normal BYE).
     */
    record Disconnected(Map<String, String> headers, boolean byRemote, int sipCode, String reason)
            implements CallEvent {
        public Disconnected {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A leg that never connected ended: rejected, busy, unreachable, cancelled, timed out. */
    record Failed(int code, String reason, Map<String, String> headers) implements CallEvent {
        public Failed {
            if (code < 300 || code > 699) {
                throw new IllegalArgumentException("a failure code is 300..699, got " + code);
            }
            Objects.requireNonNull(reason, "reason");
            headers = Map.copyOf(headers);
        }
    }

    /** One DTMF digit ({@code 0-9 * # A-D}), reported once however many packets carried it. */
    record ToneReceived(char tone, Duration duration, ToneSource source) implements CallEvent {
        public ToneReceived {
            if ("0123456789*#ABCD".indexOf(tone) < 0) {
                throw new IllegalArgumentException("not a DTMF digit: " + tone);
            }
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(source, "source");
        }
    }

    record MessageReceived(String text, Map<String, String> headers) implements CallEvent {
        public MessageReceived {
            Objects.requireNonNull(text, "text");
            headers = Map.copyOf(headers);
        }
    }

    record InfoReceived(String mimeType, String body, Map<String, String> headers) implements CallEvent {
        public InfoReceived {
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(body, "body");
            headers = Map.copyOf(headers);
        }
    }

    record OnHold() implements CallEvent {
    }

    record OffHold() implements CallEvent {
    }

    /** Our audio started to flow towards the far end (early media or answer). */
    record AudioStarted() implements CallEvent {
    }

    record FirstAudioPacketReceived() implements CallEvent {
    }

    /** No media from the far end for the configured time. */
    record RtpStopped() implements CallEvent {
    }

    record RtpResumed() implements CallEvent {
    }
}
