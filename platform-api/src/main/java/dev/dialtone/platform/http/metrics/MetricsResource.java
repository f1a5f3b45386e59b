package dev.dialtone.platform.http.metrics;

import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiRoutes.Access;
import dev.dialtone.platform.http.Reply;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;

/** {@code /metrics}: Prometheus text exposition of the node's meters. No authentication. */
public final class MetricsResource {
    private MetricsResource() {
    }

    public static void register(ApiRoutes routes, PrometheusMeterRegistry registry) {
        routes.add(HttpMethod.GET, "/metrics", Access.PUBLIC, 0,
                call -> Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }
}
