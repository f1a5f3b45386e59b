package dev.dialtone.scenario.internal.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

import dev.dialtone.core.Voice;
import dev.dialtone.core.Voices;

/**
 * The worker's one GraalJS engine (its code cache is shared by every session of the worker) and the
 * factory of sandboxed contexts. Contexts are created with the {@link SandboxPolicy#CONSTRAINED}
 * policy and everything the community edition can deny denied: no host access or class lookup, no
 * I/O, threads, processes, native access, environment or other languages, and no {@code load},
 * {@code print}, {@code Java}, {@code Polyglot} or {@code Graal} globals. The only thing a script can
 * reach is the one function through which the JavaScript half of the VoxEngine API sends commands;
 * the bootstrap captures it in a closure, so scripts never see it.
 */
final class Sandbox implements AutoCloseable {
    static final String BOOTSTRAP_RESOURCE = "/dev/dialtone/scenario/voxengine.js";
    private static final String WARM_UP_RESOURCE = "/dev/dialtone/scenario/warm-up.js";
    private static final String WARM_UP_EVENTS_RESOURCE = "/dev/dialtone/scenario/warm-up-events.jsonl";
    private final Engine engine;
    private final Source bootstrap;
    private final BlockingQueue<Prepared> warm;
    private final boolean nodeClock;
    private final Map<String, Source> sources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
            return size() > 256;
        }
    };

    /** A context with the API installed, waiting for a session. */
    record Prepared(Context context, Value dispatch, CommandSink sink) {
    }

    /** Where the API function of one context sends commands; bound to a session when it takes the context. */
    static final class CommandSink implements ProxyExecutable {
        volatile SandboxSession session;

        @Override
        public Object execute(Value... arguments) {
            SandboxSession s = session;
            if (s != null && arguments.length == 1 && arguments[0].isString()) {
                s.command(arguments[0].asString());
            }
            return null;
        }
    }

    Sandbox(WorkerSettings settings) {
        this.engine = newEngine();
        this.bootstrap = Source.newBuilder("js", readBootstrap(), "dialtone:voxengine.js").cached(true).buildLiteral();
        this.warm = new ArrayBlockingQueue<>(Math.max(1, settings.prewarm()));
        this.nodeClock = settings.nodeClock();
    }

    private static Engine newEngine() {
        try {
            // One background compiler thread: a worker must never occupy more than one core with JIT
            // work, however hot a hostile script makes its code.
            return engineBuilder().option("engine.CompilerThreads", "1").build();
        } catch (IllegalArgumentException interpreterOnly) {
            // Without the optimizing runtime there are no compiler options (and no compiler threads).
            return engineBuilder().build();
        }
    }

    private static Engine.Builder engineBuilder() {
        Engine.Builder builder = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false");
        return builder.logHandler(OutputStream.nullOutputStream());
    }

    String runtimeName() {
        return engine.getImplementationName();
    }

    /**
     * Runs a complete synthetic session through the API a few times before the worker reports ready,
     * so that class loading and the interpreter's first runs of every dispatch path (events, commands,
     * errors) are paid for while the worker is still starting at background priority, not by the first
     * callbacks of real sessions.
     */
    void warmUp() {
        Source script = Source.newBuilder("js", resource(WARM_UP_RESOURCE), "dialtone:warm-up.js").buildLiteral();
        List<String> events = resource(WARM_UP_EVENTS_RESOURCE).lines().filter(l -> !l.isBlank()).toList();
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Prepared p = prepare();
            try {
                p.dispatch().execute(null, 0L);
                p.context().eval(script);
                for (String event : events) {
                    try {
                        p.dispatch().execute(event, 0L);
                    } catch (PolyglotException e) {
                        SandboxSession.describe(e);
                    }
                }
            } finally {
                p.context().close();
            }
        }
    }

    private static final int WARM_UP_ROUNDS = 3;

    /** A ready context: a pre-warmed one if there is one, else a new one. */
    Prepared take() {
        Prepared p = warm.poll();
        return p != null ? p : prepare();
    }

    /** Fills the pre-warmed pool by one; returns false when it is full. */
    boolean warmOne() {
        if (warm.remainingCapacity() == 0) {
            return false;
        }
        Prepared p = prepare();
        if (!warm.offer(p)) {
            p.context().close();
        }
        return true;
    }

    Prepared prepare() {
        CommandSink sink = new CommandSink();
        Context context = newContext();
        Value install = context.eval(bootstrap);
        Value dispatch = install.execute(sink, nodeClock);
        return new Prepared(context, dispatch, sink);
    }

    Context newContext() {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowHostClassLookup(name -> false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowInnerContextOptions(false)
                .allowValueSharing(false)
                .in(InputStream.nullInputStream())
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .option("js.graal-builtin", "false")
                .option("js.timer-resolution", "1000000")
                .build();
    }

    /** The scenario as a Source, shared between sessions so that the engine reuses its parsed code. */
    Source source(String name, String code) {
        String key = name + '\0' + code.length() + '\0' + code.hashCode();
        synchronized (sources) {
            Source s = sources.get(key);
            if (s != null && s.getCharacters().toString().equals(code)) {
                return s;
            }
            s = Source.newBuilder("js", code, name).cached(true).buildLiteral();
            sources.put(key, s);
            return s;
        }
    }

    /**
     * Parses a scenario with the Source its sessions will use, in a throwaway context of the shared engine, which
     * keeps the parsed code: the first session that runs it does not parse it. Never runs it; false if it does not
     * parse (its sessions will say why).
     */
    boolean prepare(String name, String code) {
        try (Context c = newContext()) {
            c.parse(source(name, code));
            return true;
        } catch (PolyglotException | StackOverflowError e) {
            return false;
        }
    }

    @Override
    public void close() {
        Prepared p;
        while ((p = warm.poll()) != null) {
            p.context().close();
        }
        engine.close();
    }

    private static String resource(String name) {
        try (InputStream in = Sandbox.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readBootstrap() {
        String text = resource(BOOTSTRAP_RESOURCE);
        StringBuilder names = new StringBuilder();
        for (Voice v : Voices.all()) {
            names.append(names.isEmpty() ? "" : ", ").append('\'').append(v.name()).append('\'');
        }
        return text.replace("/*VOICES*/", names);
    }
}
