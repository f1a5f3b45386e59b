package dev.dialtone.scenario.internal.worker;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import com.sun.management.GcInfo;
import com.sun.management.ThreadMXBean;

import dev.dialtone.scenario.internal.wire.Frame;
import dev.dialtone.scenario.internal.wire.Frame.Outcome;

/**
 * Polls every running callback: cancels it past the CPU deadline, past its allocation budget, or
 * when the heap is nearly full after a collection and it is a large allocator; reports a cancelled
 * callback that still runs after the grace period (the node then kills this process); and sends the
 * heartbeat the node uses to notice a worker that stopped answering altogether.
 */
final class Watchdog {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long POLL_MILLIS = 5;
    private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Collection<SandboxSession> sessions;
    private final WorkerSettings settings;
    private final Outbox outbox;
    private final Sandbox sandbox;

    Watchdog(Collection<SandboxSession> sessions, WorkerSettings settings, Outbox outbox, Sandbox sandbox) {
        this.sessions = sessions;
        this.settings = settings;
        this.outbox = outbox;
        this.sandbox = sandbox;
    }

    static long allocatedBytes(Thread t) {
        return THREADS.getThreadAllocatedBytes(t.threadId());
    }

    void start() {
        Thread t = new Thread(this::loop, "worker-watchdog");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
    }

    private void loop() {
        long cpuNanos = TimeUnit.MILLISECONDS.toNanos(settings.cpuMillis());
        long graceNanos = TimeUnit.MILLISECONDS.toNanos(settings.graceMillis());
        long lastHeartbeat = 0;
        while (true) {
            long now = System.nanoTime();
            Boolean heapTight = null;
            int stuck = 0;
            for (SandboxSession s : sessions) {
                SandboxSession.Callback cb = s.running;
                if (cb == null) {
                    continue;
                }
                if (cb.cancelReason != null) {
                    if (now - cb.cancelledAtNanos > graceNanos) {
                        stuck = s.handle;
                    }
                    continue;
                }
                long allocated = allocatedBytes(cb.thread) - cb.startAllocated;
                if (now - cb.startNanos > cpuNanos) {
                    s.cancel(cb, Outcome.CPU_LIMIT);
                } else if (allocated > settings.allocationBytes()) {
                    s.cancel(cb, Outcome.HEAP_LIMIT);
                } else if (allocated > settings.heapSuspectBytes()) {
                    if (heapTight == null) {
                        heapTight = heapTightAfterGc();
                    }
                    if (heapTight) {
                        s.cancel(cb, Outcome.HEAP_LIMIT);
                    }
                }
            }
            if (stuck != 0 || now - lastHeartbeat >= HEARTBEAT_NANOS) {
                outbox.send(new Frame(Frame.Type.HEARTBEAT, 0, sandbox.compilations(), stuck, null, null));
                lastHeartbeat = now;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** True when the old generation stayed above 75% of its maximum after its last collection. */
    private static boolean heapTightAfterGc() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
                GcInfo info = sun.getLastGcInfo();
                if (info == null) {
                    continue;
                }
                for (var entry : info.getMemoryUsageAfterGc().entrySet()) {
                    String pool = entry.getKey();
                    MemoryUsage u = entry.getValue();
                    if ((pool.contains("Old") || pool.contains("Tenured")) && u.getMax() > 0 && u.getUsed() > u.getMax() * 3 / 4) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
