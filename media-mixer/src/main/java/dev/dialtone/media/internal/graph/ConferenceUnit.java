package dev.dialtone.media.internal.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.Conference;
import dev.dialtone.core.MediaUnit;
import dev.dialtone.media.PayloadFormat;
import dev.dialtone.media.internal.codec.AudioCodec;

/**
 * N-1 mixer. Once per tick it adds up every audible, unmuted source in 32 bits; a listener then
 * gets that sum minus its own contribution, through the soft limiter. Listeners that contributed
 * nothing (silent or listen-only) share one limited mix computed once; endpoints that only listen also share
 * its encoding ({@link #encodeShared}). Silent sources cost a
 * threshold check and nothing else. A conference listening to another conference may hear it one
 * tick late (the cycle has to be cut somewhere).
 */
final class ConferenceUnit extends Unit implements Conference {
    private final String name;
    private volatile Set<Unit> muted = Set.of();

    private Unit[] indexed = NONE;
    private final Map<Unit, Integer> index = new IdentityHashMap<>();
    private short[][] contributions = new short[0][];
    private short[][] copies = new short[0][];
    private final int[] sum = new int[AudioFrame.SAMPLES];
    private final short[] shared = new short[AudioFrame.SAMPLES];
    private final short[] personal = new short[AudioFrame.SAMPLES];
    private boolean sharedReady;
    private int active;
    private long mixedTick = -1;
    private boolean mixing;

    ConferenceUnit(MediaGraph graph, String id, String name) {
        super(graph, id);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    boolean producesAudio() {
        return true;
    }

    @Override
    boolean consumesAudio() {
        return true;
    }

    @Override
    public void setMuted(MediaUnit source, boolean mute) {
        Unit u = graph.own(source);
        synchronized (this) {
            Set<Unit> next = new java.util.HashSet<>(muted);
            if (mute ? next.add(u) : next.remove(u)) {
                muted = Set.copyOf(next);
            }
        }
    }

    boolean isMuted(Unit u) {
        return muted.contains(u);
    }

    @Override
    public void stop() {
        graph.remove(this);
    }

    void mix(long tick) {
        if (mixedTick == tick || mixing) {
            return;
        }
        mixing = true;
        Unit[] src = sources;
        if (src != indexed) {
            reindex(src);
        }
        Set<Unit> mutedNow = muted;
        Arrays.fill(sum, 0);
        active = 0;
        Shard me = owner;
        for (int i = 0; i < src.length; i++) {
            Unit s = src[i];
            contributions[i] = null;
            if (s.owner != me || (!mutedNow.isEmpty() && mutedNow.contains(s))) {
                continue;
            }
            short[] f = s.frameFor(this, tick);
            if (f == null) {
                continue;
            }
            if (s instanceof ConferenceUnit) {
                System.arraycopy(f, 0, copies[i], 0, AudioFrame.SAMPLES); // its buffer is reused per listener
                f = copies[i];
            }
            contributions[i] = f;
            Mixing.add(sum, f);
            active++;
        }
        sharedReady = false;
        mixedTick = tick;
        mixing = false;
    }

    private void reindex(Unit[] src) {
        indexed = src;
        index.clear();
        for (int i = 0; i < src.length; i++) {
            index.put(src[i], i);
        }
        contributions = new short[src.length][];
        copies = new short[src.length][];
        for (int i = 0; i < src.length; i++) {
            if (src[i] instanceof ConferenceUnit) {
                copies[i] = new short[AudioFrame.SAMPLES];
            }
        }
    }

    @Override
    short[] frameFor(Unit listener, long tick) {
        if (mixedTick != tick) {
            mix(tick);
            if (mixedTick != tick) {
                return null; // inside a conference cycle: silent this tick
            }
        }
        if (active == 0) {
            return null;
        }
        Integer i = index.get(listener);
        short[] own = i == null ? null : contributions[i];
        if (own != null) {
            if (active == 1) {
                return null; // only the listener itself is talking
            }
            Mixing.limitMinus(sum, own, personal);
            return personal;
        }
        if (!sharedReady) {
            Mixing.limit(sum, shared);
            sharedReady = true;
        }
        return shared;
    }

    int activeSources() {
        return active;
    }

    /** One encoder of the shared mix in one payload format (at one delay), and what it made for which tick. */
    private static final class SharedEncoding {
        final PayloadFormat format;
        final int delay;
        final AudioCodec.Encoder encoder;
        final byte[] payload = new byte[1_500];
        long tick = -1;
        int length;

        SharedEncoding(PayloadFormat format, int delay, AudioCodec.Encoder encoder) {
            this.format = format;
            this.delay = delay;
            this.encoder = encoder;
        }
    }

    private static final int MAX_SHARED_ENCODINGS = 4;
    private static final short[] SILENCE = new short[AudioFrame.SAMPLES];
    private final List<SharedEncoding> encodings = new ArrayList<>(2);

    /** Whether {@code listener} hears the shared mix (it contributes nothing); after this tick's {@link #frameFor}. */
    boolean hearsSharedMix(Unit listener) {
        return !index.containsKey(listener);
    }

    /**
     * For a listener whose only source is this conference and that contributes nothing to it: this tick's shared
     * mix encoded in {@code format}, one 20 ms frame, by one encoder for all such listeners, copied to
     * {@code out[outOffset..]}; silence is encoded too when nobody talks, so each listener's stream always comes
     * from the same encoder. Returns the payload length, or -1 when the listener contributes (it needs its own N-1
     * mix and encoder). Mixer thread only.
     */
    int encodeShared(Unit listener, long tick, PayloadFormat format, AudioCodec codec, byte[] out, int outOffset) {
        short[] frame = frameFor(listener, tick);
        if (!hearsSharedMix(listener)) {
            return -1;
        }
        return encodeSharedFrame(frame, tick, 0, format, codec, out, outOffset);
    }

    /**
     * The shared mix of tick {@code mixTick} as it reaches listeners {@code delay} ticks later (through an internal
     * call's link: one tick), encoded once per format and delay: the first listener's {@code frame} (null: silence)
     * is encoded, the others get the same bytes. Returns the payload length, or -1 if it does not fit.
     */
    int encodeSharedFrame(short[] frame, long mixTick, int delay, PayloadFormat format, AudioCodec codec, byte[] out,
                          int outOffset) {
        SharedEncoding e = null;
        for (SharedEncoding x : encodings) {
            if (x.delay == delay && x.format.equals(format)) {
                e = x;
                break;
            }
        }
        if (e == null) {
            if (encodings.size() == MAX_SHARED_ENCODINGS) {
                encodings.remove(0);
            }
            e = new SharedEncoding(format, delay, codec.newEncoder());
            encodings.add(e);
        }
        if (e.tick != mixTick) {
            e.length = e.encoder.encode(frame == null ? SILENCE : frame, 0, AudioFrame.SAMPLES, e.payload, 0);
            e.tick = mixTick;
            Shard s = owner;
            if (s != null) {
                s.counters.framesEncoded++;
            }
        }
        if (e.length > out.length - outOffset) {
            return -1;
        }
        System.arraycopy(e.payload, 0, out, outOffset, e.length);
        return e.length;
    }
}
