package dev.dialtone.media.internal.dtmf;

import java.time.Duration;
import java.util.function.BiConsumer;

import dev.dialtone.media.internal.rtp.TelephoneEvent;

/**
 * Turns RFC 4733 telephone-event packets into digits, each reported exactly once with its duration.
 * An event is identified by its RTP timestamp (section 2.5.1.2): repeated updates, the three
 * redundant end packets and reordered copies of the same event are folded into one. If the end
 * packets are all lost, the event is reported when the next event starts or after
 * {@value #END_TIMEOUT_MS} ms without updates.
 */
public final class TelephoneEventReceiver {
    private static final long END_TIMEOUT_MS = 800;
    private static final int REMEMBERED = 16;

    private final int clockRate;
    private final BiConsumer<Character, Duration> onDigit;
    private final long[] finished = new long[REMEMBERED];
    private int finishedCursor;

    private boolean inEvent;
    private long eventTimestamp;
    private int eventCode;
    private int maxDuration;
    private long lastUpdateNanos;

    public TelephoneEventReceiver(int clockRate, BiConsumer<Character, Duration> onDigit) {
        this.clockRate = clockRate;
        this.onDigit = onDigit;
        java.util.Arrays.fill(finished, -1);
    }

    public void onPacket(long rtpTimestamp, TelephoneEvent event, long nowNanos) {
        if (wasFinished(rtpTimestamp)) {
            return; // a redundant end packet or a straggler of an event already reported
        }
        if (inEvent && rtpTimestamp != eventTimestamp) {
            if (isOlder(rtpTimestamp, eventTimestamp)) {
                return; // a late packet of an older event we already closed
            }
            finish(); // the end packets of the previous event were lost
        }
        if (!inEvent) {
            inEvent = true;
            eventTimestamp = rtpTimestamp;
            eventCode = event.event();
            maxDuration = 0;
        }
        maxDuration = Math.max(maxDuration, event.duration());
        lastUpdateNanos = nowNanos;
        if (event.end()) {
            finish();
        }
    }

    /** Closes an event whose end never came. Call once per tick. */
    public void tick(long nowNanos) {
        if (inEvent && nowNanos - lastUpdateNanos > END_TIMEOUT_MS * 1_000_000) {
            finish();
        }
    }

    private static boolean isOlder(long a, long b) {
        return (int) (a - b) < 0;
    }

    private boolean wasFinished(long ts) {
        for (long f : finished) {
            if (f == ts) {
                return true;
            }
        }
        return false;
    }

    private void finish() {
        inEvent = false;
        finished[finishedCursor] = eventTimestamp;
        finishedCursor = (finishedCursor + 1) % REMEMBERED;
        char digit = eventCode < 16 ? "0123456789*#ABCD".charAt(eventCode) : 0;
        if (digit != 0) {
            onDigit.accept(digit, Duration.ofMillis(maxDuration * 1000L / clockRate));
        }
    }
}
