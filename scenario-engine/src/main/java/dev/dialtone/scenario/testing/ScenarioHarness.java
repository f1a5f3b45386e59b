package dev.dialtone.scenario.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.dialtone.core.AccountId;
import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.CallId;
import dev.dialtone.core.CallInfo;
import dev.dialtone.core.ClientType;
import dev.dialtone.core.OutboundCall;
import dev.dialtone.core.VirtualScheduler;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.ConferenceRoutes;
import dev.dialtone.scenario.ScenarioEngine;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioException;
import dev.dialtone.scenario.ScenarioServices;
import dev.dialtone.scenario.ScenarioSource;
import dev.dialtone.scenario.SessionHttpRequest;
import dev.dialtone.scenario.SessionHttpResponse;
import dev.dialtone.scenario.SessionLogEntry;
import dev.dialtone.scenario.SessionRequest;
import dev.dialtone.scenario.StartedSession;
import dev.dialtone.scenario.testing.Timeline.Kind;

/**
 * Runs scenarios on a virtual clock, through the same sandbox workers and limits as production, with
 * in-memory calls, media and HTTP. A minute of scenario time takes milliseconds: time only moves in
 * {@link #advance}, which runs every timer, prompt end and timeout that falls due, waiting after each
 * for the sandbox to finish what it caused.
 *
 * <pre>{@code
 * try (ScenarioHarness h = ScenarioHarness.builder().scenarioFile(Path.of("gatekeeper.js"))
 *         .rule("joinconf", "gatekeeper.js").build()) {
 *     FakeCallLeg call = h.call("joinconf", "alice", "Alice", Map.of());
 *     h.advance(Duration.ofSeconds(3));
 *     call.pressDigits("1234#");
 *     h.advance(Duration.ofSeconds(1));
 *     assertThat(h.timeline().details(Kind.SAY)).isNotEmpty();
 * }
 * }</pre>
 */
public final class ScenarioHarness implements AutoCloseable {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final Timeline timeline = new Timeline(scheduler::nanoTime);
    private final RecordingMediaServices media = new RecordingMediaServices(scheduler, timeline);
    private final CannedHttp http = new CannedHttp(timeline, scheduler);
    private final List<SessionLogEntry> log = new CopyOnWriteArrayList<>();
    private final List<FakeCallLeg> outbound = new CopyOnWriteArrayList<>();
    private final Map<String, ScenarioSource> scenarios;
    private final List<TestRule> rules;
    private final AccountId account;
    private final ApplicationId application;
    private final ScenarioEngine engine;
    private final Duration outboundAnswerDelay;
    private final Duration routeDelay;

    private record TestRule(long id, Pattern pattern, List<String> scenarios) {
    }

    private ScenarioHarness(Builder b) {
        this.scenarios = Map.copyOf(b.scenarios);
        this.rules = List.copyOf(b.rules);
        this.account = b.account;
        this.application = b.application;
        this.outboundAnswerDelay = b.outboundAnswerDelay;
        this.routeDelay = b.routeDelay;
        ScenarioEngineConfig config = b.config.apply(ScenarioEngineConfig.defaults().toBuilder().workerPrewarm(4).warmWorkers(0).dateFollowsScheduler(true).workerReuse(true).build());
        this.engine = ScenarioEngine.create(config, new ScenarioServices(scheduler, this::placeOutbound, media,
                this::route, ConferenceDirectory.inMemory(), this::onLog, http));
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- acting ---------------------------------------------------------------------------------

    /** An inbound call to {@code dialed}, routed by the rules; returns the caller's side once the session settled. */
    public FakeCallLeg call(String dialed, String callerId, String displayName, Map<String, String> headers) {
        TestRule rule = match(dialed).orElseThrow(() -> new IllegalArgumentException("no rule matches " + dialed));
        CallInfo info = FakeCallLeg.inbound(dialed, callerId, displayName, headers, ClientType.WEB);
        FakeCallLeg leg = new FakeCallLeg(info, timeline, media);
        timeline.add(Kind.CALL_ALERTING, leg.id(), "from " + callerId + " to " + dialed + (headers.isEmpty() ? "" : " " + headers));
        try {
            engine.startForInboundCall(request(rule), leg);
        } catch (ScenarioException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        settle();
        return leg;
    }

    /** {@code StartScenarios} for the scenarios of the rule that {@code dialed} matches. */
    public StartedSession startFromHttp(String dialed, String customData) {
        TestRule rule = match(dialed).orElseThrow(() -> new IllegalArgumentException("no rule matches " + dialed));
        try {
            StartedSession s = engine.startFromHttp(request(rule).withCustomData(customData));
            settle();
            return s;
        } catch (ScenarioException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A request to a session's access URL; waits for the handler's answer. */
    public SessionHttpResponse httpRequest(StartedSession s, String method, String body) {
        CompletableFuture<SessionHttpResponse> f = engine.deliverHttpRequest(s.id(), s.accessToken(),
                new SessionHttpRequest(method, s.accessUrl().getPath(), Map.of(), body)).toCompletableFuture();
        settle();
        return f.join();
    }

    /** Canned answer for {@code Net.httpRequest} to URLs starting with {@code urlPrefix}. */
    public ScenarioHarness respond(String urlPrefix, int code, String body) {
        http.respond(urlPrefix, code, body);
        return this;
    }

    /** Canned answer that arrives {@code delay} of scenario time after the request. */
    public ScenarioHarness respondAfter(String urlPrefix, Duration delay, int code, String body) {
        http.respondAfter(urlPrefix, delay, code, body);
        return this;
    }

    /** The canned HTTP server (requests in flight, answers). */
    public CannedHttp http() {
        return http;
    }

    /** The scenario clock: what {@code Date.now()} shows inside the scenarios. */
    public java.time.Instant now() {
        return scheduler.clock().instant();
    }

    /** Moves scenario time forward, running everything that falls due and letting the sandbox react. */
    public void advance(Duration amount) {
        settle();
        Duration left = amount;
        while (true) {
            List<Duration> pending = scheduler.pendingDelays();
            Duration next = pending.isEmpty() ? null : pending.get(0);
            if (next == null || next.compareTo(left) > 0) {
                scheduler.advance(left);
                settle();
                return;
            }
            scheduler.advance(next);
            left = left.minus(next);
            settle();
        }
    }

    /** Waits (in real time) until the sandbox and the engine have nothing left to do at this instant. */
    public void settle() {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        int quiet = 0;
        while (quiet < 2) {
            scheduler.runDue();
            if (engine.idle() && !hasDueTask()) {
                quiet++;
            } else {
                quiet = 0;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the scenario did not settle within " + SETTLE_TIMEOUT.toSeconds() + " s\n" + timeline);
            }
            Thread.onSpinWait();
            if (quiet == 0) {
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private boolean hasDueTask() {
        List<Duration> d = scheduler.pendingDelays();
        return !d.isEmpty() && d.get(0).isZero();
    }

    // ---- looking ------------------------------------------------------------------------------

    public Timeline timeline() {
        return timeline;
    }

    public List<SessionLogEntry> sessionLog() {
        return List.copyOf(log);
    }

    /** Calls the scenarios placed (callPSTN, callSIP, callUser), in order. */
    public List<FakeCallLeg> outboundCalls() {
        return List.copyOf(outbound);
    }

    public ScenarioEngine engine() {
        return engine;
    }

    public int liveSessions() {
        return engine.liveSessions().size();
    }

    @Override
    public void close() {
        engine.close();
    }

    // ---- services -----------------------------------------------------------------------------

    private void onLog(SessionLogEntry e) {
        log.add(e);
        Kind kind = switch (e.kind()) {
            case LOG -> Kind.LOG;
            case SCRIPT_ERROR -> Kind.ERROR;
            case LIMIT -> Kind.LIMIT;
            case LIFECYCLE -> e.text().equals("session terminated") ? Kind.TERMINATED : null;
        };
        if (kind != null) {
            timeline.add(kind, "", e.text());
        }
    }

    private FakeCallLeg placeOutbound(OutboundCall call) {
        CallInfo info = new CallInfo(CallId.random(), CallDirection.OUTBOUND,
                call.kind() == OutboundCall.Kind.PSTN ? ClientType.PSTN : call.kind() == OutboundCall.Kind.SIP ? ClientType.SIP : ClientType.WEB,
                call.callerId(), call.displayName(), call.target(), call.headers());
        FakeCallLeg leg = new FakeCallLeg(info, timeline, media);
        outbound.add(leg);
        timeline.add(Kind.CALL_PLACED, leg.id(), call.kind() + " " + call.target());
        scheduler.schedule(outboundAnswerDelay, leg::answerFromFarEnd);
        return leg;
    }

    private CompletableFuture<Optional<ConferenceRoutes.Route>> route(AccountId a, ApplicationId app, String dialed) {
        Optional<ConferenceRoutes.Route> route = match(dialed).map(r -> new ConferenceRoutes.Route(r.id(), sources(r)));
        if (routeDelay.isZero()) {
            return CompletableFuture.completedFuture(route);
        }
        CompletableFuture<Optional<ConferenceRoutes.Route>> later = new CompletableFuture<>();
        scheduler.schedule(routeDelay, () -> later.complete(route));
        return later;
    }

    private Optional<TestRule> match(String dialed) {
        return rules.stream().filter(r -> r.pattern().matcher(dialed).matches()).findFirst();
    }

    private SessionRequest request(TestRule rule) {
        return new SessionRequest(account, application, rule.id(), sources(rule));
    }

    private List<ScenarioSource> sources(TestRule rule) {
        List<ScenarioSource> out = new ArrayList<>();
        for (String n : rule.scenarios()) {
            ScenarioSource s = scenarios.get(n);
            if (s == null) {
                throw new IllegalArgumentException("rule " + rule.pattern() + " names unknown scenario " + n);
            }
            out.add(s);
        }
        return out;
    }

    /** Scenarios, rules and settings of a harness. */
    public static final class Builder {
        private final Map<String, ScenarioSource> scenarios = new LinkedHashMap<>();
        private final List<TestRule> rules = new ArrayList<>();
        private AccountId account = new AccountId(1);
        private ApplicationId application = new ApplicationId(1);
        private UnaryOperator<ScenarioEngineConfig> config = c -> c;
        private Duration outboundAnswerDelay = Duration.ofSeconds(2);
        private Duration routeDelay = Duration.ZERO;

        public Builder scenario(String name, String code) {
            scenarios.put(name, new ScenarioSource(name, "test", code));
            return this;
        }

        public Builder scenarioFile(Path file) {
            try {
                return scenario(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        /** A rule: dialed strings matching {@code regex} (whole string) start these scenarios in order. */
        public Builder rule(String regex, String... scenarioNames) {
            rules.add(new TestRule(rules.size() + 1, Pattern.compile(regex), List.of(scenarioNames)));
            return this;
        }

        public Builder account(long id) {
            account = new AccountId(id);
            return this;
        }

        public Builder config(UnaryOperator<ScenarioEngineConfig> change) {
            config = change;
            return this;
        }

        public Builder outboundAnswerDelay(Duration d) {
            outboundAnswerDelay = d;
            return this;
        }

        /**
         * How long (scenario time) routing an internal call takes, like the node's database look-up of
         * the rule; zero (the default) routes at once.
         */
        public Builder routeDelay(Duration d) {
            routeDelay = d;
            return this;
        }

        public ScenarioHarness build() {
            if (scenarios.isEmpty()) {
                throw new IllegalStateException("add at least one scenario");
            }
            if (rules.isEmpty()) {
                rule(".*", scenarios.keySet().toArray(String[]::new));
            }
            return new ScenarioHarness(this);
        }
    }
}
