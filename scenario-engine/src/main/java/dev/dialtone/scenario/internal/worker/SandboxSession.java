package dev.dialtone.scenario.internal.worker;

import java.util.ArrayList;
import java.util.List;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import dev.dialtone.scenario.internal.wire.Frame;
import dev.dialtone.scenario.internal.wire.Frame.Outcome;

/**
 * One session's context inside the worker. Its callbacks run one at a time (the worker's
 * {@link dev.dialtone.core.SerialExecutor} guarantees it); while one runs, {@link #running} tells the watchdog when it
 * started and how much its thread had allocated, and the watchdog may cancel it.
 */
final class SandboxSession {
    final int handle;
    private final Sandbox sandbox;
    private final FrameSink outbox;
    private final WorkerSettings settings;
    private final List<Source> pending = new ArrayList<>();
    private volatile Sandbox.Prepared prepared;
    private volatile boolean closed;

    /** API calls of the running callback not sent yet, as the start of a JSON array. */
    private final StringBuilder batch = new StringBuilder();
    private long batchSince;
    /** The callback in progress, or null. Written by the callback thread, read by the watchdog. */
    volatile Callback running;
    /** Bytes the session's callbacks allocated in the current window: what a slow leak shows up as. */
    private volatile long recentAllocated;
    private long recentWindowStart = System.nanoTime();
    private static final long RECENT_WINDOW_NANOS = 10_000_000_000L;

    /** A callback in progress. */
    static final class Callback {
        final Thread thread;
        final long startNanos;
        final long startAllocated;
        final long startCpu;
        volatile Outcome cancelReason;
        volatile long cancelledAtNanos;
        /** The callback thread's CPU time when it was cancelled. */
        volatile long cancelledAtCpu;
        int commands;
        long commandBytes;

        Callback(Thread thread, long startAllocated, long startCpu) {
            this.thread = thread;
            this.startNanos = System.nanoTime();
            this.startAllocated = startAllocated;
            this.startCpu = startCpu;
        }
    }

    SandboxSession(int handle, Sandbox sandbox, FrameSink outbox, WorkerSettings settings) {
        this.handle = handle;
        this.sandbox = sandbox;
        this.outbox = outbox;
        this.settings = settings;
    }

    void addSource(String name, String code) {
        pending.add(sandbox.source(name, code));
    }

    /** Takes a context and evaluates the scenarios in order. Runs on a callback thread. */
    void open(long nowMillis) {
        Callback cb = begin();
        Outcome outcome = Outcome.OK;
        String error = null;
        try {
            prepared = sandbox.take();
            prepared.sink().session = this;
            prepared.dispatch().execute(null, nowMillis);
            for (Source s : pending) {
                prepared.context().eval(s);
            }
        } catch (PolyglotException e) {
            outcome = classify(cb, e);
            error = describe(e);
        } catch (OutOfMemoryError e) {
            outcome = cb.cancelReason != null ? cb.cancelReason : Outcome.HEAP_LIMIT;
            error = e.toString();
        } catch (RuntimeException | StackOverflowError e) {
            outcome = cb.cancelReason != null ? cb.cancelReason : Outcome.SCRIPT_ERROR;
            error = e.toString();
        } finally {
            pending.clear();
        }
        end(cb, outcome, error, null);
    }

    /** Runs one event through the API's dispatcher. Runs on a callback thread. */
    void dispatch(String eventJson, long nowMillis) {
        if (closed || prepared == null) {
            outbox.send(new Frame(Frame.Type.DONE, handle, Outcome.CLOSED.ordinal(), 0, "session is closed", null));
            return;
        }
        Callback cb = begin();
        if (recentAllocated > settings.heapSuspectBytes()
                && Watchdog.HeapState.read().tightFor(recentAllocated, settings.heapSuspectBytes())) {
            // A slow leak: every callback allocates a little and keeps it. The heap is nearly full and
            // this session is one of those that filled it lately: it does not get to run again.
            end(cb, Outcome.HEAP_LIMIT, "the heap is nearly full and this session allocated "
                    + recentAllocated / (1024 * 1024) + " MiB in its recent callbacks", null);
            return;
        }
        Outcome outcome = Outcome.OK;
        String error = null;
        String result = null;
        try {
            Value r = prepared.dispatch().execute(eventJson, nowMillis);
            if (r != null && r.isString()) {
                result = r.asString();
            }
        } catch (PolyglotException e) {
            outcome = classify(cb, e);
            error = describe(e);
        } catch (OutOfMemoryError e) {
            outcome = cb.cancelReason != null ? cb.cancelReason : Outcome.HEAP_LIMIT;
            error = e.toString();
        } catch (RuntimeException | StackOverflowError e) {
            outcome = cb.cancelReason != null ? cb.cancelReason : Outcome.SCRIPT_ERROR;
            error = e.toString();
        }
        end(cb, outcome, error, result);
    }

    /** A command from the script's API function, on the callback thread. */
    void command(String json) {
        Callback cb = running;
        if (cb == null || cb.cancelReason != null) {
            return;
        }
        cb.commands++;
        cb.commandBytes += json.length();
        if (cb.commands > settings.maxCommands() || cb.commandBytes > settings.maxCommandBytes()) {
            cancel(cb, Outcome.FLOOD_LIMIT);
            return;
        }
        synchronized (batch) {
            if (batch.isEmpty()) {
                batch.append('[');
                batchSince = System.nanoTime();
            } else {
                batch.append(',');
            }
            batch.append(json);
        }
    }

    /**
     * Sends the API calls batched so far in one COMMAND frame: at the end of every callback, and from the
     * watchdog for a callback that runs long (so that its calls do not wait for it to end).
     */
    void flushCommands() {
        Frame commands = takeCommands();
        if (commands != null) {
            outbox.send(commands);
        }
    }

    /** The API calls batched so far as one COMMAND frame (the batch is then empty), or null if there are none. */
    private Frame takeCommands() {
        String calls;
        synchronized (batch) {
            if (batch.isEmpty()) {
                return null;
            }
            calls = batch.append(']').toString();
            batch.setLength(0);
            if (batch.capacity() > 4096) {
                batch.trimToSize();
            }
        }
        return Frame.of(Frame.Type.COMMAND, handle, 0, calls);
    }

    /** How long the oldest API call not yet sent has waited, or 0. */
    long batchAgeNanos() {
        synchronized (batch) {
            return batch.isEmpty() ? 0 : System.nanoTime() - batchSince;
        }
    }

    /** Cancels the running callback; the context is closed on a separate thread so the caller never blocks. */
    void cancel(Callback cb, Outcome reason) {
        if (cb.cancelReason != null) {
            return;
        }
        cb.cancelledAtCpu = Watchdog.cpuNanos(cb.thread);
        cb.cancelReason = reason;
        cb.cancelledAtNanos = System.nanoTime();
        closed = true;
        Sandbox.Prepared p = prepared;
        if (p != null) {
            Thread t = new Thread(() -> closeQuietly(p.context(), true), WorkerMain.CONTROL_PREFIX + "cancel");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The node closed the session: cancels its running callback, if any, and says whether there was one. */
    boolean cancelRunning() {
        closed = true;
        Callback cb = running;
        if (cb == null) {
            return false;
        }
        cancel(cb, Outcome.CLOSED);
        return true;
    }

    /** Closes the context; runs on the session's runner, so no callback of it is running. */
    void close() {
        closed = true;
        Sandbox.Prepared p = prepared;
        prepared = null;
        if (p != null) {
            p.sink().session = null;
            closeQuietly(p.context(), false);
        }
    }

    private static void closeQuietly(Context context, boolean cancel) {
        try {
            context.close(cancel);
        } catch (RuntimeException e) {
            // Already closed or closing: nothing to do.
        }
    }

    private Callback begin() {
        Thread t = Thread.currentThread();
        Callback cb = new Callback(t, Watchdog.allocatedBytes(t), Watchdog.cpuNanos(t));
        running = cb;
        return cb;
    }

    /** Bytes allocated by the session's recent callbacks, the running one excluded. */
    long recentAllocated() {
        return recentAllocated;
    }

    private void end(Callback cb, Outcome outcome, String error, String result) {
        running = null;
        Frame commands = takeCommands();
        long allocated = Watchdog.allocatedBytes(cb.thread) - cb.startAllocated;
        long now = System.nanoTime();
        if (now - recentWindowStart > RECENT_WINDOW_NANOS) {
            recentWindowStart = now;
            recentAllocated = 0;
        }
        recentAllocated += allocated;
        if (outcome == Outcome.CPU_LIMIT && cb.cancelReason == Outcome.CPU_LIMIT) {
            // What the node's log line says: a hog used its CPU, a starved callback waited for a core.
            error = String.format(java.util.Locale.ROOT, "it used %d ms of CPU in %d ms", (cb.cancelledAtCpu - cb.startCpu) / 1_000_000,
                    (cb.cancelledAtNanos - cb.startNanos) / 1_000_000);
        }
        Frame done = new Frame(Frame.Type.DONE, handle, outcome.ordinal(), allocated, error, result);
        if (commands != null) {
            outbox.send(commands, done); // one write to the node for both
        } else {
            outbox.send(done);
        }
        if (outcome != Outcome.OK && cb.cancelReason == null) {
            // A script error: the context is of no further use; close it in turn.
            close();
        }
    }

    private static Outcome classify(Callback cb, PolyglotException e) {
        if (cb.cancelReason != null) {
            return cb.cancelReason;
        }
        if (e.isResourceExhausted()) {
            // A stack overflow the guest could not catch (for instance while parsing) is an error of
            // the script; anything else exhausted is memory.
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return m.contains("stack") ? Outcome.SCRIPT_ERROR : Outcome.HEAP_LIMIT;
        }
        if (e.isCancelled() || e.isInterrupted()) {
            return Outcome.CLOSED;
        }
        return Outcome.SCRIPT_ERROR;
    }

    /** "TypeError: x is not a function (gatekeeper.js:12:5)". */
    static String describe(PolyglotException e) {
        try {
            return describeUnsafe(e);
        } catch (RuntimeException | StackOverflowError failure) {
            return e.getMessage() == null ? "error" : e.getMessage();
        }
    }

    private static String describeUnsafe(PolyglotException e) {
        String message = e.getMessage() == null ? "error" : e.getMessage();
        if (e.isGuestException() && !e.isSyntaxError()) {
            Value guest = e.getGuestObject();
            if (guest != null && !guest.isNull() && !guest.hasMember("stack") && !guest.isException()) {
                message = "uncaught " + safeToString(guest);
            }
        }
        SourceSection at = location(e);
        if (at != null && at.getSource() != null && !e.isSyntaxError()) {
            return message + " (" + at.getSource().getName() + ":" + at.getStartLine() + ":" + at.getStartColumn() + ")";
        }
        return message;
    }

    private static SourceSection location(PolyglotException e) {
        SourceSection s = e.getSourceLocation();
        if (s != null && !s.getSource().getName().startsWith("dialtone:")) {
            return s;
        }
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            SourceSection fs = f.getSourceLocation();
            if (f.isGuestFrame() && fs != null && !fs.getSource().getName().startsWith("dialtone:")) {
                return fs;
            }
        }
        return s;
    }

    private static String safeToString(Value v) {
        try {
            String s = v.toString();
            return s.length() > 200 ? s.substring(0, 200) + "…" : s;
        } catch (RuntimeException e) {
            return "a value that cannot be printed";
        }
    }
}
