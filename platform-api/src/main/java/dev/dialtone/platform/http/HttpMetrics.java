package dev.dialtone.platform.http;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;

/**
 * Times every HTTP request into {@code http.server.requests} tagged with the route template (never
 * the raw path, so ids do not explode the series), the method and the status.
 */
public final class HttpMetrics {
    static final String ROUTE_KEY = "dialtone.route";
    private final MeterRegistry registry;

    public HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The first handler of the router: starts the clock and records when the response ends. */
    public void handle(RoutingContext ctx) {
        long t0 = System.nanoTime();
        ctx.addEndHandler(v -> {
            String route = ctx.get(ROUTE_KEY);
            if (route == null && ctx.currentRoute() != null && ctx.currentRoute().getName() != null
                    && ctx.currentRoute().getName().startsWith("/")) {
                route = ctx.currentRoute().getName();
            }
            Timer.builder("http.server.requests")
                    .description("HTTP requests by route template, method and status")
                    .tag("route", route == null ? "unmatched" : route)
                    .tag("method", ctx.request().method().name())
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .publishPercentileHistogram(false)
                    .register(registry)
                    .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }
}
