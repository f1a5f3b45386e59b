package dev.dialtone.media.internal.graph;

import dev.dialtone.core.AudioFrame;

/**
 * One end of a back-to-back link (an internal call between two sessions): what is sent to this end
 * comes out of its partner one tick later, and the other way round. Both ends always share a mixer
 * thread. An end fed only by a conference's shared mix says so, so that what listens to its partner can share
 * the conference's encoding.
 */
final class LinkEnd extends Unit {
    private LinkEnd partner;
    private final short[] inbox = new short[AudioFrame.SAMPLES];
    private boolean inboxActive;
    private long inboxTick = -1;
    /**
     * The conference whose shared mix of tick (inbox tick - {@code inboxDelay}) is in the inbox: this end's only
     * source is that conference (and contributes nothing to it), or a link end that passes its mix on.
     */
    private ConferenceUnit inboxShared;
    private int inboxDelay;
    private ConferenceUnit producedShared;
    private int producedDelay;
    private long producedTick = -1;

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
        boolean fresh = p.inboxTick == tick - 1 && p.owner == owner;
        // Noted now: the partner may take in the next frame (and its source) before our listeners send this one.
        producedShared = fresh ? p.inboxShared : null;
        producedDelay = p.inboxDelay + 1;
        producedTick = tick;
        boolean active = fresh && p.inboxActive;
        if (active) {
            System.arraycopy(p.inbox, 0, out, 0, AudioFrame.SAMPLES);
        }
        publish(tick, active);
    }

    /**
     * The conference whose shared mix (of the previous tick) comes out of this end this tick, or null: lets the
     * listeners of this end share that conference's encoding ({@link ConferenceUnit#encodeSharedFrame}).
     */
    ConferenceUnit sharedMixSource(long tick) {
        return producedTick == tick ? producedShared : null;
    }

    /** How many ticks ago the conference of {@link #sharedMixSource} mixed what comes out this tick. */
    int sharedMixDelay() {
        return producedDelay;
    }

    @Override
    void consume(long tick, long nowNanos) {
        short[] f = gather(tick);
        Unit[] src = sources;
        inboxShared = null;
        inboxDelay = 0;
        if (src.length == 1 && src[0].owner == owner) {
            if (src[0] instanceof ConferenceUnit c && c.hearsSharedMix(this)) {
                inboxShared = c;
            } else if (src[0] instanceof LinkEnd l && l.sharedMixSource(tick) != null) {
                inboxShared = l.sharedMixSource(tick);
                inboxDelay = l.sharedMixDelay();
            }
        }
        inboxActive = f != null;
        if (f != null) {
            System.arraycopy(f, 0, inbox, 0, AudioFrame.SAMPLES);
        }
        inboxTick = tick;
    }
}
