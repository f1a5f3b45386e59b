package dev.dialtone.scenario.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.JsonObject;

import dev.dialtone.core.CallEvent;
import dev.dialtone.core.CallLeg;
import dev.dialtone.core.CallState;
import dev.dialtone.core.Scheduler.Cancellable;
import dev.dialtone.core.SerialExecutor;
import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionLogEntry.Kind;
import dev.dialtone.scenario.SessionRequest;
import dev.dialtone.scenario.internal.wire.Frame;
import dev.dialtone.scenario.internal.wire.Frame.Outcome;

/**
 * A session as the node keeps it: its calls, timers, HTTP requests and owned conference names, and
 * the ordered queue of events for its context in the worker. Every method runs on the session's
 * {@link SerialExecutor} (post to it with {@link #post}); at most one event is in the worker at a
 * time, so the script sees events strictly in order and one at a time.
 */
final class NodeSession {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSession.class);
    private static final int MAX_WORKER_RETRIES = 3;

    enum State { STARTING, OPENING, RUNNING, ENDING, ENDED }

    private record Pending(String json, CompletableFuture<String> result, boolean lifecycle) {
    }

    final EngineCore core;
    final SessionRequest request;
    private final SessionId id;
    private final SerialExecutor executor;
    private final Instant startedAt;
    private final String accessToken;
    final SessionCommands commands;
    final Map<String, CallEntry> calls = new LinkedHashMap<>();
    final Set<ConferenceDirectory.Key> ownedNames = new HashSet<>();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private volatile long inFlightSince;
    private State state = State.STARTING;
    /** Workers that died between being chosen for this session and its opening on them. */
    private int workerRetries;
    private WorkerProcess worker;
    private int handle;
    private Cancellable idleTimer;
    private long logBytes;
    private volatile int liveCallsSnapshot;

    /** One call of the session, by the id the script sees. */
    static final class CallEntry {
        final String jsId;
        final CallLeg leg;
        boolean ended;
        Cancellable alertingTimer;

        CallEntry(String jsId, CallLeg leg) {
            this.jsId = jsId;
            this.leg = leg;
        }
    }

    NodeSession(EngineCore core, SessionId id, SessionRequest request, String accessToken) {
        this.core = core;
        this.id = id;
        this.request = request;
        this.accessToken = accessToken;
        this.executor = new SerialExecutor(core.sessionPool(), e -> LOG.error("session task failed", e));
        this.startedAt = core.services().scheduler().clock().instant();
        this.commands = new SessionCommands(this);
    }

    SessionId id() {
        return id;
    }

    int handle() {
        return handle;
    }

    String accessToken() {
        return accessToken;
    }

    Instant startedAt() {
        return startedAt;
    }

    WorkerProcess worker() {
        return worker;
    }

    long inFlightSinceNanos() {
        return inFlightSince;
    }

    int liveCalls() {
        int n = 0;
        for (CallEntry c : calls.values()) {
            if (!c.ended) {
                n++;
            }
        }
        liveCallsSnapshot = n;
        return n;
    }

    /** Live calls as last seen on the session executor, for listings from other threads. */
    int liveCallsSnapshot() {
        return liveCallsSnapshot;
    }

    boolean active() {
        return state == State.STARTING || state == State.OPENING || state == State.RUNNING;
    }

    /** Terminating gracefully: the context still runs Terminating and Terminated. */
    boolean ending() {
        return state == State.ENDING;
    }

    /** Runs {@code task} on the session's executor; the test kit's quiescence counts it. */
    void post(Runnable task) {
        core.busy().incrementAndGet();
        executor.execute(() -> {
            try {
                task.run();
            } finally {
                core.busy().decrementAndGet();
            }
        });
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /** The worker is ready: send the scenarios. Called on the session executor. */
    void open(WorkerProcess w) {
        if (state != State.STARTING) {
            return;
        }
        int h = w.newHandle();
        if (!w.attach(h, this)) {
            // The worker was killed (for another session of the account) between being chosen and now.
            // Nothing of this session ran there, so it starts on another one.
            if (++workerRetries > MAX_WORKER_RETRIES) {
                failedToStart("its sandbox workers kept dying before it could start");
            } else {
                LOG.debug("session {}: worker {} died before the session opened on it; choosing another", id, w.pid());
                core.acquireWorker(this);
            }
            return;
        }
        worker = w;
        handle = h;
        state = State.OPENING;
        List<Frame> frames = new ArrayList<>();
        for (ScenarioSource s : request.scenarios()) {
            frames.add(new Frame(Frame.Type.SOURCE, handle, 0, 0, s.name(), s.code()));
        }
        frames.add(new Frame(Frame.Type.OPEN, handle, clockMillis(), 0, null, null));
        inFlight = new Pending("open", null, true);
        inFlightSince = System.nanoTime();
        w.inFlight.put(handle, this);
        core.busy().incrementAndGet();
        w.send(frames.toArray(Frame[]::new));
        log(Kind.LIFECYCLE, "session started (rule " + request.ruleId() + ", scenarios " + scenarioNames() + ")");
        armIdleTimer();
    }

    /** No worker could be had. */
    void failedToStart(String reason) {
        log(Kind.LIFECYCLE, "session could not start: " + reason);
        finish(reason, false);
    }

    void enqueue(JsonObject event) {
        enqueue(event.encode(), null, false);
    }

    void enqueue(String json, CompletableFuture<String> result, boolean lifecycle) {
        if (state == State.ENDED || (state == State.ENDING && !lifecycle)) {
            if (result != null) {
                result.complete(null);
            }
            return;
        }
        if (!lifecycle && queue.size() >= core.config().maxQueuedEvents()) {
            if (result != null) {
                result.complete(null);
            }
            limit("more than " + core.config().maxQueuedEvents() + " events waited for the scenario: they arrive "
                    + "faster than its callbacks handle them");
            return;
        }
        core.busy().incrementAndGet();
        queue.add(new Pending(json, result, lifecycle));
        pump();
    }

    private void pump() {
        if (inFlight != null || queue.isEmpty() || worker == null) {
            return;
        }
        if (state != State.RUNNING && state != State.ENDING) {
            return;
        }
        inFlight = queue.poll();
        inFlightSince = System.nanoTime();
        worker.inFlight.put(handle, this);
        worker.send(Frame.of(Frame.Type.DISPATCH, handle, clockMillis(), inFlight.json));
    }

    /** The node's clock as the script may see it (the test kit's virtual clock there). */
    private long clockMillis() {
        return core.services().scheduler().clock().millis();
    }

    /** Forgets the callback in flight (its DONE arrived, or it never will). */
    private void clearInFlight() {
        inFlight = null;
        inFlightSince = 0;
        WorkerProcess w = worker;
        if (w != null) {
            w.inFlight.remove(handle, this);
        }
    }

    /** A frame from the worker for this session. */
    void onFrame(Frame f) {
        switch (f.type()) {
            case COMMAND -> {
                if (state != State.ENDED) {
                    commands.handleBatch(f.s1());
                }
            }
            case DONE -> onDone(Outcome.of(f.a()), f.s1(), f.s2(), f.b());
            default -> LOG.debug("session {}: unexpected frame {}", id, f.type());
        }
    }

    private void onDone(Outcome outcome, String error, String result, long allocated) {
        if (inFlight == null) {
            return;
        }
        core.busy().decrementAndGet();
        Pending done = inFlight;
        // From sending it to handling its DONE, which waits for the node to carry out the commands sent before it.
        long roundTrip = System.nanoTime() - inFlightSince;
        core.callbackDone(roundTrip);
        if (LOG.isDebugEnabled()) {
            LOG.debug("session {}: {} done {} µs after it was sent to the worker", id,
                    state == State.OPENING ? "open" : "callback " + eventType(done.json), roundTrip / 1_000);
        }
        clearInFlight();
        if (state == State.OPENING) {
            if (outcome == Outcome.OK) {
                state = State.RUNNING;
            }
        } else if (done != null && done.result != null) {
            done.result.complete(outcome == Outcome.OK ? result : null);
        }
        if (outcome != Outcome.OK && state != State.ENDED) {
            broke(outcome, error, allocated);
            return;
        }
        pump();
        if (state == State.ENDING && inFlight == null && queue.isEmpty()) {
            close();
        }
    }

    /** The kind of an event's JSON ({@code t}, and {@code event} for call events), never its data, for debug lines. */
    private static String eventType(String json) {
        String t = field(json, "t");
        return "call".equals(t) ? t + " " + field(json, "event") : t;
    }

    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json == null ? -1 : json.indexOf(key);
        int end = at < 0 ? -1 : json.indexOf('"', at + key.length());
        return end < 0 ? "?" : json.substring(at + key.length(), Math.min(end, at + key.length() + 40));
    }

    private void broke(Outcome outcome, String error, long allocated) {
        String line = switch (outcome) {
            case CPU_LIMIT -> "stopped: a callback ran longer than the CPU limit of "
                    + core.config().cpuPerCallback().toMillis() + " ms" + (error != null && error.startsWith("it used ") ? " (" + error + ")" : "");
            case HEAP_LIMIT -> "stopped: the heap limit was exceeded (" + (error != null && !error.startsWith("java.")
                    ? error : "a callback allocated " + allocated / (1024 * 1024) + " MiB") + ")";
            case FLOOD_LIMIT -> "stopped: a callback made more than " + core.config().maxCommandsPerCallback()
                    + " API calls or sent more than 1 MiB of them";
            case SCRIPT_ERROR -> "stopped by an uncaught error: " + error;
            default -> "stopped: " + (error == null ? "the context was closed" : error);
        };
        log(outcome == Outcome.SCRIPT_ERROR ? Kind.SCRIPT_ERROR : Kind.LIMIT, line);
        finish(line, false);
    }

    /** Stops the session for breaking a node-side limit. */
    void limit(String what) {
        if (state == State.ENDED || state == State.ENDING) {
            return;
        }
        log(Kind.LIMIT, "stopped: " + what);
        finish(what, false);
    }

    /**
     * Ends the session. Graceful ends (terminate(), idle) still run {@code AppEvents.Terminating} and
     * {@code Terminated} in the context; others close it at once.
     */
    void finish(String reason, boolean graceful) {
        if (state == State.ENDED || state == State.ENDING) {
            return;
        }
        boolean contextAlive = graceful && (state == State.RUNNING);
        state = State.ENDING;
        cancelIdleTimer();
        commands.releaseAll();
        for (CallEntry c : calls.values()) {
            if (!c.ended) {
                c.ended = true;
                if (c.alertingTimer != null) {
                    c.alertingTimer.cancel();
                }
                c.leg.hangup(Map.of());
            }
        }
        for (Pending p : queue) {
            core.busy().decrementAndGet();
            if (p.result != null) {
                p.result.complete(null);
            }
        }
        queue.clear();
        if (contextAlive) {
            enqueue(new JsonObject().put("t", "terminating").encode(), null, true);
            enqueue(new JsonObject().put("t", "terminated").encode(), null, true);
        } else {
            if (inFlight != null) {
                clearInFlight();
                core.busy().decrementAndGet();
            }
            close();
        }
        LOG.debug("session {} ending: {}", id, reason);
    }

    /** The worker died under this session. */
    void workerLost(boolean culprit, String reason) {
        if (state == State.ENDED) {
            return;
        }
        if (inFlight != null) {
            clearInFlight();
            core.busy().decrementAndGet();
        }
        worker = null;
        if (culprit) {
            log(Kind.LIMIT, "stopped: a callback ran past the CPU limit of " + core.config().cpuPerCallback().toMillis()
                    + " ms and could not be cancelled; its sandbox worker was killed (" + reason + ")");
        } else {
            log(Kind.LIMIT, "stopped: the sandbox worker running this session was killed because of another "
                    + "session of the same account (" + reason + ")");
        }
        finish("worker lost", false);
    }

    private void close() {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        commands.releaseAll();
        WorkerProcess w = worker;
        if (w != null) {
            w.sessions.remove(handle);
            if (w.alive()) {
                w.send(Frame.of(Frame.Type.CLOSE, handle));
            }
            core.pool().released(w);
        }
        for (ConferenceDirectory.Key k : ownedNames) {
            core.services().conferences().release(k, id);
        }
        ownedNames.clear();
        log(Kind.LIFECYCLE, "session terminated");
        core.ended(this);
    }

    // ---- calls ----------------------------------------------------------------------------------

    /** Adds a call the session owns and starts listening to it. */
    CallEntry addCall(String jsId, CallLeg leg) {
        CallEntry entry = new CallEntry(jsId, leg);
        calls.put(jsId, entry);
        liveCalls();
        cancelIdleTimer();
        leg.listen((l, e) -> post(() -> onCallEvent(entry, e)));
        return entry;
    }

    /** An inbound call offered to the session: {@code AppEvents.CallAlerting}. */
    void alerting(CallLeg leg) {
        if (!active()) {
            leg.reject(480, Map.of());
            return;
        }
        String jsId = leg.info().id().value();
        CallEntry entry = addCall(jsId, leg);
        Duration timeout = core.config().alertingTimeout();
        entry.alertingTimer = core.services().scheduler().schedule(timeout, () -> post(() -> {
            if (!entry.ended && leg.state() == CallState.ALERTING) {
                log(Kind.LIFECYCLE, "call " + jsId + " was not answered within " + timeout.toSeconds() + " s; dropped");
                leg.hangup(Map.of());
            }
        }));
        log(Kind.LIFECYCLE, "call " + jsId + " alerting from '" + leg.info().callerId() + "' to '" + leg.info().destination() + "'");
        enqueue(new JsonObject().put("t", "alerting").put("sessionId", id.value()).put("call", EventJson.call(jsId, leg)));
    }

    private void onCallEvent(CallEntry entry, CallEvent event) {
        if (state == State.ENDED || state == State.ENDING) {
            return;
        }
        if (entry.alertingTimer != null && entry.leg.state() != CallState.ALERTING) {
            entry.alertingTimer.cancel();
            entry.alertingTimer = null;
        }
        String name = EventJson.name(event);
        if (event instanceof CallEvent.Disconnected || event instanceof CallEvent.Failed) {
            if (entry.ended) {
                return;
            }
            entry.ended = true;
            commands.callEnded(entry.jsId);
            log(Kind.LIFECYCLE, "call " + entry.jsId + " " + name.toLowerCase(java.util.Locale.ROOT)
                    + (event instanceof CallEvent.Failed f ? " (" + f.code() + " " + f.reason() + ")" : ""));
            armIdleTimer();
        } else if (event instanceof CallEvent.Connected) {
            log(Kind.LIFECYCLE, "call " + entry.jsId + " connected");
        } else if (event instanceof CallEvent.ToneReceived t && !commands.tonesHidden()) {
            log(Kind.LIFECYCLE, "call " + entry.jsId + " tone " + t.tone());
        }
        enqueue(EventJson.callEvent(entry.jsId, entry.leg, event));
    }

    void armIdleTimer() {
        if (liveCalls() > 0 || !active()) {
            return;
        }
        cancelIdleTimer();
        Duration idle = core.config().idleTimeout();
        idleTimer = core.services().scheduler().schedule(idle, () -> post(() -> {
            if (liveCalls() == 0 && active()) {
                log(Kind.LIFECYCLE, "no calls for " + idle.toSeconds() + " s; ending the session");
                finish("idle", true);
            }
        }));
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
    }

    // ---- log --------------------------------------------------------------------------------------

    void log(Kind kind, String text) {
        if (kind == Kind.LOG) {
            logBytes += text.length() + 1;
            if (logBytes > core.config().maxLogBytes()) {
                limit("the session log passed its limit of " + core.config().maxLogBytes() + " bytes");
                return;
            }
        }
        core.log(this, kind, text);
    }

    private String scenarioNames() {
        List<String> names = new ArrayList<>();
        for (ScenarioSource s : request.scenarios()) {
            names.add(s.name());
        }
        return String.join(", ", names);
    }

    Optional<String> customData() {
        return request.customData();
    }

    @Override
    public String toString() {
        return "session " + id;
    }
}
