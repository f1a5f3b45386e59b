package dev.dialtone.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import dev.dialtone.core.CallLeg;
import dev.dialtone.core.ScriptChecker;
import dev.dialtone.core.SessionId;
import dev.dialtone.scenario.internal.EngineCore;

/**
 * Runs scenario sessions. Scenario JavaScript never runs in the caller's JVM: every session lives in
 * a supervised sandbox worker process (see the module README for the blast radius and the limits);
 * this facade, the calls and the media stay in the node.
 *
 * <p>Wiring in the node's composition root:
 * <pre>{@code
 * ScenarioEngine engine = ScenarioEngine.create(config, new ScenarioServices(
 *         scheduler, outboundCalls, mediaServices, conferenceRoutes, ConferenceDirectory.inMemory(),
 *         sessionLogSink, ScenarioHttpClient.vertx(vertx, config.net())));
 * // SIP / SDK inbound call, after routing matched a rule:
 * engine.startForInboundCall(new SessionRequest(account, application, rule.id(), scenarios), leg);
 * // POST StartScenarios:
 * StartedSession s = engine.startFromHttp(request.withCustomData(scriptCustomData));
 * // a request to s.accessUrl():
 * engine.deliverHttpRequest(id, token, new SessionHttpRequest(method, path, headers, body));
 * // scenario upload:
 * engine.scriptChecker().check(name, code);
 * }</pre>
 */
public final class ScenarioEngine implements AutoCloseable {
    private final EngineCore core;
    private final ScriptChecker checker;

    private ScenarioEngine(EngineCore core) {
        this.core = core;
        this.checker = new ScriptChecker() {
            @Override
            public Optional<ScriptProblem> check(String fileName, String source) {
                return core.parse(fileName, source, Duration.ofSeconds(60));
            }

            @Override
            public void prepare(String scenarioName, String source) {
                core.prepare(scenarioName, source);
            }
        };
    }

    /** Starts the engine and its warm pool of sandbox workers. */
    public static ScenarioEngine create(ScenarioEngineConfig config, ScenarioServices services) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(services, "services");
        return new ScenarioEngine(new EngineCore(config, services));
    }

    /**
     * Starts a session for an inbound call: {@code AppEvents.Started}, then
     * {@code AppEvents.CallAlerting} with {@code call}. The session owns the call from now on.
     *
     * @throws ScenarioException if the scenarios are too large or quarantined (reject the call, e.g. 503)
     */
    public CompletionStage<SessionId> startForInboundCall(SessionRequest request, CallLeg call) throws ScenarioException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(call, "call");
        return core.startForInboundCall(request, call);
    }

    /** {@code StartScenarios}: starts a session without a call and returns its id and access URL. */
    public StartedSession startFromHttp(SessionRequest request) throws ScenarioException {
        Objects.requireNonNull(request, "request");
        return core.startFromHttp(request);
    }

    /**
     * Delivers a request to a session's access URL as {@code AppEvents.HttpRequest}; completes with
     * the handler's return value. Fails with {@link ScenarioException} (NO_SUCH_SESSION, FORBIDDEN).
     */
    public CompletionStage<SessionHttpResponse> deliverHttpRequest(SessionId id, String accessToken, SessionHttpRequest request) {
        return core.deliverHttpRequest(id, accessToken, request);
    }

    /**
     * Syntax checks with GraalJS's parser in a sandbox worker; never runs the code. Its {@code prepare} has every
     * live worker parse a stored scenario ahead of its first session.
     */
    public ScriptChecker scriptChecker() {
        return checker;
    }

    public List<LiveSession> liveSessions() {
        return core.liveSessions();
    }

    /** How many sessions are live now; cheap (no snapshot of each session, unlike {@link #liveSessions()}). */
    public int liveSessionCount() {
        return core.liveSessionCount();
    }

    /**
     * How far behind the scenario workers are, in nanoseconds: the shortest time from sending an event to its
     * callback's end among the callbacks of the last quarter second, when at least 20 ended in it (else 0). While it
     * is high even the quickest callback waited behind others: new sessions would only wait longer. Cheap.
     */
    public long callbackDelayNanos() {
        return core.callbackDelayNanos();
    }

    /** The Truffle runtime the workers report: "GraalVM CE" with the optimizing JIT, "Interpreted" without. */
    public String runtimeName() {
        return core.runtimeName();
    }

    /** Functions compiled by the optimizing JIT per worker pid (counted only with worker.trace-compilation). */
    public Map<Long, Long> jitCompilations() {
        return core.compilations();
    }

    /** Names of the functions the optimizing JIT compiled in the workers (reported only with worker.trace-compilation). */
    public List<String> jitCompiledFunctions() {
        return core.jitCompiledFunctions();
    }

    /** The sandbox worker processes: ready or starting, their sessions and OS priority class. */
    public List<SandboxWorker> workers() {
        return core.workers();
    }

    public List<Long> workerPids() {
        return core.workerPids();
    }

    /** For the test kit: true when no event, callback or session task is queued or running. */
    public boolean idle() {
        return core.busy().get() == 0;
    }

    @Override
    public void close() {
        core.close();
    }

    /** Lets the test kit reach its engine's core; not for production code. */
    public Optional<EngineCore> core() {
        return Optional.of(core);
    }
}
