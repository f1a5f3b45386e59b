package dev.dialtone.media.internal.jitter;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.media.internal.codec.AudioCodec;

/**
 * Adaptive playout buffer for one incoming RTP stream. The network side {@link #insert}s packets as
 * they arrive (in any order, with duplicates and stragglers); the mixer {@link #pull}s one 20 ms
 * frame per tick, decoded in timestamp order.
 *
 * <p>The target depth follows the interarrival jitter (three times the RFC 3550 estimate plus a frame,
 * rounded up to whole frames, between {@value #MIN_TARGET_MS} ms and the configured maximum) and grows
 * by a frame whenever a packet arrives after its playout time. A missing packet is waited for while
 * the buffer is below target and concealed once it is not; an empty buffer is concealed without
 * advancing the playout point (the sender's clock is slow); a buffer well above target drops a frame
 * (the sender's clock is fast). A timestamp jump of more than a second re-synchronises.
 *
 * <p>Used by one thread (the endpoint's mixer thread).
 */
public final class JitterBuffer {
    public static final int MIN_TARGET_MS = 40;
    private static final int FRAME = AudioFrame.SAMPLES;
    private static final int CAPACITY = 128;
    private static final long RESYNC_SAMPLES = 8_000;       // 1 s
    private static final int EXCESS_FRAMES_BEFORE_DROP = 2;
    private static final int TICKS_ABOVE_BEFORE_DROP = 8;
    private static final int QUIET_TICKS_BEFORE_SHRINK = 500; // 10 s

    /** What a {@link #pull} produced. */
    public enum Outcome {
        /** Decoded audio from packets. */
        PLAYED,
        /** Partly or wholly invented for missing packets. */
        CONCEALED,
        /** Nothing to play yet, or the stream has stopped: digital silence. */
        SILENCE
    }

    private final int maxTargetMs;
    private final int unitsPerSample;
    private final long[] ts = new long[CAPACITY];      // extended timestamps in 8 kHz samples, sorted
    private final byte[][] payloads = new byte[CAPACITY][];
    private final boolean[] markers = new boolean[CAPACITY];
    private int size;

    private final long[] played = new long[32];   // timestamps of the last packets decoded, to spot duplicates
    private int playedCursor;
    private final short[] carry = new short[FRAME * 8];
    private int carryLength;
    private final Concealment concealment = new Concealment();

    private boolean haveBase;
    private long lastExtended;      // last extended RTP timestamp (in RTP units) for unwrapping
    private boolean playing;
    private long nextSample;        // extended timestamp (8 kHz samples) of the next sample to play
    private long firstArrivalNanos;
    private int targetMs;
    private int ticksAboveTarget;
    private int quietTicks;
    private double jitterMs;

    private long concealedFrames;
    private long latePackets;
    private long duplicatePackets;
    private long droppedFrames;
    private long playedFrames;

    public JitterBuffer(int maxTargetMs, int unitsPerSample) {
        if (maxTargetMs < MIN_TARGET_MS) {
            throw new IllegalArgumentException("maximum jitter buffer must be at least " + MIN_TARGET_MS + " ms");
        }
        if (unitsPerSample < 1) {
            throw new IllegalArgumentException("unitsPerSample must be >= 1");
        }
        this.maxTargetMs = maxTargetMs;
        this.unitsPerSample = unitsPerSample;
        this.targetMs = Math.min(maxTargetMs, 60);
        java.util.Arrays.fill(played, Long.MIN_VALUE);
    }

    /** Forgets everything (new SSRC, re-INVITE): the next packet starts a new timeline. */
    public void reset() {
        size = 0;
        carryLength = 0;
        java.util.Arrays.fill(played, Long.MIN_VALUE);
        haveBase = false;
        playing = false;
        ticksAboveTarget = 0;
    }

    /** Updates the jitter estimate (milliseconds, RFC 3550) the target depth follows. */
    public void jitterEstimate(double millis) {
        jitterMs = millis;
        int wanted = wantedTargetMs();
        if (wanted > targetMs) {
            targetMs = wanted;
        }
    }

    private int wantedTargetMs() {
        int raw = (int) Math.ceil(3 * jitterMs) + AudioFrame.DURATION_MS;
        int frames = (raw + AudioFrame.DURATION_MS - 1) / AudioFrame.DURATION_MS;
        return Math.max(MIN_TARGET_MS, Math.min(maxTargetMs, frames * AudioFrame.DURATION_MS));
    }

    /** Adds a packet; returns false if it was a duplicate or arrived too late to be played. */
    public boolean insert(long rtpTimestamp, byte[] payload, boolean marker, long arrivalNanos) {
        long ext = unwrap(rtpTimestamp);
        long sample = Math.floorDiv(ext, unitsPerSample);
        if (playing && sample < nextSample) {
            if (recentlyPlayed(sample)) {
                duplicatePackets++;
                return false;
            }
            if (nextSample - sample > RESYNC_SAMPLES) {
                // The source restarted its timestamps far behind: start over from this packet.
                reset();
                return insert(rtpTimestamp, payload, marker, arrivalNanos);
            }
            latePackets++;
            targetMs = Math.min(maxTargetMs, targetMs + AudioFrame.DURATION_MS);
            quietTicks = 0;
            return false;
        }
        int i = size;
        while (i > 0 && ts[i - 1] > sample) {
            i--;
        }
        if (i > 0 && ts[i - 1] == sample) {
            duplicatePackets++;
            return false;
        }
        if (size == CAPACITY) {
            if (i == 0) {
                return false;
            }
            removeFirst(); // overflowing: the oldest goes
            i--;
        }
        System.arraycopy(ts, i, ts, i + 1, size - i);
        System.arraycopy(payloads, i, payloads, i + 1, size - i);
        System.arraycopy(markers, i, markers, i + 1, size - i);
        ts[i] = sample;
        payloads[i] = payload;
        markers[i] = marker;
        if (size == 0 && !playing) {
            firstArrivalNanos = arrivalNanos;
        }
        size++;
        return true;
    }

    private long unwrap(long rtpTimestamp) {
        if (!haveBase) {
            haveBase = true;
            lastExtended = rtpTimestamp;
            return rtpTimestamp;
        }
        long delta = (int) (rtpTimestamp - (lastExtended & 0xFFFF_FFFFL)); // signed 32-bit difference
        long ext = lastExtended + delta;
        if (ext > lastExtended) {
            lastExtended = ext;
        }
        return ext;
    }

    private boolean recentlyPlayed(long sample) {
        for (long p : played) {
            if (p == sample) {
                return true;
            }
        }
        return false;
    }

    private void removeFirst() {
        System.arraycopy(ts, 1, ts, 0, size - 1);
        System.arraycopy(payloads, 1, payloads, 0, size - 1);
        System.arraycopy(markers, 1, markers, 0, size - 1);
        payloads[--size] = null;
    }

    /** Milliseconds of audio buffered beyond the playout point. */
    public int depthMs() {
        if (size == 0) {
            return carryLength / 8;
        }
        long end = ts[size - 1] + FRAME; // assume the newest packet holds a frame
        long from = playing ? nextSample : ts[0];
        return (int) Math.max(0, (end - from + carryLength) / 8);
    }

    public int targetMs() {
        return targetMs;
    }

    /** Produces the next 20 ms into {@code out} (160 samples). */
    public Outcome pull(AudioCodec.Decoder decoder, short[] out, long nowNanos) {
        Outcome outcome = Outcome.PLAYED;
        int filled = takeCarry(out, 0);
        boolean concealed = false;
        boolean silent = false;
        while (filled < FRAME) {
            if (!playing) {
                if (size == 0 || (depthMs() < targetMs && nowNanos - firstArrivalNanos < targetMs * 1_000_000L)) {
                    fillSilence(out, filled);
                    return filled == 0 ? Outcome.SILENCE : outcome;
                }
                playing = true;
                nextSample = ts[0];
            }
            if (size > 0 && ts[0] < nextSample) {
                removeFirst(); // overtaken by a resync or a drop; never played
                continue;
            }
            if (size > 0 && ts[0] == nextSample) {
                filled = decodeFirst(decoder, out, filled);
                continue;
            }
            int want = FRAME - filled;
            if (size == 0) {
                // Underrun: invent audio but keep the playout point, so the late packet still plays.
                if (concealment.exhausted()) {
                    fillSilence(out, filled);
                    silent = true;
                } else {
                    concealment.conceal(out, filled, want);
                    concealed = true;
                }
                filled = FRAME;
                break;
            }
            long gap = ts[0] - nextSample;
            if (gap > RESYNC_SAMPLES || gap > (long) targetMs * 8 + FRAME) {
                // A long pause or a jump: what is missing can no longer be waited for; play from here.
                nextSample = ts[0];
                continue;
            }
            int n = (int) Math.min(want, gap);
            if (markers[0]) {
                // A new talkspurt after silence suppression: the gap is silence, not loss.
                java.util.Arrays.fill(out, filled, filled + n, (short) 0);
                nextSample += n;
                filled += n;
                silent = true;
                continue;
            }
            if (depthMs() < targetMs) {
                // Maybe only late: wait for it without advancing.
                concealment.conceal(out, filled, want);
                concealed = true;
                filled = FRAME;
                break;
            }
            if (!decoder.conceal(out, filled, n)) {
                concealment.conceal(out, filled, n);
            }
            concealed = true;
            nextSample += n;
            filled += n;
        }
        if (concealed) {
            concealedFrames++;
            outcome = Outcome.CONCEALED;
        } else if (silent) {
            outcome = Outcome.SILENCE;
        } else {
            playedFrames++;
            concealment.played(out, 0, FRAME);
        }
        adapt();
        return outcome;
    }

    private int decodeFirst(AudioCodec.Decoder decoder, short[] out, int filled) {
        byte[] payload = payloads[0];
        played[playedCursor] = ts[0];
        playedCursor = (playedCursor + 1) % played.length;
        int samples = decoder.samplesIn(payload, 0, payload.length);
        removeFirst();
        int want = FRAME - filled;
        if (samples <= want) {
            int n = decoder.decode(payload, 0, payload.length, out, filled);
            nextSample += samples;
            return filled + n;
        }
        // Packets longer than a frame (ptime 30/40/60): keep the rest for the next pulls.
        short[] tmp = new short[samples];
        int n = decoder.decode(payload, 0, payload.length, tmp, 0);
        System.arraycopy(tmp, 0, out, filled, want);
        int rest = Math.min(n - want, carry.length);
        System.arraycopy(tmp, want, carry, 0, rest);
        carryLength = rest;
        nextSample += samples;
        return FRAME;
    }

    private int takeCarry(short[] out, int filled) {
        if (carryLength == 0) {
            return filled;
        }
        int n = Math.min(carryLength, FRAME - filled);
        System.arraycopy(carry, 0, out, filled, n);
        System.arraycopy(carry, n, carry, 0, carryLength - n);
        carryLength -= n;
        return filled + n;
    }

    private static void fillSilence(short[] out, int from) {
        java.util.Arrays.fill(out, from, FRAME, (short) 0);
    }

    private void adapt() {
        int depth = depthMs();
        if (depth > targetMs + EXCESS_FRAMES_BEFORE_DROP * AudioFrame.DURATION_MS) {
            if (++ticksAboveTarget >= TICKS_ABOVE_BEFORE_DROP && size > 0) {
                // The sender's clock is fast (or a burst arrived): skip one frame of the oldest audio.
                long until = nextSample + FRAME;
                while (size > 0 && ts[0] < until) {
                    removeFirst();
                }
                nextSample = until;
                carryLength = 0;
                droppedFrames++;
                ticksAboveTarget = 0;
            }
        } else {
            ticksAboveTarget = 0;
        }
        if (++quietTicks >= QUIET_TICKS_BEFORE_SHRINK) {
            quietTicks = 0;
            int wanted = wantedTargetMs();
            if (targetMs > wanted) {
                targetMs -= AudioFrame.DURATION_MS;
            }
        }
    }

    public long concealedFrames() {
        return concealedFrames;
    }

    public long latePackets() {
        return latePackets;
    }

    public long duplicatePackets() {
        return duplicatePackets;
    }

    public long droppedFrames() {
        return droppedFrames;
    }

    public long playedFrames() {
        return playedFrames;
    }

    public boolean playing() {
        return playing;
    }
}
