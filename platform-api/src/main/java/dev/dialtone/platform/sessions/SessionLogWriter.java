package dev.dialtone.platform.sessions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.SessionId;
import dev.dialtone.platform.SessionsConfig;
import dev.dialtone.platform.model.SessionLogLine;
import dev.dialtone.platform.model.SessionRecord;
import dev.dialtone.platform.persistence.SessionStore.Write;
import dev.dialtone.scenario.SessionLogEntry;
import dev.dialtone.scenario.SessionLogSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The scenario engine's {@link SessionLogSink}: turns the engine's log stream into session records
 * and log lines and writes them to PostgreSQL in batches on its own thread, never on the call path: after a
 * line arrives it waits {@code --session-log-linger-ms} for others to share its transaction.
 *
 * <ul>
 *   <li>A session's row is created from its first line (the engine's {@code session started (rule N,
 *       scenarios a, b)}), and ended by its last ({@code session terminated}) with the reason: the
 *       {@code stopped: …} line of a broken limit or an uncaught error, the idle timeout,
 *       {@code terminated} (the script ended it) or {@code node stopped}.</li>
 *   <li>Lines wait in a bounded queue ({@code --session-log-queue}). When it is full, lines are dropped,
 *       counted ({@code dialtone.sessions.log.dropped}) and the session's log ends with a
 *       {@code log truncated} line; {@link #append} never blocks. Session starts and ends are never dropped.</li>
 *   <li>Once a day (and at start) sessions that ended before the retention period are deleted with their logs.</li>
 * </ul>
 * The size of one session's log is capped by the engine ({@code max-log-bytes}).
 */
public final class SessionLogWriter implements SessionLogSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLogWriter.class);
    private static final Pattern STARTED = Pattern.compile("session started \\(rule (-?\\d+), scenarios (.*)\\)");
    static final String TERMINATED = "session terminated";
    private static final int MAX_MESSAGE = 64 * 1024;
    private static final int MAX_REASON = 500;
    /** Put on the queue by {@link #close} to wake the writer thread; never written. */
    private static final Write WAKE = new Write.End(new SessionId("wake"), Instant.EPOCH, "");

    /** Where the writer's changes go: {@code SessionStore} in the node, a fake in unit tests. */
    public interface Store {
        /** Writes a batch in one transaction; throws if it could not. */
        void write(List<Write> batch);

        /** Writes one change on its own; false if the database refused it. */
        boolean writeOne(Write w);

        int purgeEndedBefore(Instant before);

        int endOrphans(Instant at, String reason);
    }

    private final Store store;
    private final Clock clock;
    private final SessionsConfig config;
    private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedLines = new AtomicInteger();
    private final Map<SessionId, SessionState> sessions = new ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter failed;
    private final Counter written;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean closed;
    private Instant nextPurge = Instant.MIN;

    /** What the writer knows about a running session; touched only from that session's (serial) log calls. */
    private static final class SessionState {
        int seq;
        int dropped;
        String reason;
    }

    public SessionLogWriter(Store store, Clock clock, SessionsConfig config, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.config = config;
        this.dropped = Counter.builder("dialtone.sessions.log.dropped")
                .description("session log lines dropped because the writer's queue was full").register(registry);
        this.failed = Counter.builder("dialtone.sessions.log.failed")
                .description("session records or log lines the database refused").register(registry);
        this.written = Counter.builder("dialtone.sessions.log.written").description("session log changes written").register(registry);
        Gauge.builder("dialtone.sessions.log.queued", queuedLines, AtomicInteger::get)
                .description("session log lines waiting to be written").register(registry);
        this.thread = Thread.ofPlatform().name("dialtone-session-log").daemon(true).start(this::run);
    }

    /**
     * Sessions that end from now on end because the node stops (called just before the scenario
     * engine is closed); also marks sessions a previous run left open.
     */
    public void nodeStopping() {
        stopping = true;
    }

    /** Marks sessions that a previous run of this node left open as ended; returns how many. */
    public int endOrphans() {
        return store.endOrphans(clock.instant(), "node stopped unexpectedly");
    }

    @Override
    public void append(SessionLogEntry e) {
        if (closed) {
            return;
        }
        SessionState s = sessions.get(e.session());
        if (s == null) {
            s = new SessionState();
            sessions.put(e.session(), s);
            queue.add(new Write.Start(start(e)));
        }
        String text = e.text();
        boolean end = e.kind() == SessionLogEntry.Kind.LIFECYCLE && TERMINATED.equals(text);
        if (s.reason == null) {
            s.reason = reason(e);
        }
        if (end) {
            if (s.dropped > 0) {
                enqueueLine(e.session(), s, e.at(), SessionLogEntry.Kind.LIMIT.name(), "log truncated: " + s.dropped
                        + " lines were dropped because the node could not write them fast enough");
            }
            enqueueLine(e.session(), s, e.at(), e.kind().name(), text);
            String reason = s.reason != null ? s.reason : stopping ? "node stopped" : "terminated";
            queue.add(new Write.End(e.session(), e.at(), truncate(reason, MAX_REASON)));
            sessions.remove(e.session());
            return;
        }
        if (queuedLines.get() >= config.logQueueCapacity()) {
            s.dropped++;
            dropped.increment();
            return;
        }
        enqueueLine(e.session(), s, e.at(), e.kind().name(), text);
    }

    private void enqueueLine(SessionId id, SessionState s, Instant at, String kind, String text) {
        queuedLines.incrementAndGet();
        queue.add(new Write.Line(id, new SessionLogLine(s.seq++, at, kind, truncate(text, MAX_MESSAGE))));
    }

    /** The record a session's first line starts. */
    static SessionRecord start(SessionLogEntry e) {
        Optional<Long> rule = Optional.empty();
        List<String> scenarios = List.of();
        Matcher m = STARTED.matcher(e.text());
        if (e.kind() == SessionLogEntry.Kind.LIFECYCLE && m.matches()) {
            rule = Optional.of(Long.parseLong(m.group(1)));
            scenarios = Arrays.stream(m.group(2).split(", ")).filter(n -> !n.isEmpty()).toList();
        }
        return new SessionRecord(e.session(), e.account(), e.application(), rule, scenarios, e.at(), Optional.empty(),
                Optional.empty());
    }

    /** Why a session ends, if this line says so. */
    static String reason(SessionLogEntry e) {
        String t = e.text();
        return switch (e.kind()) {
            case LIMIT, SCRIPT_ERROR -> t.startsWith("stopped") ? t : null;
            case LIFECYCLE -> t.startsWith("no calls for ") ? "idle: " + t
                    : t.startsWith("session could not start") ? t : null;
            case LOG -> null;
        };
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private void run() {
        List<Write> batch = new ArrayList<>(config.logBatchSize());
        while (true) {
            purgeIfDue();
            Write first;
            try {
                first = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                first = null;
                closed = true;
            }
            if (first == null || first == WAKE) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            linger();
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, config.logBatchSize() - 1);
            if (batch.remove(WAKE) && batch.isEmpty()) {
                continue;
            }
            write(batch);
        }
    }

    /** Lets more lines join the batch (one commit for them all) unless a full batch is waiting or the writer closes. */
    private void linger() {
        long nanos = config.logLinger().toNanos();
        if (nanos == 0 || closed || queue.size() >= config.logBatchSize() - 1) {
            return;
        }
        try {
            Thread.sleep(java.time.Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private void write(List<Write> batch) {
        try {
            store.write(batch);
            written.increment(batch.size());
        } catch (RuntimeException e) {
            LOG.warn("writing {} session log changes failed ({}); writing them one by one", batch.size(), e.getMessage());
            for (Write w : batch) {
                if (store.writeOne(w)) {
                    written.increment();
                } else {
                    failed.increment();
                }
            }
        } finally {
            int lines = 0;
            for (Write w : batch) {
                if (w instanceof Write.Line) {
                    lines++;
                }
            }
            queuedLines.addAndGet(-lines);
        }
    }

    private void purgeIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextPurge)) {
            return;
        }
        nextPurge = now.plus(java.time.Duration.ofDays(1));
        try {
            int n = store.purgeEndedBefore(now.minus(config.logRetention()));
            if (n > 0) {
                LOG.info("deleted {} sessions (and their logs) that ended more than {} days ago", n, config.logRetention().toDays());
            }
        } catch (RuntimeException e) {
            LOG.warn("purging old session logs failed: {}", e.getMessage());
        }
    }

    /** Sessions whose end the writer has not seen yet (tests, diagnostics). */
    public int openSessions() {
        return sessions.size();
    }

    /** Writes what is queued, then stops the writer thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        queue.add(WAKE);
        thread.join(TimeUnit.SECONDS.toMillis(15));
        if (thread.isAlive()) {
            LOG.warn("the session log writer did not finish within 15 s; {} changes are lost", queue.size());
            thread.interrupt();
        }
    }
}
