package dev.dialtone.scenario;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits and worker settings of the scenario engine ({@code dialtone.scenario.*}). Every limit is
 * at least as strict as the original platform's published one by default.
 *
 * @param cpuPerCallback          {@code cpu-per-callback} (1 s): how long one callback may run: in wall time once it has used
 *                                {@code worker.demote-after} of CPU itself (a CPU hog), else in its own CPU time (a callback
 *                                only starved by a busy machine; wall backstop ten times this, at least 5 s)
 * @param cancelGrace             {@code cancel-grace} (300 ms): how long a cancelled callback may go on (measured the same
 *                                way) before its worker is killed
 * @param workerSilence           {@code worker.silence-limit} (10 s): a worker with callbacks outstanding that sends nothing,
 *                                not even its 100 ms heartbeat, for this long is wedged and killed
 * @param heapPerSession          {@code heap-per-session} (16 MiB): a callback that allocated this much while the worker's
 *                                heap stays nearly full after collection is cancelled as the likely heap bomb
 * @param allocationPerCallback   {@code allocation-per-callback} (64 MiB): bytes one callback may allocate in total
 * @param maxTimers               {@code max-timers} (100): live timers per session
 * @param httpInFlight            {@code http-in-flight} (3): concurrent {@code Net.httpRequest}s per session; more wait
 * @param httpPerSession          {@code http-per-session} (35): requests per session; more are refused with code 0
 * @param maxSourceChars          {@code max-source-chars} (262,144): characters of all scenarios of a session
 * @param maxLogBytes             {@code max-log-bytes} (512 KiB): session log bytes; past it the session is stopped
 * @param maxCommandsPerCallback  {@code max-commands-per-callback} (5,000): API calls in one callback
 * @param maxCommandsPerSecond    {@code max-commands-per-second} (2,000): API calls per session per second
 * @param maxQueuedEvents         {@code max-queued-events} (1,000): events waiting for one session; a session whose
 *                                events (timers, call events…) arrive faster than its callbacks handle them is stopped
 * @param minTimerInterval        {@code min-timer-interval} (10 ms): shorter {@code setInterval} periods are raised to it
 * @param idleTimeout             {@code idle-timeout} (60 s): a session without calls ends this long after its last call
 * @param alertingTimeout         {@code alerting-timeout} (60 s): an inbound call not answered by then is dropped
 * @param demoteAfter             {@code worker.demote-after} (100 ms): a worker whose running callback has used this much
 *                                CPU drops to the lowest OS priority until no callback of it is that hot (see the README)
 * @param wallClockAfter          {@code worker.wall-clock-after} (10 ms): a callback that has used this much CPU itself is
 *                                timed in wall time ({@code cpu-per-callback}), a lighter one in its own CPU time
 * @param workerThreads           {@code worker.threads} (2): callback threads per worker process
 * @param workerPrewarm           {@code worker.prewarm} (16): contexts each worker keeps ready while idle
 * @param workerHeapMegabytes     {@code worker.heap-mb} (1024): the worker's -Xmx
 * @param warmWorkers             {@code worker.warm} (1): started workers kept with no sessions, ready for a new account
 * @param maxWorkers              {@code worker.max} (8): worker processes; past it, accounts share workers
 * @param quarantineKills         {@code quarantine.kills} (3): worker kills by one scenario version that quarantine it
 * @param quarantineWindow        {@code quarantine.window} (10 min): the kills must fall within this window
 * @param quarantineDuration      {@code quarantine.duration} (1 h): how long new sessions of it are refused
 * @param accessUrlBase           {@code access-url-base} (http://localhost:8080/api/v1/sessions/): prefix of access URLs
 * @param jvmciModulePath         {@code worker.jvmci-path} (the {@code jvmci} folder beside the engine's classes or jar):
 *                                Graal compiler jars for the workers' optimizing JIT; empty runs workers interpreter-only
 * @param workerJavaOptions       {@code worker.java-options} (none): extra JVM options for workers
 * @param workerReuse             {@code worker.reuse} (false): idle workers of a closed engine are kept for the next engine
 *                                this JVM creates with the same worker settings (the test kit creates one engine per test)
 * @param traceCompilation        {@code worker.trace-compilation} (false): count JIT compilations (diagnostics, tests)
 * @param dateFollowsScheduler    {@code date-follows-scheduler} (false): scripts' {@code Date} shows the scheduler's
 *                                clock instead of the real one (the test kit's virtual time)
 * @param net                     {@code net.*}: where {@code Net.httpRequest} may go
 */
public record ScenarioEngineConfig(
        Duration cpuPerCallback,
        Duration cancelGrace,
        Duration workerSilence,
        long heapPerSession,
        long allocationPerCallback,
        int maxTimers,
        int httpInFlight,
        int httpPerSession,
        int maxSourceChars,
        int maxLogBytes,
        int maxCommandsPerCallback,
        int maxCommandsPerSecond,
        int maxQueuedEvents,
        Duration minTimerInterval,
        Duration idleTimeout,
        Duration alertingTimeout,
        Duration demoteAfter,
        Duration wallClockAfter,
        int workerThreads,
        int workerPrewarm,
        int workerHeapMegabytes,
        int warmWorkers,
        int maxWorkers,
        int quarantineKills,
        Duration quarantineWindow,
        Duration quarantineDuration,
        URI accessUrlBase,
        Optional<Path> jvmciModulePath,
        List<String> workerJavaOptions,
        boolean workerReuse,
        boolean traceCompilation,
        boolean dateFollowsScheduler,
        NetPolicy net) {

    public static final Duration DEFAULT_CPU_PER_CALLBACK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofMillis(300);
    public static final Duration DEFAULT_WORKER_SILENCE = Duration.ofSeconds(10);
    public static final long DEFAULT_HEAP_PER_SESSION = 16L * 1024 * 1024;
    public static final long DEFAULT_ALLOCATION_PER_CALLBACK = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_TIMERS = 100;
    public static final int DEFAULT_HTTP_IN_FLIGHT = 3;
    public static final int DEFAULT_HTTP_PER_SESSION = 35;
    public static final int DEFAULT_MAX_SOURCE_CHARS = 256 * 1024;
    public static final int DEFAULT_MAX_LOG_BYTES = 512 * 1024;
    public static final int DEFAULT_MAX_COMMANDS_PER_CALLBACK = 5_000;
    public static final int DEFAULT_MAX_COMMANDS_PER_SECOND = 2_000;
    public static final int DEFAULT_MAX_QUEUED_EVENTS = 1_000;
    public static final Duration DEFAULT_DEMOTE_AFTER = Duration.ofMillis(100);
    public static final Duration DEFAULT_WALL_CLOCK_AFTER = Duration.ofMillis(10);
    public static final Duration DEFAULT_MIN_TIMER_INTERVAL = Duration.ofMillis(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_ALERTING_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_WORKER_THREADS = 2;
    public static final int DEFAULT_WORKER_PREWARM = 16;
    public static final int DEFAULT_WORKER_HEAP_MEGABYTES = 1024;
    public static final int DEFAULT_WARM_WORKERS = 1;
    public static final int DEFAULT_MAX_WORKERS = 8;
    public static final int DEFAULT_QUARANTINE_KILLS = 3;
    public static final Duration DEFAULT_QUARANTINE_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_QUARANTINE_DURATION = Duration.ofHours(1);
    public static final URI DEFAULT_ACCESS_URL_BASE = URI.create("http://localhost:8080/api/v1/sessions/");

    public ScenarioEngineConfig {
        positive("cpu-per-callback", cpuPerCallback);
        positive("cancel-grace", cancelGrace);
        positive("worker.silence-limit", workerSilence);
        range("heap-per-session", heapPerSession, 1L << 20, 1L << 32);
        range("allocation-per-callback", allocationPerCallback, 1L << 20, 1L << 34);
        range("max-timers", maxTimers, 1, 100_000);
        range("http-in-flight", httpInFlight, 1, 100);
        range("http-per-session", httpPerSession, 0, 100_000);
        range("max-source-chars", maxSourceChars, 1, 16 << 20);
        range("max-log-bytes", maxLogBytes, 1024, 1 << 30);
        range("max-commands-per-callback", maxCommandsPerCallback, 10, 10_000_000);
        range("max-commands-per-second", maxCommandsPerSecond, 10, 10_000_000);
        range("max-queued-events", maxQueuedEvents, 10, 10_000_000);
        positive("min-timer-interval", minTimerInterval);
        positive("worker.demote-after", demoteAfter);
        positive("worker.wall-clock-after", wallClockAfter);
        positive("idle-timeout", idleTimeout);
        positive("alerting-timeout", alertingTimeout);
        range("worker.threads", workerThreads, 1, 64);
        range("worker.prewarm", workerPrewarm, 0, 10_000);
        range("worker.heap-mb", workerHeapMegabytes, 64, 1 << 20);
        range("worker.warm", warmWorkers, 0, 64);
        range("worker.max", maxWorkers, 1, 1024);
        range("quarantine.kills", quarantineKills, 1, 1000);
        positive("quarantine.window", quarantineWindow);
        positive("quarantine.duration", quarantineDuration);
        Objects.requireNonNull(accessUrlBase, "accessUrlBase");
        if (!accessUrlBase.isAbsolute() || !accessUrlBase.getPath().endsWith("/")) {
            throw new IllegalArgumentException("access-url-base must be an absolute URL ending in /: " + accessUrlBase);
        }
        Objects.requireNonNull(jvmciModulePath, "jvmciModulePath");
        workerJavaOptions = List.copyOf(workerJavaOptions);
        Objects.requireNonNull(net, "net");
        if (warmWorkers > maxWorkers) {
            throw new IllegalArgumentException("worker.warm cannot exceed worker.max");
        }
        if (demoteAfter.compareTo(cpuPerCallback) >= 0) {
            throw new IllegalArgumentException("worker.demote-after must be shorter than cpu-per-callback");
        }
        if (wallClockAfter.compareTo(cpuPerCallback) >= 0) {
            throw new IllegalArgumentException("worker.wall-clock-after must be shorter than cpu-per-callback");
        }
    }

    /** The defaults, with the JIT jars found next to the engine's classes when they are there. */
    public static ScenarioEngineConfig defaults() {
        return new ScenarioEngineConfig(DEFAULT_CPU_PER_CALLBACK, DEFAULT_CANCEL_GRACE, DEFAULT_WORKER_SILENCE, DEFAULT_HEAP_PER_SESSION,
                DEFAULT_ALLOCATION_PER_CALLBACK, DEFAULT_MAX_TIMERS, DEFAULT_HTTP_IN_FLIGHT, DEFAULT_HTTP_PER_SESSION,
                DEFAULT_MAX_SOURCE_CHARS, DEFAULT_MAX_LOG_BYTES, DEFAULT_MAX_COMMANDS_PER_CALLBACK,
                DEFAULT_MAX_COMMANDS_PER_SECOND, DEFAULT_MAX_QUEUED_EVENTS, DEFAULT_MIN_TIMER_INTERVAL, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_ALERTING_TIMEOUT, DEFAULT_DEMOTE_AFTER, DEFAULT_WALL_CLOCK_AFTER, DEFAULT_WORKER_THREADS, DEFAULT_WORKER_PREWARM,
                DEFAULT_WORKER_HEAP_MEGABYTES, DEFAULT_WARM_WORKERS, DEFAULT_MAX_WORKERS, DEFAULT_QUARANTINE_KILLS,
                DEFAULT_QUARANTINE_WINDOW, DEFAULT_QUARANTINE_DURATION, DEFAULT_ACCESS_URL_BASE,
                defaultJvmciPath(), List.of(), false, false, false, NetPolicy.DEFAULT);
    }

    /** {@code target/jvmci} beside {@code target/classes}, or {@code jvmci} beside the engine's jar. */
    public static Optional<Path> defaultJvmciPath() {
        try {
            var location = ScenarioEngineConfig.class.getProtectionDomain().getCodeSource().getLocation();
            Path here = Path.of(location.toURI());
            Path dir = here.getParent() == null ? null : here.getParent().resolve("jvmci");
            if (dir != null && java.nio.file.Files.isDirectory(dir)) {
                return Optional.of(dir);
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive: " + d);
        }
    }

    private static void range(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " must be " + min + ".." + max + ": " + v);
        }
    }

    /** Changes settings of an existing config; {@link #build} validates the result. */
    public static final class Builder {
        private Duration cpu;
        private Duration grace;
        private Duration silence;
        private long heapPerSession;
        private long allocationPerCallback;
        private int maxTimers;
        private int httpInFlight;
        private int httpPerSession;
        private int maxSourceChars;
        private int maxLogBytes;
        private int maxCommandsPerCallback;
        private int maxCommandsPerSecond;
        private int maxQueuedEvents;
        private Duration minTimerInterval;
        private Duration idle;
        private Duration alerting;
        private Duration demoteAfter;
        private Duration wallClockAfter;
        private int threads;
        private int prewarm;
        private int heapMb;
        private int warm;
        private int max;
        private int quarantineKills;
        private Duration quarantineWindow;
        private Duration quarantineDuration;
        private URI accessUrlBase;
        private Optional<Path> jvmci;
        private List<String> javaOptions;
        private boolean reuse;
        private boolean trace;
        private boolean dateFollowsScheduler;
        private NetPolicy net;

        Builder(ScenarioEngineConfig c) {
            cpu = c.cpuPerCallback;
            grace = c.cancelGrace;
            silence = c.workerSilence;
            heapPerSession = c.heapPerSession;
            allocationPerCallback = c.allocationPerCallback;
            maxTimers = c.maxTimers;
            httpInFlight = c.httpInFlight;
            httpPerSession = c.httpPerSession;
            maxSourceChars = c.maxSourceChars;
            maxLogBytes = c.maxLogBytes;
            maxCommandsPerCallback = c.maxCommandsPerCallback;
            maxCommandsPerSecond = c.maxCommandsPerSecond;
            maxQueuedEvents = c.maxQueuedEvents;
            minTimerInterval = c.minTimerInterval;
            idle = c.idleTimeout;
            alerting = c.alertingTimeout;
            demoteAfter = c.demoteAfter;
            wallClockAfter = c.wallClockAfter;
            threads = c.workerThreads;
            prewarm = c.workerPrewarm;
            heapMb = c.workerHeapMegabytes;
            warm = c.warmWorkers;
            max = c.maxWorkers;
            quarantineKills = c.quarantineKills;
            quarantineWindow = c.quarantineWindow;
            quarantineDuration = c.quarantineDuration;
            accessUrlBase = c.accessUrlBase;
            jvmci = c.jvmciModulePath;
            javaOptions = c.workerJavaOptions;
            reuse = c.workerReuse;
            trace = c.traceCompilation;
            dateFollowsScheduler = c.dateFollowsScheduler;
            net = c.net;
        }

        public Builder cpu(Duration d) { cpu = d; return this; }
        public Builder cancelGrace(Duration d) { grace = d; return this; }
        public Builder workerSilence(Duration d) { silence = d; return this; }
        public Builder heapPerSession(long bytes) { heapPerSession = bytes; return this; }
        public Builder allocationPerCallback(long bytes) { allocationPerCallback = bytes; return this; }
        public Builder maxTimers(int n) { maxTimers = n; return this; }
        public Builder httpInFlight(int n) { httpInFlight = n; return this; }
        public Builder httpPerSession(int n) { httpPerSession = n; return this; }
        public Builder maxSourceChars(int n) { maxSourceChars = n; return this; }
        public Builder maxLogBytes(int n) { maxLogBytes = n; return this; }
        public Builder maxCommandsPerCallback(int n) { maxCommandsPerCallback = n; return this; }
        public Builder maxCommandsPerSecond(int n) { maxCommandsPerSecond = n; return this; }
        public Builder maxQueuedEvents(int n) { maxQueuedEvents = n; return this; }
        public Builder minTimerInterval(Duration d) { minTimerInterval = d; return this; }
        public Builder idleTimeout(Duration d) { idle = d; return this; }
        public Builder alertingTimeout(Duration d) { alerting = d; return this; }
        public Builder demoteAfter(Duration d) { demoteAfter = d; return this; }
        public Builder wallClockAfter(Duration d) { wallClockAfter = d; return this; }
        public Builder workerThreads(int n) { threads = n; return this; }
        public Builder workerPrewarm(int n) { prewarm = n; return this; }
        public Builder workerHeapMegabytes(int n) { heapMb = n; return this; }
        public Builder warmWorkers(int n) { warm = n; return this; }
        public Builder maxWorkers(int n) { max = n; return this; }
        public Builder quarantineKills(int n) { quarantineKills = n; return this; }
        public Builder quarantineWindow(Duration d) { quarantineWindow = d; return this; }
        public Builder quarantineDuration(Duration d) { quarantineDuration = d; return this; }
        public Builder accessUrlBase(URI u) { accessUrlBase = u; return this; }
        public Builder jvmciModulePath(Optional<Path> p) { jvmci = p; return this; }
        public Builder workerJavaOptions(List<String> o) { javaOptions = o; return this; }
        public Builder workerReuse(boolean on) { reuse = on; return this; }
        public Builder traceCompilation(boolean on) { trace = on; return this; }
        public Builder dateFollowsScheduler(boolean on) { dateFollowsScheduler = on; return this; }
        public Builder net(NetPolicy p) { net = p; return this; }

        /** @throws IllegalArgumentException naming the first invalid key */
        public ScenarioEngineConfig build() {
            return new ScenarioEngineConfig(cpu, grace, silence, heapPerSession, allocationPerCallback, maxTimers,
                    httpInFlight, httpPerSession, maxSourceChars, maxLogBytes, maxCommandsPerCallback,
                    maxCommandsPerSecond, maxQueuedEvents, minTimerInterval, idle, alerting, demoteAfter, wallClockAfter, threads,
                    prewarm, heapMb, warm, max, quarantineKills, quarantineWindow, quarantineDuration, accessUrlBase,
                    jvmci, javaOptions, reuse, trace, dateFollowsScheduler, net);
        }
    }
}
