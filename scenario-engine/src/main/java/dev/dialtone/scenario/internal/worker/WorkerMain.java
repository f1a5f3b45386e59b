package dev.dialtone.scenario.internal.worker;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;

import dev.dialtone.core.SerialExecutor;
import dev.dialtone.scenario.internal.wire.Frame;

/**
 * Entry point of a sandbox worker process. Reads frames from stdin, runs sessions' callbacks on a
 * small thread pool (one at a time per session), writes frames to stdout. Anything the JVM or the
 * libraries would print goes to stderr, which the node forwards to its log. Any unexpected throwable
 * outside a callback halts the process: the node notices and replaces it.
 *
 * <p>Thread names are part of the contract with the node, which sets OS priorities by name (see
 * {@code WorkerPriority}): {@value #CONTROL_PREFIX}* threads (reader, outbox, watchdog, cancellers)
 * keep the worker answering and are never demoted; {@value #BACKGROUND_PREFIX}* threads (the context
 * pre-warmer) always run at the lowest priority; everything else (callbacks, JIT compilers, GC) follows
 * the worker's current priority.
 */
public final class WorkerMain {
    /** Threads that keep the worker responsive; the node never lowers their priority. */
    public static final String CONTROL_PREFIX = "dt-ctl-";
    /** Threads doing optional background work; the node never raises their priority. */
    public static final String BACKGROUND_PREFIX = "dt-bg-";

    private final WorkerSettings settings;
    private final Outbox outbox;
    private final Sandbox sandbox;
    private final Map<Integer, SandboxSession> sessions = new ConcurrentHashMap<>();
    private final Map<Integer, SerialExecutor> runners = new ConcurrentHashMap<>();
    private final ExecutorService callbacks;
    private final ExecutorService parser;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());

    private WorkerMain(WorkerSettings settings, Outbox outbox) {
        this.settings = settings;
        this.outbox = outbox;
        this.sandbox = new Sandbox(settings);
        AtomicInteger n = new AtomicInteger();
        this.callbacks = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(null, r, "dt-cb-" + n.incrementAndGet(), 4L << 20);
            t.setDaemon(true);
            return t;
        });
        this.parser = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "dt-parse", 16L << 20);
            t.setDaemon(true);
            return t;
        });
    }

    public static void main(String[] args) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("worker: fatal error on " + t.getName() + ": " + e);
            Runtime.getRuntime().halt(70);
        });
        // Frames own the real stdout; stray prints go to stderr so they cannot corrupt the channel.
        FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        // A worker whose node died goes too, even while it is still warming up and not reading stdin.
        ProcessHandle.current().parent().ifPresent(node -> node.onExit().thenRun(() -> Runtime.getRuntime().halt(0)));
        WorkerSettings settings = WorkerSettings.parse(args);
        Outbox outbox = new Outbox(stdout);
        outbox.start();
        WorkerMain worker = new WorkerMain(settings, outbox);
        // The launcher's main thread cannot be renamed, so the frame loop runs on a named thread.
        Thread reader = new Thread(() -> {
            try {
                worker.run(new DataInputStream(new BufferedInputStream(System.in, 64 * 1024)));
            } catch (IOException e) {
                System.err.println("worker: protocol error from the node: " + e.getMessage());
                Runtime.getRuntime().halt(71);
            }
        }, CONTROL_PREFIX + "reader");
        reader.start();
        reader.join();
    }

    private void run(DataInputStream in) throws IOException {
        sandbox.warmUp();
        sandbox.warmOne();
        JitMonitor jit = new JitMonitor(outbox);
        if (settings.traceCompilation()) {
            jit.start();
        }
        new Watchdog(sessions.values(), settings, outbox, jit).start();
        startWarmer();
        outbox.send(Frame.of(Frame.Type.READY, 0, 0, sandbox.runtimeName()));
        while (true) {
            Frame f = Frame.read(in);
            if (f == null || f.type() == Frame.Type.SHUTDOWN) {
                Runtime.getRuntime().halt(0);
            }
            lastActivity.set(System.nanoTime());
            handle(f);
        }
    }

    private void handle(Frame f) {
        switch (f.type()) {
            case SOURCE -> session(f.session()).addSource(f.s1(), f.s2());
            case OPEN -> {
                SandboxSession s = session(f.session());
                long now = f.a();
                submit(f.session(), () -> s.open(now));
            }
            case DISPATCH -> {
                SandboxSession s = sessions.get(f.session());
                if (s == null) {
                    outbox.send(new Frame(Frame.Type.DONE, f.session(), Frame.Outcome.CLOSED.ordinal(), 0, "no such session", null));
                } else {
                    String json = f.s1();
                    long now = f.a();
                    submit(f.session(), () -> s.dispatch(json, now));
                }
            }
            case CLOSE -> {
                SandboxSession s = sessions.remove(f.session());
                SerialExecutor runner = runners.remove(f.session());
                if (s != null) {
                    // A running callback is cancelled at once; otherwise the context is closed in turn,
                    // on the session's own runner, without a thread of its own.
                    if (!s.cancelRunning() && runner != null) {
                        runner.execute(s::close);
                    } else if (runner == null) {
                        s.close();
                    }
                }
            }
            case PARSE -> parser.execute(() -> parse(f.session(), f.s1(), f.s2()));
            case PREPARE -> parser.execute(() -> sandbox.prepare(f.s1(), f.s2()));
            default -> throw new IllegalStateException("unexpected frame from the node: " + f.type());
        }
    }

    private SandboxSession session(int handle) {
        return sessions.computeIfAbsent(handle, h -> new SandboxSession(h, sandbox, outbox, settings));
    }

    private void submit(int handle, Runnable task) {
        busy.incrementAndGet();
        runners.computeIfAbsent(handle, h -> new SerialExecutor(callbacks,
                e -> System.err.println("worker: a task of session " + h + " failed: " + e))).execute(() -> {
            try {
                task.run();
            } finally {
                busy.decrementAndGet();
                lastActivity.set(System.nanoTime());
            }
        });
    }

    /**
     * Refills pre-warmed contexts whenever no callback ran for a few milliseconds. Its name puts it at
     * the lowest OS priority (the node sees to it), so warming never competes with callbacks anywhere.
     */
    private void startWarmer() {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(2);
                    if (busy.get() == 0 && System.nanoTime() - lastActivity.get() > 2_000_000L) {
                        if (!sandbox.warmOne()) {
                            Thread.sleep(20);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("worker: could not pre-warm a context: " + e);
                }
            }
        }, BACKGROUND_PREFIX + "warmer");
        t.setDaemon(true);
        t.start();
    }

    private void parse(int requestId, String name, String code) {
        try (Context c = sandbox.newContext()) {
            c.parse(Source.newBuilder("js", code, name).buildLiteral());
            outbox.send(new Frame(Frame.Type.PARSED, requestId, 0, 0, null, null));
        } catch (PolyglotException e) {
            SourceSection at = e.getSourceLocation();
            int line = at != null && at.hasLines() ? at.getStartLine() : 1;
            int column = at != null && at.hasColumns() ? at.getStartColumn() : 1;
            outbox.send(new Frame(Frame.Type.PARSED, requestId, Math.max(1, line), Math.max(1, column), cleanSyntaxMessage(e.getMessage()), null));
        } catch (StackOverflowError e) {
            outbox.send(new Frame(Frame.Type.PARSED, requestId, 1, 1, "the code is nested too deeply to parse", null));
        }
    }

    /** GraalJS prefixes syntax errors with "name:line:column "; the caller reports the position itself. */
    static String cleanSyntaxMessage(String message) {
        if (message == null) {
            return "syntax error";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        if (nl > 0) {
            m = m.substring(0, nl);
        }
        return m.replaceFirst("^(SyntaxError: )?[^\\s:]+:\\d+:\\d+\\s+", "");
    }
}
