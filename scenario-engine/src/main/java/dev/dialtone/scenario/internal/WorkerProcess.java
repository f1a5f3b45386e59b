package dev.dialtone.scenario.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.scenario.internal.wire.Frame;

/**
 * One sandbox worker process as the node sees it: its pipes, the sessions it hosts, and what the
 * supervisor needs to judge its health (last frame time, outstanding callbacks, stuck reports).
 */
final class WorkerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);

    /** Receives what the worker sends, on the worker's reader thread; must not block. */
    interface Listener {
        void onFrame(WorkerProcess worker, Frame frame);

        void onExit(WorkerProcess worker);
    }

    private final Process process;
    private final DataOutputStream out;
    private final Listener listener;
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final AtomicInteger nextHandle = new AtomicInteger();
    final Map<Integer, NodeSession> sessions = new ConcurrentHashMap<>();
    final AtomicInteger outstanding = new AtomicInteger();
    volatile long lastFrameNanos = System.nanoTime();
    volatile long compilations;
    volatile int stuckHandle;
    volatile boolean killed;
    volatile String killReason;

    private WorkerProcess(Process process, Listener listener) {
        this.process = process;
        this.listener = listener;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 64 * 1024));
    }

    static WorkerProcess start(List<String> command, Listener listener) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE);
        WorkerProcess w = new WorkerProcess(pb.start(), listener);
        w.startThreads();
        return w;
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

    /** Sends frames in one write; a failure means the worker is gone, which the exit handler reports. */
    void send(Frame... frames) {
        synchronized (out) {
            try {
                for (Frame f : frames) {
                    if (f.type() == Frame.Type.OPEN || f.type() == Frame.Type.DISPATCH) {
                        outstanding.incrementAndGet();
                    }
                    f.write(out);
                }
                out.flush();
            } catch (IOException e) {
                kill("its input pipe failed: " + e.getMessage());
            }
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
        Thread reader = new Thread(this::readFrames, "scenario-worker-" + pid() + "-reader");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(this::drainErrors, "scenario-worker-" + pid() + "-stderr");
        errors.setDaemon(true);
        errors.start();
        process.onExit().thenRun(() -> {
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
                        if (f.b() != 0) {
                            stuckHandle = (int) f.b();
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
