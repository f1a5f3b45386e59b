package dev.dialtone.platform.sdk.internal;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.Problems;
import dev.dialtone.platform.http.Reply;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code POST /sdk/guests} (HTTPS only, no credentials): {@code {"application":"videoconf.admin","display_name":"Alice"}}
 * → 201 {@code {"user":"guest-…@videoconf.admin.<domain>","display_name":"Alice","access_token":"…","expires_in":3600}}
 * for applications with guest sign-up on; problem+json otherwise. The sign-up (password hashing, database) runs on
 * the login workers, never on the event loop.
 */
public final class GuestRoute {
    public static final String PATH = "/sdk/guests";
    private static final Logger LOG = LoggerFactory.getLogger(GuestRoute.class);
    private static final int MAX_BODY = 2048;

    private GuestRoute() {
    }

    public static void mount(Router router, Guests guests, WorkerExecutor workers) {
        router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY).setHandleFileUploads(false));
        router.post(PATH).handler(ctx -> {
            if (!ctx.request().isSSL()) {
                send(ctx, Problems.of(403, "guest sign-up hands out credentials: use the node's HTTPS port"));
                return;
            }
            JsonObject body;
            try {
                body = ctx.body().asJsonObject();
            } catch (DecodeException | ClassCastException e) {
                body = null;
            }
            if (body == null || !(body.getValue("application") instanceof String app)
                    || !(body.getValue("display_name") instanceof String display)) {
                send(ctx, Problems.of(400, "send a JSON object {\"application\":\"<app>.<account>\",\"display_name\":\"<your name>\"}"));
                return;
            }
            String source = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
            Optional<String> origin = Optional.ofNullable(ctx.request().getHeader("Origin")).filter(o -> !o.isEmpty());
            workers.<Guests.Guest>executeBlocking(() -> guests.signUp(app, display, source, origin), false).onComplete(r -> {
                if (r.succeeded()) {
                    Guests.Guest g = r.result();
                    send(ctx, new Reply(201, Reply.JSON, new JsonObject().put("user", g.user()).put("display_name", g.displayName())
                            .put("access_token", g.tokens().accessToken()).put("expires_in", g.tokens().accessTtl().toSeconds())
                            .encode(), java.util.Map.of()));
                } else if (r.cause() instanceof PlatformException e) {
                    send(ctx, Problems.of(e));
                } else {
                    LOG.error("guest sign-up from {} failed", source, r.cause());
                    send(ctx, Problems.of(500, "guest sign-up failed on the node; see its log"));
                }
            });
        });
    }

    private static void send(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response().setStatusCode(reply.status()).putHeader("Cache-Control", "no-store");
        if (reply.contentType() != null) {
            response.putHeader("Content-Type", reply.contentType());
        }
        response.end(reply.body());
    }
}
