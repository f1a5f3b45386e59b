package dev.dialtone.scenario.internal.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

import dev.dialtone.scenario.internal.wire.Frame;

/**
 * Counts the functions Truffle's optimizing JIT compiled in this worker, from the compilation events
 * the Truffle runtime emits to Java Flight Recorder, and tells the node the name of each one. Used
 * when {@code worker.trace-compilation} is on (the test that proves the JIT is active in a real
 * worker): Truffle's own compilation tracing is refused by the {@code CONSTRAINED} sandbox policy,
 * while an in-process JFR stream observes the JIT without changing the sandbox at all.
 */
final class JitMonitor {
    /** The JFR event the Truffle runtime records for every compilation. */
    static final String COMPILATION_EVENT = "jdk.graal.compiler.truffle.Compilation";

    private final AtomicLong compiled = new AtomicLong();
    private final FrameSink outbox;
    private RecordingStream stream;

    JitMonitor(FrameSink outbox) {
        this.outbox = outbox;
    }

    void start() {
        RecordingStream s = new RecordingStream();
        s.enable(COMPILATION_EVENT).withoutStackTrace();
        s.setMaxAge(Duration.ofSeconds(10));
        s.onEvent(COMPILATION_EVENT, this::onCompilation);
        s.startAsync();
        stream = s;
    }

    long compiled() {
        return compiled.get();
    }

    private void onCompilation(RecordedEvent e) {
        if (!e.getBoolean("success")) {
            return;
        }
        compiled.incrementAndGet();
        String name = e.getString("rootFunction");
        outbox.send(Frame.of(Frame.Type.JIT, 0, e.getInt("truffleTier"), name == null ? "" : name));
    }
}
