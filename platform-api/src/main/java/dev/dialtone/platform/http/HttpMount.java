package dev.dialtone.platform.http;

import dev.dialtone.platform.service.Services;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * Something a later module mounts on the node's HTTP servers, e.g. the web SDK gateway's WebSocket
 * at {@code /platform}. Mounts run once, before the servers listen, on the one {@link Router} that
 * both the HTTP and the HTTPS server use; a route that must only be reached over TLS checks
 * {@code ctx.request().isSSL()}. A WebSocket route upgrades with {@code ctx.request().toWebSocket()}.
 *
 * <pre>{@code
 * HttpMount gateway = (router, vertx, services) -> router.route("/platform").handler(ctx -> {
 *     if (!ctx.request().isSSL()) { ctx.response().setStatusCode(426).end(); return; }
 *     ctx.request().toWebSocket().onSuccess(ws -> ...);
 * });
 * Node.start(config, checker, List.of(gateway));
 * }</pre>
 */
@FunctionalInterface
public interface HttpMount {
    void mount(Router router, Vertx vertx, Services services);

    /**
     * Registers the mount's routes of the native API (authenticated, listed in the OpenAPI document);
     * called once, just before {@link #mount}. Nothing by default.
     */
    default void registerApi(ApiRoutes routes, Services services) {
    }
}
