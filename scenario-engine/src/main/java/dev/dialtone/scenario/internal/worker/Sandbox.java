package dev.dialtone.scenario.internal.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
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

    private final Engine engine;
    private final Source bootstrap;
    private final BlockingQueue<Prepared> warm;
    private final AtomicLong compilations = new AtomicLong();
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
        Engine.Builder builder = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false");
        if (settings.traceCompilation()) {
            builder.option("engine.TraceCompilation", "true").logHandler(new CompilationCounter(compilations));
        } else {
            builder.logHandler(OutputStream.nullOutputStream());
        }
        this.engine = builder.build();
        this.bootstrap = Source.newBuilder("js", readBootstrap(), "dialtone:voxengine.js").cached(true).buildLiteral();
        this.warm = new ArrayBlockingQueue<>(Math.max(1, settings.prewarm()));
    }

    String runtimeName() {
        return engine.getImplementationName();
    }

    long compilations() {
        return compilations.get();
    }

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
        Value dispatch = install.execute(sink);
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

    @Override
    public void close() {
        Prepared p;
        while ((p = warm.poll()) != null) {
            p.context().close();
        }
        engine.close();
    }

    private static String readBootstrap() {
        try (InputStream in = Sandbox.class.getResourceAsStream(BOOTSTRAP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + BOOTSTRAP_RESOURCE);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder names = new StringBuilder();
            for (Voice v : Voices.all()) {
                names.append(names.isEmpty() ? "" : ", ").append('\'').append(v.name()).append('\'');
            }
            return text.replace("/*VOICES*/", names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts "opt done" lines of engine.TraceCompilation: functions the optimizing JIT compiled. */
    private static final class CompilationCounter extends Handler {
        private final AtomicLong count;

        CompilationCounter(AtomicLong count) {
            this.count = count;
        }

        @Override
        public void publish(LogRecord record) {
            String m = record.getMessage();
            if (m != null && m.contains("opt done")) {
                count.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
