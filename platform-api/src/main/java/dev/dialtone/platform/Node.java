package dev.dialtone.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayDeque;
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
import dev.dialtone.platform.calls.CallHistory;
import dev.dialtone.platform.calls.CallRecords;
import dev.dialtone.platform.calls.NodeIdentity;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiServer;
import dev.dialtone.platform.http.HttpMount;
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
import dev.dialtone.platform.persistence.TrunkStore;
import dev.dialtone.platform.persistence.UserStore;
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
import dev.dialtone.users.UserDirectory;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * One Dialtone node: starts its components in order (TLS certificate, database, live state, services,
 * HTTP and HTTPS) and stops them in reverse. Later issues add the scenario engine, media, SIP and the SDK gateway here.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final Deque<AutoCloseable> started;
    private final Services services;
    private final ApiServer http;
    private final Optional<ServerCertificate> certificate;
    private final Optional<AccountService.Created> bootstrap;
    private boolean closed;

    private Node(Deque<AutoCloseable> started, Services services, ApiServer http, Optional<ServerCertificate> certificate,
                 Optional<AccountService.Created> bootstrap) {
        this.started = started;
        this.services = services;
        this.http = http;
        this.certificate = certificate;
        this.bootstrap = bootstrap;
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
     * Starts a node with admin console settings and routes of later modules. On failure, whatever was
     * started is stopped again before the exception leaves.
     */
    public static Node start(NodeConfig config, ConsoleConfig console, ScriptChecker checker, List<HttpMount> mounts)
            throws Exception {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(checker, "checker");
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
            new JvmThreadMetrics().bindTo(registry);
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
            CallRecordStore callStore = new CallRecordStore(dsl);
            CallRecords callRecords = CallRecords.start(callStore, NodeIdentity.load(config.dataDir()), scheduler);
            started.push(callRecords);
            Services services = new Services(db, live, accounts, apps,
                    new ScenarioService(new ScenarioStore(dsl, clock), checker, config.maxScenarioChars()),
                    new RuleService(new RuleStore(dsl, clock), tables), tables,
                    new UserService(new UserStore(dsl, clock), directory),
                    new NumberService(numberStore, apps), numberStore,
                    new TrunkService(new TrunkStore(dsl, clock), secrets), serviceKeys,
                    new AdminPasswordService(new AdminPasswordStore(dsl, clock), accountStore, directory),
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
            ApiServer http = ApiServer.start(vertx, config, consoleSessions, services, registry, VERSION, certificate, mounts);
            started.push(http);
            LOG.info("node started in {} ms: HTTP on {}:{}, HTTPS on {}:{}{} (data dir {}, {} database)",
                    (System.nanoTime() - t0) / 1_000_000, config.httpHost(), http.httpPort().map(String::valueOf).orElse("off"),
                    config.httpHost(), http.httpsPort().map(String::valueOf).orElse("off"),
                    certificate.map(c -> " with certificate " + c.certFile() + " (SHA-256 " + c.sha256Fingerprint() + ")").orElse(""),
                    config.dataDir().toAbsolutePath(), config.dbUrl().isPresent() ? "external" : "embedded");
            return new Node(started, services, http, certificate, bootstrap);
        } catch (Exception | Error e) {
            stopAll(started);
            throw e;
        }
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
}
