package dev.dialtone.platform.http;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.dialtone.platform.NodeConfig;
import dev.dialtone.platform.http.accounts.AccountsResource;
import dev.dialtone.platform.http.admin.AdminPasswordResource;
import dev.dialtone.platform.http.applications.ApplicationsResource;
import dev.dialtone.platform.http.console.ConsoleRoutes;
import dev.dialtone.platform.http.console.ConsoleSessions;
import dev.dialtone.platform.http.health.HealthResource;
import dev.dialtone.platform.http.metrics.MetricsResource;
import dev.dialtone.platform.http.numbers.PhoneNumbersResource;
import dev.dialtone.platform.http.openapi.OpenApiDocument;
import dev.dialtone.platform.http.platformapi.PlatformApiResource;
import dev.dialtone.platform.http.rules.RulesResource;
import dev.dialtone.platform.http.scenarios.ScenariosResource;
import dev.dialtone.platform.http.trunks.SipTrunksResource;
import dev.dialtone.platform.http.users.UsersResource;
import dev.dialtone.platform.service.Services;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** The HTTP server of a node: native REST API, compatible API, OpenAPI, health, metrics and the admin console. */
public final class ApiServer implements AutoCloseable {
    private final HttpServer server;
    private final WorkerExecutor workers;
    private final List<ApiRoutes.RouteSpec> routes;

    private ApiServer(HttpServer server, WorkerExecutor workers, List<ApiRoutes.RouteSpec> routes) {
        this.server = server;
        this.workers = workers;
        this.routes = routes;
    }

    public static ApiServer start(Vertx vertx, NodeConfig config, ConsoleSessions console, Services s,
                                  PrometheusMeterRegistry registry, String version) throws Exception {
        WorkerExecutor workers = vertx.createSharedWorkerExecutor("dialtone-api", config.apiWorkers());
        Router router = Router.router(vertx);
        router.route().handler(new HttpMetrics(registry)::handle);
        long uploadLimit = (long) config.maxScenarioChars() * 6 + 64 * 1024;
        ApiRoutes routes = new ApiRoutes(router, workers, s.accounts(), s.live(), config.maxBodyBytes());

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
        AdminPasswordResource.register(routes, s.adminPassword());
        ConsoleRoutes.register(router, routes, workers, console, s.accounts(), s.adminPassword(), s.live());
        PlatformApiResource.register(routes, s.accounts(), s.applications(), s.scenarios(), s.rules(), s.users(),
                config.maxBodyBytes(), uploadLimit);

        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            String detail = switch (status) {
                case 413 -> "the request body is too large: the limit is " + config.maxBodyBytes()
                        + " bytes (scenario uploads: " + config.maxScenarioChars() + " characters)";
                case 400 -> "the request could not be read";
                default -> "the server failed to handle this request";
            };
            ApiRoutes.send(ctx, Problems.of(status, detail));
        });
        router.errorHandler(404, ctx -> ApiRoutes.send(ctx, Problems.of(404,
                "no such endpoint: " + ctx.request().method() + " " + ctx.normalizedPath() + "; see /api/v1/openapi.json")));
        router.errorHandler(405, ctx -> ApiRoutes.send(ctx, Problems.of(405,
                "method " + ctx.request().method() + " is not allowed here; see /api/v1/openapi.json")));

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.httpHost())
                .setPort(config.httpPort())
                .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, uploadLimit))
                .setMaxFormBufferedBytes((int) Math.min(Integer.MAX_VALUE, uploadLimit))
                .setIdleTimeout(120);
        HttpServer server = vertx.createHttpServer(options).requestHandler(router)
                .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new ApiServer(server, workers, routes.specs());
    }

    public int port() {
        return server.actualPort();
    }

    /** Every registered route (method and template), for the OpenAPI coverage check. */
    public List<ApiRoutes.RouteSpec> routes() {
        return routes;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        workers.close();
    }
}
