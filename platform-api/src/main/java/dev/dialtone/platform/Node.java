package dev.dialtone.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.Scheduler;
import dev.dialtone.core.ScriptChecker;
import dev.dialtone.platform.calls.AccountTrunks;
import dev.dialtone.platform.calls.CallHistory;
import dev.dialtone.platform.calls.CallRecords;
import dev.dialtone.platform.calls.InboundSessions;
import dev.dialtone.platform.calls.NodeIdentity;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.pstn.PstnConfig;
import dev.dialtone.pstn.PstnConnector;
import dev.dialtone.pstn.PstnServices;
import dev.dialtone.platform.calls.OutboundDispatcher;
import dev.dialtone.platform.calls.SipCallRouter;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiServer;
import dev.dialtone.platform.http.HttpMount;
import dev.dialtone.platform.http.samples.SamplePages;
import dev.dialtone.platform.http.console.ConsoleSessions;
import dev.dialtone.platform.live.HazelcastLiveState;
import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.persistence.AccountStore;
import dev.dialtone.platform.persistence.AdminPasswordStore;
import dev.dialtone.platform.persistence.ApplicationStore;
import dev.dialtone.platform.persistence.CallRecordStore;
import dev.dialtone.platform.persistence.Database;
import dev.dialtone.platform.persistence.PhoneNumberStore;
import dev.dialtone.platform.persistence.RuleStore;
import dev.dialtone.platform.persistence.ScenarioStore;
import dev.dialtone.platform.persistence.ServiceKeyStore;
import dev.dialtone.platform.persistence.SessionStore;
import dev.dialtone.platform.persistence.TrunkStore;
import dev.dialtone.platform.persistence.UserStore;
import dev.dialtone.platform.sdk.SdkConfig;
import dev.dialtone.platform.sdk.SdkGateway;
import dev.dialtone.platform.security.ApiKeys;
import dev.dialtone.platform.security.SecretBox;
import dev.dialtone.platform.security.ServerCertificate;
import dev.dialtone.platform.service.AccountService;
import dev.dialtone.platform.service.AdminPasswordService;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.NumberService;
import dev.dialtone.platform.service.RuleService;
import dev.dialtone.platform.service.RuleTables;
import dev.dialtone.platform.service.ScenarioService;
import dev.dialtone.platform.service.ServiceKeyService;
import dev.dialtone.platform.service.Services;
import dev.dialtone.platform.service.TrunkService;
import dev.dialtone.platform.service.UserService;
import dev.dialtone.platform.sessions.SessionLogWriter;
import dev.dialtone.platform.sessions.SessionRouting;
import dev.dialtone.platform.sessions.SessionsService;
import dev.dialtone.platform.sessions.TrackedConferences;
import dev.dialtone.scenario.ConferenceDirectory;
import dev.dialtone.scenario.ScenarioEngine;
import dev.dialtone.scenario.ScenarioEngineConfig;
import dev.dialtone.scenario.ScenarioHttpClient;
import dev.dialtone.scenario.ScenarioServices;
import dev.dialtone.users.UserDirectory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * One Dialtone node: starts its components in order (TLS certificate, database, live state, services,
 * session log writer, media engine, HTTP and HTTPS, scenario engine) and stops them in reverse: sessions
 * end first (their calls hung up, their last log lines written), then HTTP, media, the log writer, the
 * live state and the database. Later issues add SIP and the SDK gateway here.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final Deque<AutoCloseable> started;
    private final Services services;
    private final ApiServer http;
    private final Optional<ServerCertificate> certificate;
    private final Optional<AccountService.Created> bootstrap;
    private final Engines engines;
    private final SdkGateway sdkGateway;
    private boolean closed;

    /** The engines a node runs, handed to other modules through the node's getters. */
    private record Engines(ScenarioEngine scenario, MediaEngine media, OutboundDispatcher outbound, SessionLogWriter log,
                           PstnConnector sip) {
    }

    private Node(Deque<AutoCloseable> started, Services services, ApiServer http, Optional<ServerCertificate> certificate,
                 Optional<AccountService.Created> bootstrap, Engines engines, SdkGateway sdkGateway) {
        this.started = started;
        this.services = services;
        this.http = http;
        this.certificate = certificate;
        this.bootstrap = bootstrap;
        this.engines = engines;
        this.sdkGateway = sdkGateway;
    }

    /** Starts a node whose scenario uploads are syntax-checked by the scenario engine (GraalJS, in a sandbox worker). */
    public static Node start(NodeConfig config) throws Exception {
        return start(config, ConsoleConfig.DEFAULT, SdkConfig.DEFAULT, Optional.empty(), List.of());
    }

    /** Starts a node with the scenario engine's syntax checker, console settings and routes of later modules. */
    public static Node start(NodeConfig config, ConsoleConfig console, List<HttpMount> mounts) throws Exception {
        return start(config, console, SdkConfig.DEFAULT, Optional.empty(), mounts);
    }

    /** Starts a node with the scenario engine's syntax checker, console and web SDK gateway settings, and routes of later modules. */
    public static Node start(NodeConfig config, ConsoleConfig console, SdkConfig sdk, List<HttpMount> mounts) throws Exception {
        return start(config, console, sdk, Optional.empty(), mounts);
    }

    /**
     * Starts a node. On failure, whatever was started is stopped again before the exception leaves.
     *
     * @param checker syntax checker for scenario uploads (the scenario engine's GraalJS checker in production)
     */
    public static Node start(NodeConfig config, ScriptChecker checker) throws Exception {
        return start(config, ConsoleConfig.DEFAULT, checker, List.of());
    }

    /**
     * Starts a node with routes of later modules mounted on its HTTP and HTTPS servers (see {@link HttpMount}).
     *
     * @param checker syntax checker for scenario uploads (the scenario engine's GraalJS checker in production)
     */
    public static Node start(NodeConfig config, ScriptChecker checker, List<HttpMount> mounts) throws Exception {
        return start(config, ConsoleConfig.DEFAULT, checker, mounts);
    }

    /** Starts a node with admin console settings and no extra routes. */
    public static Node start(NodeConfig config, ConsoleConfig console, ScriptChecker checker) throws Exception {
        return start(config, console, checker, List.of());
    }

    /**
     * Starts a node with admin console settings and routes of later modules, checking scenario uploads
     * with {@code checker} instead of the scenario engine (tests that do not need GraalJS).
     */
    public static Node start(NodeConfig config, ConsoleConfig console, ScriptChecker checker, List<HttpMount> mounts)
            throws Exception {
        Objects.requireNonNull(checker, "checker");
        return start(config, console, SdkConfig.DEFAULT, Optional.of(checker), mounts);
    }

    /** As {@link #start(NodeConfig, ConsoleConfig, ScriptChecker, List)}, with web SDK gateway settings. */
    public static Node start(NodeConfig config, ConsoleConfig console, SdkConfig sdk, ScriptChecker checker,
                             List<HttpMount> mounts) throws Exception {
        Objects.requireNonNull(checker, "checker");
        return start(config, console, sdk, Optional.of(checker), mounts);
    }

    /**
     * The general form. On failure, whatever was started is stopped again before the exception leaves.
     *
     * @param checkerOverride syntax checker for scenario uploads; empty = the scenario engine's
     */
    private static Node start(NodeConfig config, ConsoleConfig console, SdkConfig sdk, Optional<ScriptChecker> checkerOverride,
                              List<HttpMount> mounts) throws Exception {
        Objects.requireNonNull(sdk, "sdk");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(mounts, "mounts");
        long t0 = System.nanoTime();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            Files.createDirectories(config.dataDir());
            SecureRandom random = new SecureRandom();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dialtone-timer");
                t.setDaemon(true);
                return t;
            });
            started.push(() -> timer.shutdownNow());
            Scheduler scheduler = Scheduler.system(timer);
            SecretBox secrets = SecretBox.open(config.dataDir(), random);

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            started.push(registry::close);
            new JvmMemoryMetrics().bindTo(registry);
            bindThreadCounts(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(registry);
            started.push(gc);

            // The live state, Vert.x, the TLS certificate and jOOQ's classes start while the database starts: they do not
            // depend on each other.
            ExecutorService starters = Executors.newFixedThreadPool(4, r -> new Thread(r, "dialtone-start"));
            CompletableFuture<Optional<ServerCertificate>> certificateLoad = CompletableFuture.supplyAsync(() -> {
                try {
                    return config.httpsEnabled()
                            ? Optional.of(ServerCertificate.load(config.tls(), config.dataDir(), scheduler.clock(), random))
                            : Optional.<ServerCertificate>empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, starters);
            CompletableFuture<LiveState> liveStart = CompletableFuture.supplyAsync(() -> {
                try {
                    return HazelcastLiveState.start(config.clusterPort(), scheduler.clock());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, starters);
            CompletableFuture<Vertx> vertxStart = CompletableFuture.supplyAsync(
                    () -> Vertx.vertx(new VertxOptions().setPreferNativeTransport(false)), starters);
            CompletableFuture.runAsync(() -> DSL.using(SQLDialect.POSTGRES).renderInlined(DSL.selectOne()), starters);
            starters.shutdown();
            started.push(() -> vertxStart.thenAccept(Vertx::close)); // only matters if the start fails before HTTP
            Database db;
            try {
                db = Database.open(config.dbUrl(), config.dataDir(), config.dbPoolSize(), registry);
            } catch (Exception | Error e) {
                liveStart.thenAccept(LiveState::close);
                throw e;
            }
            started.push(db);
            LiveState live;
            try {
                live = liveStart.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            started.push(live);

            var dsl = db.dsl();
            var clock = scheduler.clock();
            RuleTables tables = new RuleTables(config.routing());
            AccountStore accountStore = new AccountStore(dsl, clock);
            AccountService accounts = new AccountService(accountStore, new ApiKeys(random), scheduler);
            ApplicationService apps = new ApplicationService(new ApplicationStore(dsl, clock), config.appDomain(), tables);
            PhoneNumberStore numberStore = new PhoneNumberStore(dsl, clock);
            ServiceKeyService serviceKeys = new ServiceKeyService(new ServiceKeyStore(dsl, clock), accountStore, live, scheduler,
                    random, config.jwt());
            accounts.onDeleted(serviceKeys::accountDeleted);
            UserDirectory directory = UserDirectory.create(config.users(), random);
            Thread.ofVirtual().name("users-warm-up").start(directory::warmUp);
            CallRecordStore callStore = new CallRecordStore(dsl);
            CallRecords callRecords = CallRecords.start(callStore, NodeIdentity.load(config.dataDir()), scheduler);
            started.push(callRecords);

            // Sessions: the log writer, media, routing of callConference; the scenario engine itself starts after HTTP.
            SessionStore sessionStore = new SessionStore(dsl);
            SessionLogWriter sessionLog = new SessionLogWriter(sessionStore, clock, config.sessions(), registry);
            started.push(sessionLog);
            int orphans = sessionLog.endOrphans();
            if (orphans > 0) {
                LOG.info("{} sessions of an earlier run were still open; marked as ended (node stopped unexpectedly)", orphans);
            }
            MediaEngine media = MediaEngine.create(config.media(), scheduler, registry);
            started.push(media);
            ExecutorService routingPool = Executors.newFixedThreadPool(4, Thread.ofPlatform().name("dialtone-routing-", 0)
                    .daemon(true).factory());
            started.push(routingPool::shutdownNow);
            ScenarioStore scenarioStore = new ScenarioStore(dsl, clock);
            RuleStore ruleStore = new RuleStore(dsl, clock);
            SessionRouting routing = new SessionRouting(ruleStore, scenarioStore, tables, routingPool);
            Thread.ofVirtual().name("routing-warm-up").start(routing::warmUp);
            TrackedConferences conferences = new TrackedConferences(ConferenceDirectory.inMemory());
            OutboundDispatcher outbound = new OutboundDispatcher(media);
            CompletableFuture<ScenarioEngine> engineStart = new CompletableFuture<>();
            ScriptChecker checker = checkerOverride.orElseGet(() -> new ScriptChecker() {
                @Override
                public Optional<ScriptProblem> check(String name, String code) {
                    try {
                        return engineStart.get(60, TimeUnit.SECONDS).scriptChecker().check(name, code);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for the scenario engine", e);
                    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                        throw new IllegalStateException("the scenario engine is not running; scripts cannot be checked", e);
                    }
                }

                @Override
                public void prepare(String scenarioName, String source) {
                    // a check before it succeeded, so the engine is running
                    engineStart.thenAccept(engine -> engine.scriptChecker().prepare(scenarioName, source));
                }
            });
            SessionsService sessions = new SessionsService(sessionStore, apps, routing, conferences, media, clock);

            Services services = new Services(db, live, accounts, apps,
                    new ScenarioService(scenarioStore, checker, config.maxScenarioChars()),
                    new RuleService(ruleStore, tables), tables,
                    new UserService(new UserStore(dsl, clock), directory, secrets),
                    new NumberService(numberStore, apps), numberStore,
                    new TrunkService(new TrunkStore(dsl, clock), secrets), serviceKeys,
                    new AdminPasswordService(new AdminPasswordStore(dsl, clock), accountStore, directory), sessions,
                    callRecords, new CallHistory(callStore));
            Optional<AccountService.Created> bootstrap = accounts.bootstrap(config.bootstrapApiKey(), config.dataDir());
            services.adminPassword().initialize(console.initialAdminPassword());

            Optional<ServerCertificate> certificate;
            try {
                certificate = certificateLoad.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause() instanceof Exception c ? c : e;
            }
            Vertx vertx = vertxStart.get(60, TimeUnit.SECONDS);
            started.push(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            ConsoleSessions consoleSessions = new ConsoleSessions(live, accounts::find,
                    services.adminPassword()::currentChange, console, clock, random);
            SdkGateway gateway = SdkGateway.create(sdk, scheduler, random, config.appDomain());
            List<HttpMount> allMounts = new ArrayList<>(mounts);
            allMounts.add(gateway);
            allMounts.add(new SamplePages());
            ApiServer http = ApiServer.start(vertx, config, consoleSessions, services, registry, VERSION, certificate, allMounts);
            started.push(http);
            started.push(gateway);

            URI accessBase = accessBase(config, http, false).or(() -> accessBase(config, http, true)).orElseThrow();
            Optional<URI> secureBase = accessBase(config, http, true);
            ScenarioEngineConfig scenarioConfig = config.scenario().toBuilder().accessUrlBase(accessBase).build();
            ScenarioEngine engine = ScenarioEngine.create(scenarioConfig, new ScenarioServices(scheduler, outbound, media, routing,
                    conferences, sessionLog, ScenarioHttpClient.vertx(vertx, scenarioConfig.net())));
            started.push(() -> {
                sessionLog.nodeStopping();
                engine.close();
            });
            engineStart.complete(engine);
            // The sandbox workers parse the scenarios changed last ahead of their first sessions after a restart.
            Thread.ofVirtual().name("scenario-prepare").start(() -> {
                try {
                    for (var s : scenarioStore.recentlyActive(32)) {
                        checker.prepare(s.getKey(), s.getValue());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("could not hand the recent scenarios to the sandbox workers: {}", e.toString());
                }
            });
            sessions.engineStarted(engine, accessBase, secureBase);
            gateway.attachCalls(engine, media, routing, callRecords);
            outbound.registerUsers(gateway.userCalls());

            PstnConfig pstnConfig = config.pstn().toBuilder().port(config.sipPort()).appDomain(config.appDomain())
                    .bindAddress(InetAddress.getByName(config.httpHost())).build();
            SipCallRouter sipRouter = new SipCallRouter(services, config.appDomain(),
                    new InboundSessions(engine, routing, pstnConfig.maxLiveCalls(), pstnConfig.maxScenarioDelay()), scheduler::nanoTime);
            PstnConnector sip = PstnConnector.start(pstnConfig, new PstnServices(sipRouter, new AccountTrunks(services.trunks()),
                    callRecords), media, scheduler, registry);
            started.push(sip);
            outbound.registerPstn(sip::place);
            LOG.info("scenario engine started: access URLs {}…, optimizing JIT {}", accessBase,
                    scenarioConfig.jvmciModulePath().map(p -> "from " + p).orElse("NOT available (interpreter only)"));
            LOG.info("node started in {} ms: HTTP on {}:{}, HTTPS on {}:{}{}, SIP on {} (data dir {}, {} database)",
                    (System.nanoTime() - t0) / 1_000_000, config.httpHost(), http.httpPort().map(String::valueOf).orElse("off"),
                    config.httpHost(), http.httpsPort().map(String::valueOf).orElse("off"),
                    certificate.map(c -> " with certificate " + c.certFile() + " (SHA-256 " + c.sha256Fingerprint() + ")").orElse(""),
                    sip.port(), config.dataDir().toAbsolutePath(), config.dbUrl().isPresent() ? "external" : "embedded");
            return new Node(started, services, http, certificate, bootstrap, new Engines(engine, media, outbound, sessionLog, sip),
                    gateway);
        } catch (Exception | Error e) {
            stopAll(started);
            throw e;
        }
    }

    /**
     * Where access URLs of sessions point: {@code <public-url or http(s)://host:port>/api/v1/sessions/}.
     * Empty if that server ({@code secure}: HTTPS) is off and no public URL says otherwise.
     */
    private static Optional<URI> accessBase(NodeConfig config, ApiServer http, boolean secure) {
        String path = "/api/v1/sessions/";
        if (config.publicUrl().isPresent()) {
            URI u = config.publicUrl().get();
            if (!secure || "https".equals(u.getScheme())) {
                return Optional.of(URI.create(u.getScheme() + "://" + u.getRawAuthority() + path));
            }
            return http.httpsPort().map(p -> URI.create("https://" + hostForUrl(u.getHost()) + ":" + p + path));
        }
        String host = config.httpHost();
        host = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isEmpty() ? "localhost" : hostForUrl(host);
        String h = host;
        return secure ? http.httpsPort().map(p -> URI.create("https://" + h + ":" + p + path))
                : http.httpPort().map(p -> URI.create("http://" + h + ":" + p + path));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * The scenario engine: sessions, syntax checks, live sessions. SIP and SDK inbound calls start
     * sessions with {@link ScenarioEngine#startForInboundCall} after routing them with
     * {@code services().sessions().routing().route(...)}.
     */
    public ScenarioEngine scenarioEngine() {
        return engines.scenario();
    }

    /** The media engine: RTP and WebRTC endpoints, conferences, players, recordings. */
    public MediaEngine mediaEngine() {
        return engines.media();
    }

    /**
     * The scenarios' outbound calls: the SIP connector registers with {@link OutboundDispatcher#registerPstn},
     * the web SDK gateway with {@link OutboundDispatcher#registerUsers}.
     */
    public OutboundDispatcher outboundCalls() {
        return engines.outbound();
    }

    /** The SIP connector: its bound port ({@code --sip-port}, useful with 0), live calls, malformed message count. */
    public PstnConnector sip() {
        return engines.sip();
    }

    /** The session log writer (sessions whose end it has not written yet, for tests). */
    public SessionLogWriter sessionLog() {
        return engines.log();
    }

    /**
     * The HTTP port actually bound (useful with port 0).
     *
     * @throws IllegalStateException if plain HTTP is off
     */
    public int httpPort() {
        return http.httpPort().orElseThrow(() -> new IllegalStateException("plain HTTP is disabled on this node"));
    }

    /**
     * The HTTPS port actually bound (useful with port 0).
     *
     * @throws IllegalStateException if HTTPS is off
     */
    public int httpsPort() {
        return http.httpsPort().orElseThrow(() -> new IllegalStateException("HTTPS is disabled on this node"));
    }

    /** The certificate HTTPS presents; empty if HTTPS is off. */
    public Optional<ServerCertificate> certificate() {
        return certificate;
    }

    /** The administrator's credentials if this start created them; empty on later starts. */
    public Optional<AccountService.Created> bootstrapCredentials() {
        return bootstrap;
    }

    /** The web SDK gateway at {@code wss://<host>/platform}: presence, TURN credentials. */
    public SdkGateway sdkGateway() {
        return sdkGateway;
    }

    /** The node's services, for modules wired into this node and for tests. */
    public Services services() {
        return services;
    }

    /** Every HTTP route (method, template). */
    public List<ApiRoutes.RouteSpec> routes() {
        return http.routes();
    }

    /** Stops every component in reverse order of start. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        stopAll(started);
        LOG.info("node stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private static void stopAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed", c.getClass().getSimpleName(), e);
            }
        }
    }

    /**
     * Thread counts of this JVM ({@code jvm.threads.live}, {@code .daemon}, {@code .peak}, {@code .started}). Not
     * Micrometer's {@code JvmThreadMetrics}: its {@code jvm.threads.states} gauges each take a thread dump, a JVM
     * safepoint that stops every thread, the mixer threads too, six times per scrape of {@code /metrics}. These
     * counters stop nothing.
     */
    static void bindThreadCounts(MeterRegistry registry) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Gauge.builder("jvm.threads.live", threads, ThreadMXBean::getThreadCount)
                .description("live threads, daemon and not").baseUnit("threads").register(registry);
        Gauge.builder("jvm.threads.daemon", threads,
                ThreadMXBean::getDaemonThreadCount).description("live daemon threads").baseUnit("threads")
                .register(registry);
        Gauge.builder("jvm.threads.peak", threads, ThreadMXBean::getPeakThreadCount)
                .description("most live threads since the JVM started").baseUnit("threads").register(registry);
        FunctionCounter.builder("jvm.threads.started", threads,
                ThreadMXBean::getTotalStartedThreadCount).description("threads started since the JVM started")
                .baseUnit("threads").register(registry);
    }
}
