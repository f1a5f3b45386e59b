package dev.dialtone.platform.http;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.dialtone.platform.NodeConfig;
import dev.dialtone.platform.http.accounts.AccountsResource;
import dev.dialtone.platform.http.calls.CallsResource;
import dev.dialtone.platform.http.admin.AdminPasswordResource;
import dev.dialtone.platform.http.applications.ApplicationsResource;
import dev.dialtone.platform.http.console.ConsoleRoutes;
import dev.dialtone.platform.http.console.ConsoleSessions;
import dev.dialtone.platform.http.health.HealthResource;
import dev.dialtone.platform.http.live.LiveResource;
import dev.dialtone.platform.http.metrics.MetricsResource;
import dev.dialtone.platform.http.numbers.PhoneNumbersResource;
import dev.dialtone.platform.http.openapi.OpenApiDocument;
import dev.dialtone.platform.http.platformapi.PlatformApiResource;
import dev.dialtone.platform.http.recordings.RecordingsResource;
import dev.dialtone.platform.http.rules.RulesResource;
import dev.dialtone.platform.http.scenarios.ScenariosResource;
import dev.dialtone.platform.http.servicekeys.ServiceKeysResource;
import dev.dialtone.platform.http.sessions.AccessUrlRoute;
import dev.dialtone.platform.http.sessions.SessionsResource;
import dev.dialtone.platform.http.trunks.SipTrunksResource;
import dev.dialtone.platform.http.users.UsersResource;
import dev.dialtone.platform.security.ServerCertificate;
import dev.dialtone.platform.service.Services;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;

/**
 * The HTTP servers of a node: plain HTTP and HTTPS (each can be off), both serving the one
 * {@link Router} with the native REST API, the compatible API, OpenAPI, health, metrics, the admin
 * console and whatever {@link HttpMount}s later modules add (the web SDK gateway's {@code wss://<host>/platform}).
 */
public final class ApiServer implements AutoCloseable {
    /** TLS versions offered; older ones are refused. */
    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final Optional<HttpServer> http;
    private final Optional<HttpServer> https;
    private final WorkerExecutor workers;
    private final List<ApiRoutes.RouteSpec> routes;

    private ApiServer(Optional<HttpServer> http, Optional<HttpServer> https, WorkerExecutor workers, List<ApiRoutes.RouteSpec> routes) {
        this.http = http;
        this.https = https;
        this.workers = workers;
        this.routes = routes;
    }

    /**
     * @param certificate the HTTPS certificate; required when HTTPS is enabled
     * @param mounts      routes of later modules, added before the servers listen
     */
    public static ApiServer start(Vertx vertx, NodeConfig config, ConsoleSessions console, Services s,
                                  PrometheusMeterRegistry registry, String version,
                                  Optional<ServerCertificate> certificate, List<HttpMount> mounts) throws Exception {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("dialtone-api", config.apiWorkers());
        Router router = Router.router(vertx);
        router.route().handler(new HttpMetrics(registry)::handle);
        long uploadLimit = (long) config.maxScenarioChars() * 6 + 64 * 1024;
        String tooLarge = "the request body is too large: the limit is " + config.maxBodyBytes()
                + " bytes (scenario uploads: " + config.maxScenarioChars() + " characters)";
        ApiRoutes routes = new ApiRoutes(router, workers, s.accounts(), s.live(), config.maxBodyBytes(), tooLarge);

        HealthResource.register(routes, s.database()::healthy, s.live()::healthy);
        OpenApiDocument.register(routes, version);
        MetricsResource.register(routes, registry);
        AccountsResource.register(routes, s.accounts());
        ApplicationsResource.register(routes, s.applications());
        ScenariosResource.register(routes, s.applications(), s.scenarios(), uploadLimit);
        RulesResource.register(routes, s.rules());
        UsersResource.register(routes, s.applications(), s.users());
        PhoneNumbersResource.register(routes, s.numbers());
        SipTrunksResource.register(routes, s.trunks());
        ServiceKeysResource.register(routes, s.serviceKeys());
        AdminPasswordResource.register(routes, s.adminPassword());
        ConsoleRoutes.register(router, routes, workers, console, s.accounts(), s.adminPassword(), s.live());
        CallsResource.register(routes, s.callHistory());
        PlatformApiResource.register(routes, s.accounts(), s.applications(), s.scenarios(), s.rules(), s.users(), s.serviceKeys(),
                s.sessions(), s.callHistory(), Clock.systemUTC(), config.maxBodyBytes(), uploadLimit);
        SessionsResource.register(routes, s.sessions());
        LiveResource.register(routes, s.sessions(), vertx);
        RecordingsResource.register(routes, s.sessions());
        AccessUrlRoute.register(router, s.sessions(), config.maxBodyBytes());
        for (HttpMount mount : mounts) {
            mount.registerApi(routes, s);
            mount.mount(router, vertx, s);
        }

        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            ApiRoutes.send(ctx, ApiRoutes.PROBLEMS.reply(status, ctx.failure(), tooLarge));
        });
        router.errorHandler(404, ctx -> ApiRoutes.send(ctx, Problems.of(404,
                "no such endpoint: " + ctx.request().method() + " " + ctx.normalizedPath() + "; see /api/v1/openapi.json")));
        router.errorHandler(405, ctx -> ApiRoutes.send(ctx, Problems.of(405,
                "method " + ctx.request().method() + " is not allowed here; see /api/v1/openapi.json")));

        Optional<HttpServer> http = Optional.empty();
        Optional<HttpServer> https = Optional.empty();
        try {
            if (config.httpEnabled()) {
                http = Optional.of(listen(vertx, router, options(config, uploadLimit).setPort(config.httpPort())));
            }
            if (config.httpsEnabled()) {
                ServerCertificate cert = certificate.orElseThrow(() -> new IllegalArgumentException("HTTPS needs a certificate"));
                HttpServerOptions tls = options(config, uploadLimit).setPort(config.httpsPort()).setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(cert.chainPem()))
                                .setKeyValue(Buffer.buffer(cert.privateKeyPem())));
                tls.getSslOptions().setEnabledSecureTransportProtocols(new java.util.LinkedHashSet<>(TLS_PROTOCOLS));
                https = Optional.of(listen(vertx, router, tls));
            }
        } catch (Exception e) {
            http.ifPresent(ApiServer::closeQuietly);
            workers.close();
            throw e;
        }
        return new ApiServer(http, https, workers, routes.specs());
    }

    private static HttpServerOptions options(NodeConfig config, long uploadLimit) {
        return new HttpServerOptions()
                .setHost(config.httpHost())
                .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, uploadLimit))
                .setMaxFormBufferedBytes((int) Math.min(Integer.MAX_VALUE, uploadLimit))
                .setIdleTimeout(120);
    }

    private static HttpServer listen(Vertx vertx, Router router, HttpServerOptions options) throws Exception {
        return vertx.createHttpServer(options).requestHandler(router)
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The HTTP port bound; empty if plain HTTP is off. */
    public Optional<Integer> httpPort() {
        return http.map(HttpServer::actualPort);
    }

    /** The HTTPS port bound; empty if HTTPS is off. */
    public Optional<Integer> httpsPort() {
        return https.map(HttpServer::actualPort);
    }

    /** Every registered route (method and template), for the OpenAPI coverage check. */
    public List<ApiRoutes.RouteSpec> routes() {
        return routes;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (Optional<HttpServer> server : List.of(http, https)) {
            try {
                if (server.isPresent()) {
                    server.get().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        workers.close();
        if (first != null) {
            throw first;
        }
    }

    private static void closeQuietly(HttpServer server) {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the start failed already; that failure is the one reported
        }
    }
}
