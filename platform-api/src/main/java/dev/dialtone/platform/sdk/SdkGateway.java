package dev.dialtone.platform.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.core.OutboundCalls;
import dev.dialtone.core.Scheduler;
import dev.dialtone.media.MediaEngine;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.HttpMount;
import dev.dialtone.platform.http.sdkorigins.SdkOriginsResource;
import dev.dialtone.platform.http.turncredentials.TurnCredentialsResource;
import dev.dialtone.platform.http.guests.GuestAccessResource;
import dev.dialtone.platform.persistence.GuestAccessStore;
import dev.dialtone.platform.persistence.SdkOriginStore;
import dev.dialtone.platform.sdk.internal.AccessTokens;
import dev.dialtone.platform.sdk.internal.CallServices;
import dev.dialtone.platform.sdk.internal.CallSignaling;
import dev.dialtone.platform.sdk.internal.ConnectionRegistry;
import dev.dialtone.platform.sdk.internal.GatewayParts;
import dev.dialtone.platform.sdk.internal.GuestRoute;
import dev.dialtone.platform.sdk.internal.Guests;
import dev.dialtone.platform.sdk.internal.LoginThrottle;
import dev.dialtone.platform.sdk.internal.Logins;
import dev.dialtone.platform.sdk.internal.OneTimeKeys;
import dev.dialtone.platform.sdk.internal.ResumeRegistry;
import dev.dialtone.platform.sdk.internal.SdkCalls;
import dev.dialtone.platform.sdk.internal.SdkConnection;
import dev.dialtone.platform.sdk.internal.SdkIdentity;
import dev.dialtone.platform.sdk.internal.UserCalls;
import dev.dialtone.platform.service.Services;
import dev.dialtone.platform.sessions.SessionRouting;
import dev.dialtone.pstn.CallRecordSink;
import dev.dialtone.scenario.ScenarioEngine;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The web SDK gateway: the original Web SDK's protocol (v3, WEBSDK-PROTOCOL.md) at
 * {@code wss://<host>/platform} on the node's HTTPS port (plain HTTP gets 426), for pages built on the
 * original's SDK (with {@code serverIp}) and on Dialtone's own {@code /sdk/dialtone.js}. Mounted on the
 * node's HTTP servers by {@code Node}; also serves {@code GET /api/v1/turn-credentials} and
 * {@code /api/v1/applications/{application_id}/sdk-origins}.
 *
 * <pre>{@code
 * SdkGateway gateway = SdkGateway.create(SdkConfig.fromEnv(System.getenv()), scheduler, random, config.appDomain());
 * Node.start(..., List.of(gateway));          // mounts /platform, /sdk/*, the two API routes
 * gateway.online();                           // presence on this node
 * }</pre>
 */
public final class SdkGateway implements HttpMount, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SdkGateway.class);
    private static final Duration SWEEP_EVERY = Duration.ofMillis(500);
    private static final int MAX_LOGINS_IN_FLIGHT = 2_000;
    private static final int GUEST_SIGNUPS_PER_SOURCE_PER_MINUTE = 30;
    private static final Duration GUEST_SWEEP_EVERY = Duration.ofMinutes(1);

    private final SdkConfig config;
    private final Scheduler scheduler;
    private final SecureRandom random;
    private final String appDomain;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final ResumeRegistry resumes;
    private volatile GatewayParts parts;
    private volatile WorkerExecutor loginWorkers;
    private volatile CallSignaling.Factory calls = CallSignaling.NONE;
    private volatile CallServices callServices;
    private final ExecutorService callWorkers = Executors.newFixedThreadPool(4,
            Thread.ofPlatform().name("dialtone-sdk-calls-", 0).daemon(true).factory());
    private volatile Scheduler.Cancellable sweep;
    private volatile Scheduler.Cancellable guestSweep;
    private volatile Guests guests;
    private volatile boolean closed;

    private SdkGateway(SdkConfig config, Scheduler scheduler, SecureRandom random, String appDomain) {
        this.config = config;
        this.scheduler = scheduler;
        this.random = random;
        this.appDomain = appDomain;
        this.resumes = new ResumeRegistry(scheduler, config.resumeGrace());
    }

    /** @param appDomain the node's application domain ({@code user@app.account.<appDomain>}) */
    public static SdkGateway create(SdkConfig config, Scheduler scheduler, SecureRandom random, String appDomain) {
        return new SdkGateway(Objects.requireNonNull(config, "config"), Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(random, "random"), Objects.requireNonNull(appDomain, "appDomain"));
    }

    public SdkConfig config() {
        return config;
    }

    @Override
    public void registerApi(ApiRoutes routes, Services services) {
        TurnCredentialsResource.register(routes, scheduler.clock(), (account, user) -> turnCredentials(user));
        SdkOriginsResource.register(routes, services.applications(), new SdkOriginStore(services.database().dsl()));
        GuestAccessResource.register(routes, services.applications(), new GuestAccessStore(services.database().dsl()));
    }

    @Override
    public void mount(Router router, Vertx vertx, Services services) {
        var live = services.live();
        AccessTokens tokens = new AccessTokens(live, scheduler.clock(), random, config.accessTokenTtl(), config.refreshTokenTtl());
        Logins logins = new Logins(services, new SdkOriginStore(services.database().dsl()), tokens,
                new OneTimeKeys(live, random, config.oneTimeKeyTtl()),
                new LoginThrottle(live, config.failuresPerUser(), config.failureWindow(), config.failuresPerSource()),
                appDomain, config.extraDomains());
        loginWorkers = vertx.createSharedWorkerExecutor("dialtone-sdk-login", config.loginThreads());
        parts = new GatewayParts(config, scheduler, logins, loginWorkers, registry, this::iceConfig, new AtomicInteger(),
                MAX_LOGINS_IN_FLIGHT, (connection, identity) -> calls.create(connection, identity), resumes);
        services.users().onDeleted(user -> {
            var key = new ConnectionRegistry.UserKey(user.applicationId(), user.name());
            for (SdkConnection c : registry.of(key)) {
                LOG.info("web SDK user {} (application {}) was deleted: closing connection {}", user.name(),
                        user.applicationId(), c.id());
                c.close((short) 1008, "user deleted");
            }
        });
        router.route("/platform").handler(ctx -> {
            if (!ctx.request().isSSL()) {
                ctx.response().setStatusCode(426).putHeader("Upgrade", "TLS/1.2, HTTP/1.1")
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("The web SDK gateway speaks only TLS: connect to wss://<host>:<https-port>/platform\n");
                return;
            }
            String upgrade = ctx.request().getHeader("Upgrade");
            if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
                ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("/platform is the web SDK's WebSocket: open it with a WebSocket client\n");
                return;
            }
            String remote = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
            Optional<String> origin = Optional.ofNullable(ctx.request().getHeader("Origin")).filter(o -> !o.isEmpty());
            ctx.request().toWebSocket().onSuccess(ws -> {
                if (closed) {
                    ws.close((short) 1001, "node stopping");
                    return;
                }
                new SdkConnection(ws, parts, remote, origin).start();
            }).onFailure(e -> LOG.debug("web SDK upgrade from {} failed: {}", remote, e.toString()));
        });
        guests = new Guests(services, new GuestAccessStore(services.database().dsl()), new SdkOriginStore(services.database().dsl()),
                tokens, live, random, scheduler.clock(), appDomain, config.extraDomains(), GUEST_SIGNUPS_PER_SOURCE_PER_MINUTE);
        GuestRoute.mount(router, guests, loginWorkers);
        Thread.ofVirtual().name("guests-warm-up").start(guests::warmUp);
        scheduleGuestSweep();
        serveSdk(router, "dialtone.js", "text/javascript; charset=utf-8");
        serveSdk(router, "dialtone.d.ts", "application/typescript; charset=utf-8");
        scheduleSweep();
        LOG.info("web SDK gateway at /platform (wss only): {}", config);
    }

    /**
     * Lets logged-in pages call into scenarios from now on: {@code createCall}/{@code callConference} are routed
     * by the application's rules and start sessions on {@code engine}; browser audio goes through {@code media}.
     * Browser legs' call records (client type {@code web}) go to {@code records}. Until this is called, calls fail with 503.
     */
    public void attachCalls(ScenarioEngine engine, MediaEngine media, SessionRouting routing, CallRecordSink records) {
        CallServices services = new CallServices(engine, media, routing, callWorkers, records, scheduler.clock());
        this.callServices = services;
        this.calls = (connection, identity) -> new SdkCalls(connection, identity, services);
    }

    /**
     * {@code VoxEngine.callUser}/{@code forwardCallToUserDirect} for this node's logged-in pages: register it with
     * the node's {@code OutboundDispatcher.registerUsers}. Needs {@link #attachCalls} first.
     */
    public OutboundCalls userCalls() {
        CallServices services = Objects.requireNonNull(callServices, "attachCalls first");
        return new UserCalls(registry, services);
    }

    /** Serves {@code /sdk/<file>} from the classpath (copied from {@code web-sdk/src} at build time), importable cross-origin. */
    private static void serveSdk(Router router, String file, String contentType) {
        byte[] body;
        try (InputStream in = SdkGateway.class.getResourceAsStream("/sdk/" + file)) {
            if (in == null) {
                LOG.warn("/sdk/{} is not on the classpath: the web SDK is not served", file);
                return;
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String etag;
        try {
            etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Buffer buffer = Buffer.buffer(body);
        router.get("/sdk/" + file).handler(ctx -> {
            var response = ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Content-Type-Options", "nosniff").putHeader("Access-Control-Allow-Origin", "*");
            if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
                response.setStatusCode(304).end();
            } else {
                response.putHeader("Content-Type", contentType).end(buffer);
            }
        });
    }

    /** WebRTC endpoints created for browser calls so far (peer-to-peer calls create none). */
    public long mediaEndpointsCreated() {
        CallServices s = callServices;
        return s == null ? 0 : s.endpointsCreated().get();
    }

    /** Who is logged in on this node. */
    public List<OnlineUser> online() {
        return registry.online();
    }

    /** Open connections (logged in or not). */
    public int connectionCount() {
        return registry.size();
    }

    /** TURN credentials for {@code user}; empty if no TURN secret is configured. */
    public Optional<TurnCredentials> turnCredentials(String user) {
        return config.turnSecret().map(secret -> TurnCredentials.issue(secret, user.replace(':', '_'), scheduler.clock().instant(),
                config.turnTtl(), config.iceUris()));
    }

    /** The {@code iceConfig} of {@code loginSuccessful}: TURN with fresh credentials, STUN, or null (the SDK's default). */
    private JsonObject iceConfig(SdkIdentity who) {
        if (config.iceUris().isEmpty()) {
            return null;
        }
        JsonArray servers = new JsonArray();
        List<String> turn = config.iceUris().stream().filter(u -> u.startsWith("turn")).toList();
        List<String> stun = config.iceUris().stream().filter(u -> u.startsWith("stun")).toList();
        Optional<TurnCredentials> creds = turnCredentials(who.user() + "@" + who.application().value());
        if (creds.isPresent() && !turn.isEmpty()) {
            servers.add(new JsonObject().put("urls", new JsonArray(turn)).put("username", creds.get().username())
                    .put("credential", creds.get().password()));
        }
        if (!stun.isEmpty()) {
            servers.add(new JsonObject().put("urls", new JsonArray(stun)));
        }
        return new JsonObject().put("iceServers", servers);
    }

    private void scheduleGuestSweep() {
        if (closed) {
            return;
        }
        guestSweep = scheduler.schedule(GUEST_SWEEP_EVERY, () -> loginWorkers.executeBlocking(() -> guests.sweep(
                (app, user) -> !registry.of(new ConnectionRegistry.UserKey(app, user)).isEmpty()), false).onComplete(r -> {
                    if (r.failed()) {
                        LOG.error("sweeping expired guest users failed", r.cause());
                    }
                    scheduleGuestSweep();
                }));
    }

    private void scheduleSweep() {
        if (closed) {
            return;
        }
        sweep = scheduler.schedule(SWEEP_EVERY, () -> {
            try {
                long now = scheduler.nanoTime();
                for (SdkConnection c : registry.all()) {
                    c.sweep(now);
                }
            } catch (RuntimeException e) {
                LOG.error("web SDK gateway sweep failed", e);
            } finally {
                scheduleSweep();
            }
        });
    }

    /** Closes every connection (1001) and stops the sweep. */
    @Override
    public void close() {
        closed = true;
        for (Scheduler.Cancellable s : new Scheduler.Cancellable[] {sweep, guestSweep}) {
            if (s != null) {
                s.cancel();
            }
        }
        for (SdkConnection c : registry.all()) {
            c.close((short) 1001, "node stopping");
        }
        resumes.endAll();
        WorkerExecutor w = loginWorkers;
        if (w != null) {
            w.close();
        }
        callWorkers.shutdownNow();
    }
}
