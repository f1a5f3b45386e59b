package dev.dialtone.platform.http.sessions;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Problems;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.sessions.SessionsService;
import dev.dialtone.scenario.SessionHttpRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A session's access URL, {@code /api/v1/sessions/{session_id}/{token}}, any method: the request
 * reaches the session as {@code AppEvents.HttpRequest} and the handler's result is the response. No API
 * key: the 128-bit token is the credential. A wrong token, an unknown session and an ended one all get
 * the same 404, so the URL reveals nothing about sessions it does not open. The scenario answers
 * asynchronously; no thread waits for it.
 */
public final class AccessUrlRoute {
    static final String NOT_FOUND = "no live session at this access URL";

    private AccessUrlRoute() {
    }

    /** Registers the route; call after the API routes so that {@code GET /api/v1/sessions/{id}/log} stays theirs. */
    public static void register(Router router, SessionsService sessions, long maxBodyBytes) {
        var route = router.routeWithRegex("/api/v1/sessions/(?<sessionid>[^/]+)/(?<token>[^/]+)").setName("session access URL");
        route.handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes).setHandleFileUploads(false));
        route.handler(ctx -> handle(ctx, sessions));
    }

    private static void handle(RoutingContext ctx, SessionsService sessions) {
        String id = ctx.pathParam("sessionid");
        String token = ctx.pathParam("token");
        Map<String, String> headers = new LinkedHashMap<>();
        for (var h : ctx.request().headers()) {
            if (headers.size() < 100 && !h.getKey().equalsIgnoreCase("Authorization") && !h.getKey().equalsIgnoreCase("Cookie")) {
                headers.putIfAbsent(h.getKey(), h.getValue());
            }
        }
        String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
        SessionHttpRequest request = new SessionHttpRequest(ctx.request().method().name(), ctx.request().uri(), headers, body);
        sessions.deliver(id, token, request).whenComplete((answer, failure) -> {
            if (failure != null || answer == null || answer.isEmpty()) {
                ApiRoutes.send(ctx, Problems.of(404, NOT_FOUND));
                return;
            }
            var r = answer.get();
            ApiRoutes.send(ctx, Reply.text(r.status(), r.contentType(), r.body()));
        });
    }
}
