package dev.dialtone.media.internal.graph;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.AudioFrame;
import dev.dialtone.core.Scheduler;
import dev.dialtone.core.ThreadPriority;
import dev.dialtone.media.internal.rtp.UdpTransport;

/**
 * One mixer thread. It owns a set of units and a selector for their sockets, and runs a tick every
 * 20 ms on absolute time ({@code epoch + n * 20 ms}, so it never drifts): between ticks it waits in
 * the selector, reading packets as they arrive into jitter buffers; at the tick it runs the three
 * phases (produce, mix conferences, consume/send). Nothing in a tick blocks: sends are non-blocking
 * and files, fetching and rendering happen on other threads. If the thread falls more than
 * {@value #MAX_BEHIND_TICKS} ticks behind (suspension), it skips ahead instead of bursting.
 */
final class Shard implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
    static final long TICK_NANOS = AudioFrame.DURATION_MS * 1_000_000L;
    private static final int MAX_BEHIND_TICKS = 10;
    private static final long SPIN_NANOS = 50_000;

    final int index;
    private final int nice;
    /** SCHED_FIFO priority while within budget; 0: never real-time. */
    private final int realtime;
    private int tid = -1;
    /** Set once the thread is real-time: when it must leave and may come back. Mixer thread only. */
    private RealtimeBudget budget;
    /** The thread's CPU time and the tick at the start of the current budget window. */
    private long windowCpu;
    private long windowStart = -1;
    private final Scheduler time;
    private final long epochNanos;
    private final TickStats tickStats;
    private final EngineMetrics metrics;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final List<Runnable> deferred = new ArrayList<>();
    private final List<Unit> producers = new ArrayList<>();
    private final List<ConferenceUnit> conferences = new ArrayList<>();
    private final List<Unit> consumers = new ArrayList<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(2048);
    private final byte[] scratch = new byte[2048];
    final ShardCounters counters = new ShardCounters();
    /** Units placed here by the controller (for choosing the least loaded thread). */
    int placed;
    private volatile boolean running = true;
    private volatile boolean waiting;
    private Thread thread;
    private long currentNanos;

    Shard(int index, int nice, int realtime, Scheduler time, long epochNanos, TickStats tickStats, EngineMetrics metrics)
            throws IOException {
        this.index = index;
        this.nice = nice;
        this.realtime = realtime;
        this.time = time;
        this.epochNanos = epochNanos;
        this.tickStats = tickStats;
        this.metrics = metrics;
        this.selector = Selector.open();
    }

    void start() {
        thread = Thread.ofPlatform().name("media-mixer-" + index).daemon(true).unstarted(this);
        thread.start();
    }

    /** Runs {@code command} on this thread before the next tick. */
    void post(Runnable command) {
        commands.add(command);
        if (waiting) {
            selector.wakeup();
        }
    }

    Selector selector() {
        return selector;
    }

    boolean onThisThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void run() {
        raisePriority();
        long tick = Math.max(0, (time.nanoTime() - epochNanos) / TICK_NANOS + 1);
        while (running) {
            long deadline = epochNanos + tick * TICK_NANOS;
            long now = time.nanoTime();
            if (now >= deadline) {
                long behind = (now - deadline) / TICK_NANOS;
                if (behind > MAX_BEHIND_TICKS) {
                    tickStats.skipped(behind);
                    tick += behind;
                    deadline = epochNanos + tick * TICK_NANOS;
                }
                tickStats.record(now - deadline);
                metrics.tickLateness(now - deadline);
                runCommands();
                long commandsDone = time.nanoTime();
                poll(0, now);
                long pollDone = time.nanoTime();
                try {
                    tick(tick, now);
                } catch (RuntimeException e) {
                    LOG.error("mixer tick failed on thread {}", index, e);
                }
                reportLongTick(now, commandsDone, pollDone, time.nanoTime());
                watchBudget(tick);
                tick++;
                continue;
            }
            runCommands();
            long wait = deadline - now;
            if (wait > 1_500_000) {
                poll((wait - 500_000) / 1_000_000, now);
            } else if (wait > SPIN_NANOS) {
                poll(0, now);
                long left = deadline - time.nanoTime();
                if (left > SPIN_NANOS) {
                    LockSupport.parkNanos(left - SPIN_NANOS);
                }
            } else {
                Thread.onSpinWait();
            }
        }
        shutdown();
    }

    /**
     * Gives this thread its nice value, and real-time scheduling if configured: a tick is short but must start on
     * time, so on a busy machine it should get a core before the node's other threads, the sandbox workers and
     * anything else running here. Under real-time scheduling nothing of normal priority can delay it at all.
     */
    private void raisePriority() {
        if (!ThreadPriority.available()) {
            return;
        }
        tid = ThreadPriority.currentTid().orElse(-1);
        if (nice != 0) {
            OptionalInt now = ThreadPriority.setForCurrentThread(nice);
            if (now.isPresent() && now.getAsInt() == nice) {
                LOG.debug("mixer thread {} runs at nice {}", index, nice);
            } else if (index == 0) {
                LOG.warn("mixer threads keep the node's priority: nice {} was refused (the node needs CAP_SYS_NICE for it)", nice);
            }
        }
        if (realtime > 0 && tid > 0) {
            if (ThreadPriority.setRealtime(tid, realtime) == ThreadPriority.Outcome.DONE
                    && ThreadPriority.policyOfThread(ProcessHandle.current().pid(), tid) == ThreadPriority.SCHED_FIFO) {
                budget = new RealtimeBudget(BUDGET_SHARE, RETURN_SHARE, CALM_WINDOWS, true);
                LOG.debug("mixer thread {} runs under real-time scheduling (SCHED_FIFO {})", index, realtime);
            } else if (index == 0) {
                LOG.warn("mixer threads run without real-time scheduling: SCHED_FIFO {} was refused (the node needs "
                        + "CAP_SYS_NICE or an RLIMIT_RTPRIO for it)", realtime);
            }
        }
    }

    /** The thread's own CPU time (reading it for the current thread is not a safepoint). */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Ticks per budget window (one second). */
    private static final int BUDGET_TICKS = 50;
    /**
     * Real-time scheduling ends when the thread used more than this share of a core in a window (the rest of
     * the machine keeps at least a fifth of that core; the kernel's real-time throttling stops at 95 %)...
     */
    static final double BUDGET_SHARE = 0.8;
    /** ...and comes back after this many windows, at one using less than {@link #RETURN_SHARE}. */
    private static final int CALM_WINDOWS = 5;
    static final double RETURN_SHARE = 0.6;

    /**
     * A real-time thread that keeps a core busy starves everything else on it (the node's other threads, the
     * workers, the machine's own services): when the mixer thread's CPU time passes {@link #BUDGET_SHARE} of a
     * second it goes back to normal scheduling (at its nice value) and says so; after five calmer seconds it is
     * real-time again. Overload then degrades the mixer's timing, never the machine.
     */
    private void watchBudget(long tick) {
        if (budget == null) {
            return;
        }
        if (windowStart < 0) {
            windowStart = tick;
            windowCpu = THREADS.getCurrentThreadCpuTime();
            return;
        }
        if (tick - windowStart < BUDGET_TICKS) {
            return;
        }
        long cpu = THREADS.getCurrentThreadCpuTime();
        double share = (cpu - windowCpu) / (double) ((tick - windowStart) * TICK_NANOS);
        windowStart = tick;
        windowCpu = cpu;
        int t = tid;
        switch (budget.windowEnded(share)) {
            case LEAVE -> {
                LOG.warn("mixer thread {} leaves real-time scheduling: it used {}% of a core in the last second (more "
                        + "than {}%); the node is overloaded", index, Math.round(share * 100), Math.round(BUDGET_SHARE * 100));
                Thread.ofVirtual().start(() -> ThreadPriority.setNormal(t));
            }
            case RETURN -> {
                LOG.info("mixer thread {} is under real-time scheduling again ({}% of a core)", index, Math.round(share * 100));
                RealtimeBudget b = budget;
                Thread.ofVirtual().start(() -> {
                    if (ThreadPriority.setRealtime(t, realtime) != ThreadPriority.Outcome.DONE) {
                        post(b::refused);
                    }
                });
            }
            case STAY -> { }
        }
    }

    private void poll(long timeoutMillis, long now) {
        try {
            if (timeoutMillis > 0) {
                waiting = true;
                if (!commands.isEmpty()) {
                    waiting = false;
                    return;
                }
                selector.select(this::onReadable, timeoutMillis);
                waiting = false;
            } else {
                selector.selectNow(this::onReadable);
            }
        } catch (IOException e) {
            waiting = false;
            LOG.warn("selector failed on mixer thread {}", index, e);
        }
    }

    private void onReadable(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof UdpTransport.Readable r) {
            r.read(receiveBuffer, scratch, time.nanoTime());
        }
    }

    private void runCommands() {
        Runnable c;
        while ((c = commands.poll()) != null) {
            try {
                c.run();
            } catch (RuntimeException e) {
                LOG.error("media graph command failed on mixer thread {}", index, e);
            }
        }
        if (!deferred.isEmpty()) {
            commands.addAll(deferred);
            deferred.clear();
        }
    }

    private void tick(long tick, long now) {
        currentNanos = now;
        for (int i = 0; i < producers.size(); i++) {
            Unit u = producers.get(i);
            if (!u.closed) {
                try {
                    u.produce(tick, now);
                } catch (RuntimeException e) {
                    failed(u, e);
                }
            }
        }
        for (int i = 0; i < conferences.size(); i++) {
            ConferenceUnit c = conferences.get(i);
            try {
                c.mix(tick);
            } catch (RuntimeException e) {
                failed(c, e);
            }
        }
        for (int i = 0; i < consumers.size(); i++) {
            Unit u = consumers.get(i);
            if (!u.closed) {
                try {
                    u.consume(tick, now);
                } catch (RuntimeException e) {
                    failed(u, e);
                }
            }
        }
        if (tick % 50 == 0) {
            metrics.flush(counters);
        }
    }

    /** A tick whose work took this long delays the next ones: say where the time went (at most every 10 s). */
    private static final long LONG_TICK_NANOS = 50_000_000;
    private long lastLongTickReport = Long.MIN_VALUE / 2;

    private void reportLongTick(long start, long commandsDone, long pollDone, long end) {
        if (end - start < LONG_TICK_NANOS || end - lastLongTickReport < 10_000_000_000L) {
            return;
        }
        lastLongTickReport = end;
        LOG.warn("mixer thread {}: a tick's work took {} ms (graph commands {} ms, reading sockets {} ms, mixing and "
                        + "sending {} ms; {} producers, {} conferences, {} consumers)", index, (end - start) / 1_000_000,
                (commandsDone - start) / 1_000_000, (pollDone - commandsDone) / 1_000_000, (end - pollDone) / 1_000_000,
                producers.size(), conferences.size(), consumers.size());
    }

    /** A unit that throws is a bug; it is taken out of the graph so the others keep playing. */
    private void failed(Unit u, RuntimeException e) {
        LOG.error("media unit {} failed on mixer thread {} and is removed", u, index, e);
        u.graph.remove(u);
    }

    long currentNanos() {
        return currentNanos;
    }

    /**
     * Starts processing {@code unit} here (on this thread). Attach requests may arrive more than once
     * or before the previous owner let go while a unit moves twice in a row: the unit is only ever
     * attached by its current home, after its previous owner detached it.
     */
    void attach(Unit unit) {
        if (unit.owner == this) {
            return;
        }
        if (unit.owner != null) {
            deferred.add(() -> attach(unit)); // still being processed elsewhere: try again next tick
            return;
        }
        if (unit.closed) {
            release(unit);
            return;
        }
        Shard home = unit.home;
        if (home != this) {
            if (home != null) {
                home.post(() -> home.attach(unit));
            }
            return;
        }
        try {
            unit.attached(this);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not attach {} to mixer thread {}", unit, index, e);
            unit.closed = true;
            release(unit);
            return;
        }
        unit.owner = this;
        if (unit instanceof ConferenceUnit c) {
            conferences.add(c);
        } else {
            if (unit.producesAudio()) {
                producers.add(unit);
            }
            if (unit.consumesAudio()) {
                consumers.add(unit);
            }
        }
    }

    /** Stops processing {@code unit} here; it is no longer touched by this thread. */
    void detach(Unit unit) {
        if (unit.owner != this) {
            return;
        }
        unit.detached(this);
        unit.owner = null;
        producers.remove(unit);
        consumers.remove(unit);
        if (unit instanceof ConferenceUnit c) {
            conferences.remove(c);
        }
    }

    /** Detaches and frees a closed unit. */
    void close(Unit unit) {
        if (unit.owner == this) {
            detach(unit);
            release(unit);
        }
    }

    private void release(Unit unit) {
        if (!unit.released.compareAndSet(false, true)) {
            return;
        }
        try {
            unit.released();
        } catch (RuntimeException e) {
            LOG.warn("releasing {} failed", unit, e);
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    void join() throws InterruptedException {
        if (thread != null) {
            thread.join(2_000);
        }
    }

    private void shutdown() {
        runCommands();
        for (Unit u : new ArrayList<>(allUnits())) {
            u.closed = true;
            close(u);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing selector", e);
        }
    }

    private List<Unit> allUnits() {
        List<Unit> all = new ArrayList<>(producers);
        for (Unit u : consumers) {
            if (!all.contains(u)) {
                all.add(u);
            }
        }
        all.addAll(conferences);
        return all;
    }

    int unitCount() {
        return producers.size() + consumers.size() + conferences.size();
    }
}
