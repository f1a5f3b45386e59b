package dev.dialtone.media.internal.dtmf;

import java.util.ArrayDeque;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.media.internal.rtp.TelephoneEvent;

/**
 * Plays queued digits out, one 20 ms tick at a time: as RFC 4733 events (first packet marked, the
 * duration growing every packet, the end packet sent three times, section 2.5.1.4) when the far end
 * negotiated telephone-event, otherwise as in-band tones replacing the outgoing audio. Digits last
 * {@value #DIGIT_MS} ms with {@value #GAP_MS} ms between them; a comma pauses 500 ms.
 */
public final class DigitSender {
    public static final int DIGIT_MS = 100;
    public static final int GAP_MS = 100;
    private static final int PAUSE_MS = 500;
    private static final int END_REPEATS = 3;
    private static final int VOLUME = 10;
    private static final int MAX_QUEUED = 256;

    /** What to send this tick. */
    public sealed interface Step {
    }

    /** Send audio as usual. */
    public record Audio() implements Step {
    }

    /** Send this telephone-event payload instead of audio; the timestamp is the event's start. */
    public record Event(TelephoneEvent event, boolean marker, boolean startsNow) implements Step {
    }

    /** Send these 160 samples of tone instead of the mix. */
    public record Tone(short[] samples) implements Step {
    }

    private static final Audio AUDIO = new Audio();

    private final ArrayDeque<Character> queue = new ArrayDeque<>();
    private char current;
    private int elapsedMs;
    private int endsSent;
    private int gapLeftMs;
    private short[] tone;

    /** Queues digits; characters that are not digits or commas are ignored. Returns how many were taken. */
    public int enqueue(String digits) {
        int taken = 0;
        for (char ch : digits.toCharArray()) {
            if ((DtmfTones.isDigit(ch) || ch == ',') && queue.size() < MAX_QUEUED) {
                queue.add(Character.toUpperCase(ch));
                taken++;
            }
        }
        return taken;
    }

    public boolean idle() {
        return current == 0 && queue.isEmpty() && gapLeftMs <= 0;
    }

    /** Advances by one tick. */
    public Step next(boolean rtpEvents) {
        if (gapLeftMs > 0) {
            gapLeftMs -= AudioFrame.DURATION_MS;
            return AUDIO;
        }
        if (current == 0) {
            Character c = queue.poll();
            if (c == null) {
                return AUDIO;
            }
            if (c == ',') {
                gapLeftMs = PAUSE_MS - AudioFrame.DURATION_MS;
                return AUDIO;
            }
            current = c;
            elapsedMs = 0;
            endsSent = 0;
            tone = rtpEvents ? null : DtmfGenerator.tone(c, DIGIT_MS);
        }
        int code = TelephoneEvent.eventFor(current);
        if (!rtpEvents) {
            short[] frame = new short[AudioFrame.SAMPLES];
            int from = elapsedMs * 8;
            System.arraycopy(tone, from, frame, 0, Math.min(AudioFrame.SAMPLES, tone.length - from));
            elapsedMs += AudioFrame.DURATION_MS;
            if (elapsedMs >= DIGIT_MS) {
                current = 0;
                gapLeftMs = GAP_MS;
            }
            return new Tone(frame);
        }
        if (elapsedMs < DIGIT_MS) {
            boolean first = elapsedMs == 0;
            elapsedMs += AudioFrame.DURATION_MS;
            boolean last = elapsedMs >= DIGIT_MS;
            TelephoneEvent ev = new TelephoneEvent(code, last, VOLUME, elapsedMs * 8);
            if (last) {
                endsSent = 1;
            }
            return new Event(ev, first, first);
        }
        TelephoneEvent end = new TelephoneEvent(code, true, VOLUME, DIGIT_MS * 8);
        if (++endsSent >= END_REPEATS) {
            current = 0;
            gapLeftMs = GAP_MS - AudioFrame.DURATION_MS;
        }
        return new Event(end, false, false);
    }
}
