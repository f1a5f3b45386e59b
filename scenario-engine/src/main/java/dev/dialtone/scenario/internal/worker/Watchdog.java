package dev.dialtone.scenario.internal.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import com.sun.management.ThreadMXBean;

import dev.dialtone.scenario.internal.wire.Frame;
import dev.dialtone.scenario.internal.wire.Frame.Outcome;

/**
 * Polls every running callback: cancels it past the CPU deadline, past its allocation budget, or
 * when the heap is nearly full after a collection and its session is a large allocator (in this
 * callback or its recent ones); reports a cancelled
 * callback that still runs after the grace period (the node then kills this process); and sends the
 * heartbeat the node uses to notice a worker that stopped answering altogether. The heartbeat also
 * says whether a running callback is hot (has used more than {@code hot-cpu-ms} of CPU itself), and
 * is sent at once when that changes: the node lowers a hot worker's OS priority.
 *
 * <p>How long a callback has run is measured two ways. A callback that has used {@code hog-cpu-ms} (10 ms) of CPU
 * itself is treated as a CPU hog: it is cancelled once it has run for the limit in wall time, and its worker is
 * killed if it still runs the grace period after that, busy machine or not (a demoted hog gets little CPU, so its
 * own CPU time would let it linger). A lighter callback is only starved when it is slow (scripts cannot block: no
 * I/O, no locks, no threads), so its deadline and grace are measured in its own CPU time, with a wall backstop of
 * ten times each limit (at least {@value #MIN_WALL_BACKSTOP_MILLIS} ms). Before, on a loaded 2-core machine a 2 ms
 * ToneReceived callback waited more than a second for a core, was cancelled, could not stop within the grace
 * period, and its worker was killed with every session of the account. (A higher threshold, 100 ms, protected
 * cold first callbacks too, but a hog starved by a noisy machine then reached it too slowly and one hostile script
 * ran 7.5 s in CI.)
 *
 * <p>Demotion is a separate, higher threshold ({@code hot-cpu-ms}, 100 ms). It used to be the same 10 ms: then
 * every cold first callback of a fresh worker (a few tens of milliseconds in the interpreter) dropped the whole
 * worker to nice 19 during a burst of calls, and on a saturated machine those callbacks, at 19 among busy
 * processes at 0, could not finish their few milliseconds in a second of wall time: the videoconf bench lost 8 to
 * 10 of 40 browsers that way. A hog still gets at most about 100 ms of CPU at the node's priority.
 */
public final class Watchdog {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long POLL_MILLIS = 5;
    static final long MIN_WALL_BACKSTOP_MILLIS = 5_000;
    private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** API calls of a long callback are sent after waiting this long, not only when it ends. */
    private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Heartbeat s1 while some callback is hot. */
    public static final String HOT = "hot";

    private final Collection<SandboxSession> sessions;
    private final WorkerSettings settings;
    private final FrameSink outbox;
    private final JitMonitor jit;

    Watchdog(Collection<SandboxSession> sessions, WorkerSettings settings, FrameSink outbox, JitMonitor jit) {
        this.sessions = sessions;
        this.settings = settings;
        this.outbox = outbox;
        this.jit = jit;
    }

    static long allocatedBytes(Thread t) {
        return THREADS.getThreadAllocatedBytes(t.threadId());
    }

    static long cpuNanos(Thread t) {
        return THREADS.getThreadCpuTime(t.threadId());
    }

    void start() {
        Thread t = new Thread(this::loop, WorkerMain.CONTROL_PREFIX + "watchdog");
        t.setDaemon(true);
        
        t.start();
    }

    private void loop() {
        long cpuNanos = TimeUnit.MILLISECONDS.toNanos(settings.cpuMillis());
        long graceNanos = TimeUnit.MILLISECONDS.toNanos(settings.graceMillis());
        long wallNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_WALL_BACKSTOP_MILLIS, 10 * settings.cpuMillis()));
        long graceWallNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_WALL_BACKSTOP_MILLIS, 10 * settings.graceMillis()));
        long hotNanos = TimeUnit.MILLISECONDS.toNanos(settings.hotCpuMillis());
        long heavyNanos = TimeUnit.MILLISECONDS.toNanos(settings.hogCpuMillis());
        long lastHeartbeat = 0;
        boolean wasHot = false;
        while (true) {
            long now = System.nanoTime();
            HeapState heap = null;
            int stuck = 0;
            boolean hot = false;
            for (SandboxSession s : sessions) {
                SandboxSession.Callback cb = s.running;
                if (cb == null) {
                    continue;
                }
                if (cb.cancelReason != null) {
                    long since = now - cb.cancelledAtNanos;
                    boolean heavy = cb.cancelledAtCpu - cb.startCpu > heavyNanos;
                    if ((heavy && since > graceNanos) || cpuNanos(cb.thread) - cb.cancelledAtCpu > graceNanos
                            || since > graceWallNanos) {
                        stuck = s.handle;
                    }
                    continue;
                }
                if (s.batchAgeNanos() > BATCH_NANOS) {
                    s.flushCommands();
                }
                long allocated = allocatedBytes(cb.thread) - cb.startAllocated;
                long used = cpuNanos(cb.thread) - cb.startCpu;
                // Hot: the callback itself burnt this much CPU (waiting for a busy machine does not count).
                hot |= used > hotNanos;
                long ran = now - cb.startNanos;
                if (used > cpuNanos || (used > heavyNanos && ran > cpuNanos) || ran > wallNanos) {
                    s.cancel(cb, Outcome.CPU_LIMIT);
                } else if (allocated > settings.allocationBytes()) {
                    s.cancel(cb, Outcome.HEAP_LIMIT);
                } else if (allocated + s.recentAllocated() > settings.heapSuspectBytes()) {
                    // The heap is nearly full after a collection and this session allocated a lot lately:
                    // whether in one callback or across many (a leak that keeps what it allocates).
                    if (heap == null) {
                        heap = HeapState.read();
                    }
                    if (heap.tightFor(allocated + s.recentAllocated(), settings.heapSuspectBytes())) {
                        s.cancel(cb, Outcome.HEAP_LIMIT);
                    }
                }
            }
            if (stuck != 0 || hot != wasHot || now - lastHeartbeat >= HEARTBEAT_NANOS) {
                outbox.send(new Frame(Frame.Type.HEARTBEAT, 0, jit.compiled(), stuck, hot ? HOT : null, null));
                lastHeartbeat = now;
                wasHot = hot;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * A session that allocated this many times {@code heap-suspect-bytes} lately is a big allocator: it is
     * stopped already when the old generation is three quarters full right now, before the heap is so
     * full that every allocation runs a full collection (stop-the-world pauses that also hold this
     * watchdog, so that a leak of 16 MB every 10 ms ran 5-10 s in a 1 GB worker).
     */
    static final int BIG_ALLOCATOR_FACTOR = 4;

    /** How full the old generation is, now and after its last collection, as fractions of its maximum. */
    record HeapState(double now, double afterGc) {
        static HeapState read() {
            double now = 0;
            double afterGc = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                String name = pool.getName();
                if (pool.getType() != MemoryType.HEAP || !(name.contains("Old") || name.contains("Tenured"))) {
                    continue;
                }
                MemoryUsage usage = pool.getUsage();
                MemoryUsage collected = pool.getCollectionUsage();
                double max = usage.getMax() > 0 ? usage.getMax() : Runtime.getRuntime().maxMemory();
                now = Math.max(now, usage.getUsed() / max);
                if (collected != null) {
                    afterGc = Math.max(afterGc, collected.getUsed() / max);
                }
            }
            return new HeapState(now, afterGc);
        }

        /**
         * Nearly full for a session that allocated {@code allocatedBytes} lately: above 90 % now or 75 %
         * after the last collection; for a big allocator ({@link #BIG_ALLOCATOR_FACTOR} times
         * {@code suspectBytes}), above 75 % now is enough.
         */
        boolean tightFor(long allocatedBytes, long suspectBytes) {
            boolean bigAllocator = allocatedBytes > BIG_ALLOCATOR_FACTOR * suspectBytes;
            return now > 0.9 || afterGc > 0.75 || (bigAllocator && now > 0.75);
        }
    }
}
