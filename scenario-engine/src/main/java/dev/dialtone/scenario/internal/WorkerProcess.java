package dev.dialtone.scenario.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.scenario.internal.wire.Frame;
import dev.dialtone.scenario.internal.worker.Watchdog;

/**
 * One sandbox worker process as the node sees it: its pipes, the sessions it hosts, and what the
 * supervisor needs to judge its health (last frame time, outstanding callbacks, stuck reports).
 *
 * <p>Nothing in the node ever waits for a worker: frames to it are queued and written by the worker's
 * own writer thread (a worker that stops reading fills only its own pipe), and frames from it are read
 * by its own reader thread, which only hands them to the sessions' executors.
 */
final class WorkerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

    /** Receives what the worker sends, on the worker's reader thread; must not block. */
    interface Listener {
        void onFrame(WorkerProcess worker, Frame frame);

        void onExit(WorkerProcess worker);

        /** A callback became hot or stopped being hot (see {@link #hot}); on the reader thread, must not block. */
        default void onHotChanged(WorkerProcess worker) {
        }
    }

    private final Process process;
    private final DataOutputStream out;
    private final LinkedBlockingQueue<Frame[]> outgoing = new LinkedBlockingQueue<>();
    private volatile Listener listener;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final AtomicInteger nextHandle = new AtomicInteger();
    /** The sessions on this worker; added only through {@link #attach}, so that none is added after it died. */
    final Map<Integer, NodeSession> sessions = new ConcurrentHashMap<>();
    /** Set once by {@link #detachAll()} when the process exited; guarded by {@code sessions}. */
    private boolean detached;
    /** Sessions with an OPEN or DISPATCH sent and its DONE not yet received. */
    final Map<Integer, NodeSession> inFlight = new ConcurrentHashMap<>();
    final AtomicInteger outstanding = new AtomicInteger();
    volatile long lastFrameNanos = System.nanoTime();
    volatile long compilations;
    /** Names of the functions the worker's optimizing JIT compiled (with trace-compilation; the last 10,000). */
    final Queue<String> jitFunctions = new ConcurrentLinkedQueue<>();
    volatile int stuckHandle;
    /** A callback of this worker has used more CPU than worker.demote-after (its last heartbeat said). */
    volatile boolean hot;
    volatile boolean killed;
    volatile String killReason;
    /** Syntax checks waiting for this worker: like a lease, they make a starting worker urgent. */
    final AtomicInteger pendingParses = new AtomicInteger();
    /** The OS priority its threads currently have; changed by the pool's supervisor only. */
    volatile WorkerPriority.Level priority;
    /** No new sessions go here (it could not be given its priority back); it ends with its last session. */
    volatile boolean retired;

    private static final java.util.concurrent.atomic.AtomicBoolean WARNED_ENVIRONMENT = new java.util.concurrent.atomic.AtomicBoolean();

    private WorkerProcess(Process process, Listener listener, WorkerPriority.Level priority) {
        this.process = process;
        this.listener = listener;
        this.priority = priority;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 64 * 1024));
    }

    /**
     * JVM options in the node's environment that a worker JVM would pick up too. They are the node's, not the
     * worker's: one that writes to standard output (a flight recording's notice, an agent's banner) corrupts the
     * worker's frame channel, and every worker was killed as unreadable and replaced, again and again. Workers
     * get exactly the options the node gives them ({@code worker.java-options}).
     */
    static final List<String> NODE_JVM_ENVIRONMENT = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    /** Removes {@link #NODE_JVM_ENVIRONMENT} from a worker's environment; returns what it removed. */
    static List<String> withoutNodeJvmOptions(Map<String, String> environment) {
        List<String> removed = NODE_JVM_ENVIRONMENT.stream().filter(environment::containsKey).toList();
        environment.keySet().removeAll(NODE_JVM_ENVIRONMENT);
        return removed;
    }

    static WorkerProcess start(List<String> command, Listener listener, WorkerPriority.Level priority) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        List<String> removed = withoutNodeJvmOptions(pb.environment());
        if (!removed.isEmpty() && WARNED_ENVIRONMENT.compareAndSet(false, true)) {
            LOG.info("{} of the node's environment not passed to sandbox workers (use dialtone.scenario.worker.java-options)",
                    removed);
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE);
        WorkerProcess w = new WorkerProcess(pb.start(), listener, priority);
        w.startThreads();
        return w;
    }

    /** Hands the worker to another pool (see {@link SpareWorkers}). */
    void adopt(Listener newListener) {
        this.listener = newListener;
    }

    long pid() {
        return process.pid();
    }

    CompletableFuture<String> ready() {
        return ready;
    }

    boolean alive() {
        return !killed && process.isAlive();
    }

    int newHandle() {
        return nextHandle.incrementAndGet();
    }

    /** Queues frames for the worker, written in one go by its writer thread; never blocks. */
    void send(Frame... frames) {
        for (Frame f : frames) {
            if (f.type() == Frame.Type.OPEN || f.type() == Frame.Type.DISPATCH) {
                outstanding.incrementAndGet();
            }
        }
        outgoing.add(frames);
    }

    private void writeFrames() {
        try {
            while (true) {
                Frame[] batch = outgoing.take();
                for (Frame f : batch) {
                    f.write(out);
                }
                if (outgoing.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            if (!killed) {
                kill("its input pipe failed: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Puts a session on this worker, unless the worker is being killed or has exited: a session that
     * attached after {@link #detachAll()} would never hear that its worker is gone.
     */
    boolean attach(int handle, NodeSession session) {
        synchronized (sessions) {
            if (detached || killed) {
                return false;
            }
            sessions.put(handle, session);
            return true;
        }
    }

    /** The process exited: takes every session off it, and no session can attach any more. */
    List<NodeSession> detachAll() {
        synchronized (sessions) {
            detached = true;
            List<NodeSession> all = new ArrayList<>(sessions.values());
            sessions.clear();
            return all;
        }
    }

    void kill(String reason) {
        if (!killed) {
            killReason = reason;
            killed = true;
            LOG.warn("killing sandbox worker {}: {}", pid(), reason);
        }
        process.destroyForcibly();
    }

    void shutdown() {
        send(Frame.of(Frame.Type.SHUTDOWN, 0));
        killed = true;
        killReason = "the engine is shutting down";
        process.destroy();
    }

    private void startThreads() {
        Thread writer = new Thread(this::writeFrames, "scenario-worker-" + pid() + "-writer");
        writer.setDaemon(true);
        writer.start();
        Thread reader = new Thread(this::readFrames, "scenario-worker-" + pid() + "-reader");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(this::drainErrors, "scenario-worker-" + pid() + "-stderr");
        errors.setDaemon(true);
        errors.start();
        process.onExit().thenRun(() -> {
            writer.interrupt();
            ready.completeExceptionally(new IOException("sandbox worker exited with " + process.exitValue()));
            listener.onExit(this);
        });
    }

    private void readFrames() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024))) {
            Frame f;
            while ((f = Frame.read(in)) != null) {
                lastFrameNanos = System.nanoTime();
                switch (f.type()) {
                    case READY -> ready.complete(f.s1());
                    case HEARTBEAT -> {
                        compilations = f.a();
                        boolean nowHot = Watchdog.HOT.equals(f.s1());
                        if (nowHot != hot) {
                            hot = nowHot;
                            listener.onHotChanged(this);
                        }
                        if (f.b() != 0) {
                            stuckHandle = (int) f.b();
                        }
                    }
                    case JIT -> {
                        jitFunctions.add(f.s1());
                        if (jitFunctions.size() > 10_000) {
                            jitFunctions.poll();
                        }
                    }
                    case DONE -> {
                        outstanding.decrementAndGet();
                        listener.onFrame(this, f);
                    }
                    default -> listener.onFrame(this, f);
                }
            }
        } catch (IOException e) {
            if (!killed) {
                kill("its output could not be read: " + e.getMessage());
            }
        }
    }

    private void drainErrors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("WARNING: ")) {
                    LOG.info("sandbox worker {}: {}", pid(), line);
                }
            }
        } catch (IOException e) {
            LOG.debug("sandbox worker {} stderr closed", pid(), e);
        }
    }
}
