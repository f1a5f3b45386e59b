package dev.dialtone.media.internal.graph;

import java.util.Objects;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.MediaUnit;

/**
 * A node of the media graph. The topology ({@link #sources}) is an immutable snapshot published by
 * {@link MediaGraph} under its lock; everything else is touched only by the mixer thread that owns
 * the unit ({@link #owner}), tick by tick: {@link #produce}, then conferences mix, then
 * {@link #consume}.
 */
public abstract class Unit implements MediaUnit {
    static final Unit[] NONE = new Unit[0];
    /** Frames quieter than this mean square (about -66 dBFS) count as silence and are skipped. */
    static final double SILENCE_ENERGY = 16.0 * 16.0;

    private final String id;
    final MediaGraph graph;

    /** Units sending to this one, as the mixer thread sees them. */
    volatile Unit[] sources = NONE;
    /** The mixer thread currently processing this unit, or null while it moves. */
    volatile Shard owner;
    /** Set once by close/stop from any thread; the owning shard then releases the unit. */
    volatile boolean closed;

    /** Released exactly once, by whichever thread processes the close. */
    final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    /** The mixer thread the controller assigned (written under the graph's lock). */
    volatile Shard home;
    // Controller side (guarded by the graph's lock).
    final java.util.Set<Unit> sourceSet = new java.util.LinkedHashSet<>();
    final java.util.Set<Unit> targetSet = new java.util.LinkedHashSet<>();

    // Mixer thread side.
    final short[] out = new short[AudioFrame.SAMPLES];
    long outTick = -1;
    boolean outActive;

    protected Unit(MediaGraph graph, String id) {
        this.graph = Objects.requireNonNull(graph, "graph");
        this.id = Objects.requireNonNull(id, "id");
    }

    @Override
    public String mediaId() {
        return id;
    }

    @Override
    public void sendMediaTo(MediaUnit target) {
        graph.connect(this, graph.own(target));
    }

    @Override
    public void stopMediaTo(MediaUnit target) {
        graph.disconnect(this, graph.own(target));
    }

    /** Whether this unit can be a source of audio (recorders cannot). */
    abstract boolean producesAudio();

    /** Whether this unit listens to its sources (players do not). */
    abstract boolean consumesAudio();

    /** Units that must always share a mixer thread with this one (a link's other end). */
    Unit partner() {
        return null;
    }

    /** Called on the new owner's thread when the unit starts being processed there. */
    void attached(Shard shard) throws java.io.IOException {
    }

    /** Called on the owner's thread before the unit moves away or closes. */
    void detached(Shard shard) {
    }

    /** Called once on the owner's thread after the unit was closed and detached. */
    void released() {
    }

    /** Phase 1: fill {@link #out} for this tick and set {@link #outActive}. */
    void produce(long tick, long nowNanos) {
    }

    /** Phase 3: take in what the sources produced this tick. */
    void consume(long tick, long nowNanos) {
    }

    /**
     * The audio this unit sends to {@code listener} this tick, or null for silence. The array is only
     * valid until the next call on this unit. Conferences override this with the N-1 mix.
     */
    short[] frameFor(Unit listener, long tick) {
        return outTick == tick && outActive ? out : null;
    }

    private final int[] gatherSum = new int[AudioFrame.SAMPLES];
    private final short[] gatherOut = new short[AudioFrame.SAMPLES];

    /**
     * What this unit hears this tick: null for silence, the one audible source's frame as is, or the
     * limited sum of several. Sources on another mixer thread (moving) are skipped for the tick.
     */
    final short[] gather(long tick) {
        Unit[] src = sources;
        Shard me = owner;
        short[] single = null;
        int n = 0;
        for (Unit s : src) {
            if (s.owner != me) {
                continue;
            }
            short[] f = s.frameFor(this, tick);
            if (f == null) {
                continue;
            }
            if (n == 0) {
                single = f;
            } else {
                if (n == 1) {
                    for (int i = 0; i < AudioFrame.SAMPLES; i++) {
                        gatherSum[i] = single[i];
                    }
                }
                Mixing.add(gatherSum, f);
            }
            n++;
        }
        if (n <= 1) {
            return single;
        }
        Mixing.limit(gatherSum, gatherOut);
        return gatherOut;
    }

    /** Marks {@link #out} as produced this tick, deciding whether it is loud enough to be mixed. */
    final void publish(long tick, boolean mayBeActive) {
        outTick = tick;
        outActive = mayBeActive && !isSilent(out);
    }

    static boolean isSilent(short[] pcm) {
        long sum = 0;
        for (short s : pcm) {
            sum += s * s;
        }
        return sum < SILENCE_ENERGY * pcm.length;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + "]";
    }
}
