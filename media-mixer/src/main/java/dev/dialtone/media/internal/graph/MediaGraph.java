package dev.dialtone.media.internal.graph;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.MediaUnit;
import dev.dialtone.core.Scheduler;
import dev.dialtone.media.MediaException;

/**
 * The controller of the media graph: who sends to whom, and which mixer thread runs which unit.
 *
 * <p>Every connected component of the graph lives on one mixer thread, so a tick reads its sources'
 * audio without crossing threads. A new unit goes to the least loaded thread; when an edge joins two
 * components on different threads, the smaller component moves to the larger one's thread: its old
 * thread detaches it at its next tick boundary and hands it over, and the new thread attaches it at
 * its own (the moving units skip a tick or two, once, when a call joins). Edge changes are published
 * as immutable snapshots that take effect at the next tick. Mutations are serialised by this
 * object's lock and never wait for a mixer thread.
 */
public final class MediaGraph {
    private static final Logger LOG = LoggerFactory.getLogger(MediaGraph.class);

    private final List<Shard> shards = new ArrayList<>();
    private final TickStats tickStats = new TickStats();
    private final EngineMetrics metrics;
    private final Scheduler time;
    private final long epochNanos;
    private boolean closed;

    /**
     * Starts {@code threads} mixer threads at nice value {@code nice} (0: the node's own), under real-time
     * scheduling at {@code realtime} (1..99; 0: never) while they stay within their budget ({@link Shard}).
     */
    public MediaGraph(int threads, int nice, int realtime, Scheduler time, EngineMetrics metrics) {
        this.time = time;
        this.metrics = metrics;
        this.epochNanos = time.nanoTime();
        try {
            for (int i = 0; i < threads; i++) {
                shards.add(new Shard(i, nice, realtime, time, epochNanos, tickStats, metrics));
            }
        } catch (IOException e) {
            throw new MediaException("could not open a selector for the mixer threads", e);
        }
        shards.forEach(Shard::start);
    }

    public TickStats tickStats() {
        return tickStats;
    }

    EngineMetrics metrics() {
        return metrics;
    }

    Scheduler time() {
        return time;
    }

    /** The graph's monotonic clock (what ticks and packet arrival times are measured with). */
    public long nanoTime() {
        return time.nanoTime();
    }

    /** The start of tick 0, shared by all mixer threads so tick numbers agree. */
    long epochNanos() {
        return epochNanos;
    }

    /** Casts a unit from the scenario API to ours, or fails: units of other engines cannot connect. */
    Unit own(MediaUnit unit) {
        if (unit instanceof Unit u && u.graph == this) {
            return u;
        }
        throw new IllegalArgumentException("not a unit of this media engine: " + unit);
    }

    private final java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();

    private String nextId(String kind) {
        return kind + "-" + ids.incrementAndGet();
    }

    public dev.dialtone.core.Conference newConference(String name) {
        ConferenceUnit c = new ConferenceUnit(this, nextId("conf"), name);
        add(c);
        return c;
    }

    public PlayerUnit newPlayer(boolean loop, dev.dialtone.core.PlaybackListener listener) {
        PlayerUnit p = new PlayerUnit(this, nextId("player"), loop, listener);
        add(p);
        return p;
    }

    public RecorderUnit newRecorder(String recordingId) {
        RecorderUnit r = new RecorderUnit(this, nextId("rec"), recordingId);
        add(r);
        return r;
    }

    public dev.dialtone.core.MediaLink newLink() {
        LinkEnd[] pair = LinkEnd.pair(this, nextId("link"));
        add(pair[0]);
        return new dev.dialtone.core.MediaLink(pair[0], pair[1]);
    }

    public EndpointUnit newEndpoint(dev.dialtone.media.internal.rtp.RtpTransport transport,
                                    dev.dialtone.media.EndpointListener listener, EndpointUnit.Settings settings) {
        EndpointUnit e = new EndpointUnit(this, nextId("rtp"), transport, listener, settings);
        add(e);
        return e;
    }

    /** Adds a WebRTC endpoint whose parameters the SDP offer/answer fixed; it listens from the next tick. */
    public WebRtcEndpointUnit newWebRtcEndpoint(dev.dialtone.media.internal.webrtc.WebRtcTransport transport,
                                                dev.dialtone.media.WebRtcListener listener,
                                                EndpointUnit.Settings settings, java.net.InetSocketAddress announced,
                                                dev.dialtone.media.RtpParameters parameters) {
        WebRtcEndpointUnit e = new WebRtcEndpointUnit(this, nextId("webrtc"), transport, listener, settings, announced,
                parameters);
        add(e);
        return e;
    }

    /** Frees any unit of this graph (link ends, endpoints, players...). Idempotent. */
    public void release(MediaUnit unit) {
        Unit u = own(unit);
        remove(u);
        if (u.partner() != null) {
            remove(u.partner());
        }
    }

    /** Places a new unit on the least loaded mixer thread. */
    synchronized void add(Unit unit) {
        if (closed) {
            throw new MediaException("the media engine is closed");
        }
        Shard best = shards.get(0);
        for (Shard s : shards) {
            if (s.placed < best.placed) {
                best = s;
            }
        }
        place(unit, best);
        Unit partner = unit.partner();
        if (partner != null && partner.home == null) {
            place(partner, best);
        }
    }

    private void place(Unit unit, Shard shard) {
        unit.home = shard;
        shard.placed++;
        shard.post(() -> shard.attach(unit));
    }

    synchronized void connect(Unit from, Unit to) {
        if (from == to || from.closed || to.closed || closed) {
            return;
        }
        if (!from.producesAudio() || !to.consumesAudio()) {
            LOG.debug("ignoring {} -> {}: the source makes no audio or the target does not listen", from, to);
            return;
        }
        if (!to.sourceSet.add(from)) {
            return; // idempotent
        }
        from.targetSet.add(to);
        to.sources = to.sourceSet.toArray(Unit.NONE);
        if (from instanceof PlayerUnit p) {
            p.listenersChanged(from.targetSet.size());
        }
        if (from.home != to.home) {
            merge(from, to);
        }
    }

    synchronized void disconnect(Unit from, Unit to) {
        if (to.sourceSet.remove(from)) {
            from.targetSet.remove(to);
            to.sources = to.sourceSet.toArray(Unit.NONE);
            if (from instanceof PlayerUnit p) {
                p.listenersChanged(from.targetSet.size());
            }
        }
    }

    /** Removes every edge of {@code unit} and frees it on its thread. */
    public synchronized void remove(Unit unit) {
        if (unit.closed) {
            return;
        }
        unit.closed = true;
        for (Unit s : new ArrayList<>(unit.sourceSet)) {
            disconnect(s, unit);
        }
        for (Unit t : new ArrayList<>(unit.targetSet)) {
            disconnect(unit, t);
        }
        Shard home = unit.home;
        if (home != null) {
            home.placed--;
            home.post(() -> home.close(unit));
        }
    }

    private void merge(Unit a, Unit b) {
        Set<Unit> ca = component(a);
        Set<Unit> cb = component(b);
        Set<Unit> moving = ca.size() <= cb.size() ? ca : cb;
        Shard target = (moving == ca ? b : a).home;
        for (Unit u : moving) {
            Shard old = u.home;
            if (old == target || old == null) {
                continue;
            }
            u.home = target;
            old.placed--;
            target.placed++;
            old.post(() -> {
                old.detach(u);
                target.post(() -> target.attach(u));
            });
        }
    }

    private static Set<Unit> component(Unit start) {
        Set<Unit> seen = new HashSet<>();
        ArrayDeque<Unit> todo = new ArrayDeque<>();
        todo.add(start);
        while (!todo.isEmpty()) {
            Unit u = todo.poll();
            if (u == null || !seen.add(u)) {
                continue;
            }
            todo.addAll(u.sourceSet);
            todo.addAll(u.targetSet);
            if (u.partner() != null) {
                todo.add(u.partner());
            }
        }
        return seen;
    }

    /** Stops the mixer threads; every unit is released. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        shards.forEach(Shard::stop);
        for (Shard s : shards) {
            try {
                s.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public int threads() {
        return shards.size();
    }
}
