package dev.dialtone.scenario.internal;

import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import dev.dialtone.core.CallLeg;
import dev.dialtone.core.ScriptChecker.ScriptProblem;
import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.LiveSession;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioException;
import dev.dialtone.scenario.ScenarioException.Reason;
import dev.dialtone.scenario.ScenarioServices;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionHttpRequest;
import dev.dialtone.scenario.SessionHttpResponse;
import dev.dialtone.scenario.SessionLogEntry;
import dev.dialtone.scenario.SessionRequest;
import dev.dialtone.scenario.StartedSession;
import dev.dialtone.scenario.internal.wire.Frame;

/** The engine behind the {@code ScenarioEngine} facade: sessions, workers, internal calls, syntax checks. */
public final class EngineCore implements WorkerPool.Events {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScenarioEngineConfig config;
    private final ScenarioServices services;
    private final ExecutorService sessionPool;
    private final WorkerPool pool;
    private final Quarantine quarantine;
    private final Map<SessionId, NodeSession> sessions = new ConcurrentHashMap<>();
    /**
     * Conference owners whose session is still starting (its rule is being resolved), with the calls
     * that reached the name meanwhile: they are handed over once the session exists. Without this a
     * second call arriving during the start would see no session, take the owner for dead and start
     * a second room under the same name.
     */
    private final Map<SessionId, List<CallLeg>> startingOwners = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Optional<ScriptProblem>>> parses = new ConcurrentHashMap<>();
    private final AtomicInteger parseIds = new AtomicInteger();
    /** Scenarios handed to {@link #prepare} lately. */
    private final RecentScenarios prepared = new RecentScenarios(64, 2L << 20);
    private final AtomicInteger busy = new AtomicInteger();
    private final StandingDelay callbackDelay = new StandingDelay(Duration.ofMillis(250), 20, System::nanoTime);

    public EngineCore(ScenarioEngineConfig config, ScenarioServices services) {
        this.config = config;
        this.services = services;
        AtomicInteger n = new AtomicInteger();
        this.sessionPool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "scenario-session-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.quarantine = new Quarantine(services.scheduler().clock(), config.quarantineKills(),
                config.quarantineWindow(), config.quarantineDuration());
        this.pool = new WorkerPool(config, WorkerPriority.node(), this);
        if (config.jvmciModulePath().isEmpty()) {
            LOG.warn("no Graal compiler jars (worker.jvmci-path): scenario workers run without the optimizing JIT");
        }
    }

    ScenarioEngineConfig config() {
        return config;
    }

    ScenarioServices services() {
        return services;
    }

    ExecutorService sessionPool() {
        return sessionPool;
    }

    WorkerPool pool() {
        return pool;
    }

    /** Work the engine still has to do: queued or running callbacks and session tasks. */
    public AtomicInteger busy() {
        return busy;
    }

    // ---- starting sessions ----------------------------------------------------------------------

    public CompletableFuture<SessionId> startForInboundCall(SessionRequest request, CallLeg call) throws ScenarioException {
        NodeSession s = start(SessionId.random(), request, Optional.empty());
        s.post(() -> s.alerting(call));
        return CompletableFuture.completedFuture(s.id());
    }

    public StartedSession startFromHttp(SessionRequest request) throws ScenarioException {
        String token = token();
        SessionId id = SessionId.random();
        URI url = config.accessUrlBase().resolve(id.value() + "/" + token);
        start(id, request, Optional.of(url), token);
        return new StartedSession(id, url, token);
    }

    private NodeSession start(SessionId id, SessionRequest request, Optional<URI> accessUrl) throws ScenarioException {
        return start(id, request, accessUrl, token());
    }

    private NodeSession start(SessionId id, SessionRequest request, Optional<URI> accessUrl, String token)
            throws ScenarioException {
        return start(id, request, accessUrl, token, null);
    }

    /**
     * Starts a session from HTTP on {@code worker}, as if the pool had chosen it, whatever state the worker is
     * in by now: how tests reach the moment a chosen worker dies before the session opens on it.
     */
    SessionId startOn(SessionRequest request, WorkerProcess worker) throws ScenarioException {
        return start(SessionId.random(), request, Optional.empty(), token(), worker).id();
    }

    private NodeSession start(SessionId id, SessionRequest request, Optional<URI> accessUrl, String token,
            WorkerProcess chosen) throws ScenarioException {
        check(request);
        NodeSession s = new NodeSession(this, id, request, token);
        sessions.put(id, s);
        openWhenReady(s, chosen != null ? CompletableFuture.completedFuture(chosen) : pool.acquire(request.account()));
        URI url = accessUrl.orElse(config.accessUrlBase().resolve(id.value() + "/" + token));
        JsonObject started = new JsonObject().put("t", "started").put("sessionId", id.value())
                .put("applicationId", request.application().value()).put("accessURL", url.toString())
                .put("customData", request.customData().orElse(null));
        s.post(() -> s.enqueue(started));
        return s;
    }

    /** Finds {@code s} a worker and opens it there, on the session's executor. */
    void acquireWorker(NodeSession s) {
        openWhenReady(s, pool.acquire(s.request.account()));
    }

    private void openWhenReady(NodeSession s, CompletableFuture<WorkerProcess> worker) {
        busy.incrementAndGet();
        worker.whenComplete((w, failure) -> s.post(() -> {
            busy.decrementAndGet();
            if (failure != null) {
                s.failedToStart("no sandbox worker: " + failure.getMessage());
            } else {
                s.open(w);
            }
        }));
    }

    private void check(SessionRequest request) throws ScenarioException {
        long chars = 0;
        for (ScenarioSource src : request.scenarios()) {
            chars += src.code().length();
        }
        if (chars > config.maxSourceChars()) {
            throw new ScenarioException(Reason.INVALID_SCENARIO, "the scenarios have " + chars
                    + " characters; the limit is " + config.maxSourceChars());
        }
        Optional<String> q = quarantine.refusal(request);
        if (q.isPresent()) {
            throw new ScenarioException(Reason.QUARANTINED, q.get());
        }
    }

    private static String token() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    // ---- HTTP requests to sessions ------------------------------------------------------------

    public CompletableFuture<SessionHttpResponse> deliverHttpRequest(SessionId id, String token, SessionHttpRequest request) {
        NodeSession s = sessions.get(id);
        if (s == null || !s.active()) {
            return CompletableFuture.failedFuture(new ScenarioException(Reason.NO_SUCH_SESSION, "no live session " + id));
        }
        if (!MessageDigest.isEqual(s.accessToken().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return CompletableFuture.failedFuture(new ScenarioException(Reason.FORBIDDEN, "wrong access token"));
        }
        JsonObject e = new JsonObject().put("t", "httpRequest").put("method", request.method()).put("path", request.path())
                .put("headers", EventJson.headers(request.headers())).put("body", request.body());
        CompletableFuture<String> result = new CompletableFuture<>();
        s.post(() -> s.enqueue(e.encode(), result, false));
        return result.thenApply(EngineCore::response);
    }

    private static SessionHttpResponse response(String envelope) {
        if (envelope == null) {
            return new SessionHttpResponse(204, "text/plain", "");
        }
        try {
            Object v = new JsonObject(envelope).getValue("v");
            if (v == null) {
                return new SessionHttpResponse(204, "text/plain", "");
            }
            if (v instanceof String str) {
                return new SessionHttpResponse(200, "text/plain; charset=utf-8", str);
            }
            return new SessionHttpResponse(200, "application/json", io.vertx.core.json.Json.encode(v));
        } catch (DecodeException e) {
            return new SessionHttpResponse(500, "text/plain", "the scenario returned an unreadable response");
        }
    }

    // ---- internal calls -------------------------------------------------------------------------

    /** {@code callConference}: returns the caller's leg at once; the callee leg reaches the owner session. */
    CallLeg conferenceCall(NodeSession from, String name, String callerId, String displayName, Map<String, String> headers) {
        InternalCall call = new InternalCall(name, callerId, displayName, headers, services.media().link());
        var key = new ConferenceDirectory.Key(from.request.account(), from.request.application(), name);
        routeInto(key, call.callee(), 1);
        return call.caller();
    }

    private void routeInto(ConferenceDirectory.Key key, CallLeg callee, int retries) {
        SessionId candidate = SessionId.random();
        startingOwners.put(candidate, new ArrayList<>());
        busy.incrementAndGet();
        services.conferences().claim(key, candidate).whenComplete((owner, failure) -> {
            try {
                if (failure != null || !candidate.equals(owner)) {
                    startingOwners.remove(candidate);
                }
                if (failure != null) {
                    LOG.warn("conference directory failed for {}", key.name(), failure);
                    callee.reject(503, Map.of());
                } else if (owner.equals(candidate)) {
                    startOwner(key, candidate, callee);
                } else if (!deliverToOwner(owner, callee)) {
                    services.conferences().release(key, owner);
                    if (retries > 0) {
                        routeInto(key, callee, retries - 1);
                    } else {
                        callee.reject(480, Map.of());
                    }
                }
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    /** Hands {@code callee} to the owner session, or queues it while that session starts; false if the owner is gone. */
    private boolean deliverToOwner(SessionId owner, CallLeg callee) {
        NodeSession s = sessions.get(owner);
        if (s == null) {
            boolean queued = startingOwners.computeIfPresent(owner, (id, waiting) -> {
                waiting.add(callee);
                return waiting;
            }) != null;
            if (queued) {
                return true;
            }
            s = sessions.get(owner); // it may have started between the two looks
        }
        if (s == null || !s.active()) {
            return false;
        }
        NodeSession session = s;
        session.post(() -> session.alerting(callee));
        return true;
    }

    private void startOwner(ConferenceDirectory.Key key, SessionId id, CallLeg callee) {
        // Waiting for the route is not engine work (the test kit's virtual clock may be what completes it).
        services.routes().resolve(key.account(), key.application(), key.name()).whenComplete((route, failure) -> {
            busy.incrementAndGet();
            try {
                if (failure != null || route == null || route.isEmpty()) {
                    services.conferences().release(key, id);
                    rejectWaiting(id, callee, 404);
                    return;
                }
                SessionRequest request = new SessionRequest(key.account(), key.application(), route.get().ruleId(),
                        route.get().scenarios());
                NodeSession s = start(id, request, Optional.empty());
                List<CallLeg> waiting = startingOwners.remove(id); // after start(): the session is in `sessions` now
                s.post(() -> {
                    s.ownedNames.add(key);
                    s.alerting(callee);
                    if (waiting != null) {
                        waiting.forEach(s::alerting);
                    }
                });
            } catch (ScenarioException e) {
                services.conferences().release(key, id);
                rejectWaiting(id, callee, e.reason() == Reason.QUARANTINED ? 503 : 500);
            } catch (RuntimeException e) {
                services.conferences().release(key, id);
                rejectWaiting(id, callee, 500);
                throw e;
            } finally {
                busy.decrementAndGet();
            }
        });
    }

    private void rejectWaiting(SessionId owner, CallLeg first, int code) {
        first.reject(code, Map.of());
        List<CallLeg> waiting = startingOwners.remove(owner);
        if (waiting != null) {
            waiting.forEach(c -> c.reject(code, Map.of()));
        }
    }

    // ---- bookkeeping ----------------------------------------------------------------------------

    void ended(NodeSession s) {
        sessions.remove(s.id(), s);
    }

    void log(NodeSession s, SessionLogEntry.Kind kind, String text) {
        var r = s.request;
        try {
            services.log().append(new SessionLogEntry(s.id(), r.account(), r.application(),
                    services.scheduler().clock().instant(), kind, text));
        } catch (RuntimeException e) {
            LOG.warn("session log sink failed for session {}", s.id(), e);
        }
    }

    public int liveSessionCount() {
        return sessions.size();
    }

    /** A session's event (or its opening) came back done {@code nanos} after it was sent to the worker. */
    void callbackDone(long nanos) {
        callbackDelay.record(nanos);
    }

    /** See {@code ScenarioEngine.callbackDelayNanos}. */
    public long callbackDelayNanos() {
        return callbackDelay.nanos();
    }

    public List<LiveSession> liveSessions() {
        List<LiveSession> out = new ArrayList<>();
        for (NodeSession s : sessions.values()) {
            WorkerProcess w = s.worker();
            out.add(new LiveSession(s.id(), s.request.account(), s.request.application(), s.request.ruleId(),
                    s.startedAt(), s.liveCallsSnapshot(), w == null ? 0 : w.pid()));
        }
        return out;
    }

    public String runtimeName() {
        return pool.runtimeName();
    }

    /** Worker pid → functions compiled by the optimizing JIT (counted when trace-compilation is on). */
    public Map<Long, Long> compilations() {
        Map<Long, Long> m = new java.util.LinkedHashMap<>();
        for (WorkerProcess w : pool.workers()) {
            m.put(w.pid(), w.compilations);
        }
        return m;
    }

    /** Functions the workers' optimizing JIT compiled, as the workers named them (with trace-compilation). */
    public List<String> jitCompiledFunctions() {
        List<String> out = new ArrayList<>();
        for (WorkerProcess w : pool.workers()) {
            out.addAll(w.jitFunctions);
        }
        return out;
    }

    public List<dev.dialtone.scenario.SandboxWorker> workers() {
        List<dev.dialtone.scenario.SandboxWorker> out = new ArrayList<>();
        for (WorkerProcess w : pool.workers()) {
            boolean ready = w.ready().isDone() && !w.ready().isCompletedExceptionally();
            out.add(new dev.dialtone.scenario.SandboxWorker(w.pid(), ready && w.alive(), w.sessions.size(), String.valueOf(w.priority)));
        }
        return out;
    }

    public List<Long> workerPids() {
        return pool.workers().stream().map(WorkerProcess::pid).toList();
    }

    // ---- syntax checks --------------------------------------------------------------------------

    public Optional<ScriptProblem> parse(String name, String code, Duration timeout) {
        if (code.length() > config.maxSourceChars()) {
            return Optional.of(new ScriptProblem(1, 1, "the scenario has " + code.length()
                    + " characters; the limit is " + config.maxSourceChars()));
        }
        int id = parseIds.incrementAndGet();
        CompletableFuture<Optional<ScriptProblem>> f = new CompletableFuture<>();
        parses.put(id, f);
        pool.any().whenComplete((w, failure) -> {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                w.send(new Frame(Frame.Type.PARSE, id, 0, 0, name, code));
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the script could not be checked: no sandbox worker answered", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the script", e);
        } finally {
            parses.remove(id);
        }
    }

    /**
     * Every live worker parses the scenario for its future sessions (see {@link Frame.Type#PREPARE}); a worker that
     * starts later parses the last 64 prepared ones (at most 2 M characters of them) when it is ready.
     */
    public void prepare(String name, String code) {
        if (code.length() > config.maxSourceChars()) {
            return;
        }
        ScenarioSource s = prepared.add(name, code);
        for (WorkerProcess w : pool.workers()) {
            // One still starting gets it with the others when it is ready (workerReady reads the list after this add).
            if (w.alive() && w.ready().isDone()) {
                w.send(prepareFrame(s));
            }
        }
    }

    @Override
    public void workerReady(WorkerProcess worker) {
        List<Frame> frames = prepared.all().stream().map(EngineCore::prepareFrame).toList();
        if (!frames.isEmpty()) {
            worker.send(frames.toArray(Frame[]::new));
        }
    }

    private static Frame prepareFrame(ScenarioSource s) {
        return new Frame(Frame.Type.PREPARE, 0, 0, 0, s.name(), s.code());
    }

    // ---- worker events ----------------------------------------------------------------------------

    @Override
    public void frame(WorkerProcess worker, Frame frame) {
        if (frame.type() == Frame.Type.PARSED) {
            CompletableFuture<Optional<ScriptProblem>> f = parses.get(frame.session());
            if (f != null) {
                f.complete(frame.a() == 0 ? Optional.empty()
                        : Optional.of(new ScriptProblem((int) frame.a(), (int) Math.max(1, frame.b()), frame.s1())));
            }
            return;
        }
        NodeSession s = worker.sessions.get(frame.session());
        if (s != null) {
            s.post(() -> s.onFrame(frame));
        } else if (frame.type() == Frame.Type.DONE) {
            LOG.debug("late DONE from worker {} for closed handle {}", worker.pid(), frame.session());
        }
    }

    @Override
    public void workerLost(WorkerProcess worker, List<NodeSession> lost, NodeSession culprit, String reason) {
        if (culprit != null && worker.killed) {
            quarantine.recordKill(culprit.request);
        }
        for (NodeSession s : lost) {
            s.post(() -> s.workerLost(s == culprit, reason));
        }
    }

    /** Ends every session (calls hung up, contexts closed), then stops or parks the workers. */
    public void close() {
        for (NodeSession s : sessions.values()) {
            s.post(() -> s.finish("the engine is shutting down", false));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pool.close();
        sessionPool.shutdown();
    }
}
