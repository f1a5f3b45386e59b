package dev.dialtone.media.internal.graph;

import dev.dialtone.core.AudioFrame;

/**
 * One end of a back-to-back link (an internal call between two sessions): what is sent to this end
 * comes out of its partner one tick later, and the other way round. Both ends always share a mixer
 * thread.
 */
final class LinkEnd extends Unit {
    private LinkEnd partner;
    private final short[] inbox = new short[AudioFrame.SAMPLES];
    private boolean inboxActive;
    private long inboxTick = -1;

    LinkEnd(MediaGraph graph, String id) {
        super(graph, id);
    }

    static LinkEnd[] pair(MediaGraph graph, String id) {
        LinkEnd a = new LinkEnd(graph, id + "-a");
        LinkEnd b = new LinkEnd(graph, id + "-b");
        a.partner = b;
        b.partner = a;
        return new LinkEnd[] {a, b};
    }

    @Override
    Unit partner() {
        return partner;
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
    void produce(long tick, long nowNanos) {
        LinkEnd p = partner;
        boolean active = p.inboxTick == tick - 1 && p.inboxActive && p.owner == owner;
        if (active) {
            System.arraycopy(p.inbox, 0, out, 0, AudioFrame.SAMPLES);
        }
        publish(tick, active);
    }

    @Override
    void consume(long tick, long nowNanos) {
        short[] f = gather(tick);
        inboxActive = f != null;
        if (f != null) {
            System.arraycopy(f, 0, inbox, 0, AudioFrame.SAMPLES);
        }
        inboxTick = tick;
    }
}
