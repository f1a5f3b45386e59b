package dev.dialtone.platform.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.service.AccountService;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Registers API routes by their OpenAPI template ({@code /api/v1/applications/{application_id}/rules}),
 * reads bodies up to a per-route limit, authenticates the caller and runs the handler on the
 * worker pool, then writes its {@link Reply}. Every registered route is listed by {@link #specs()}.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    /** The header a cookie-authenticated change must carry with the session's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** Who may call a route. */
    public enum Access { PUBLIC, ACCOUNT }

    /** A registered route: HTTP method and template, as in the OpenAPI document. */
    public record RouteSpec(String method, String template) {
    }

    private final Router router;
    private final WorkerExecutor workers;
    private final AccountService accounts;
    private final AuthGuard guard;
    private final long defaultBodyLimit;
    private final List<RouteSpec> specs = new ArrayList<>();
    private volatile SessionAuthenticator sessions;

    public ApiRoutes(Router router, WorkerExecutor workers, AccountService accounts, LiveState live, long defaultBodyLimit) {
        this.router = router;
        this.workers = workers;
        this.accounts = accounts;
        this.guard = new AuthGuard(live);
        this.defaultBodyLimit = defaultBodyLimit;
    }

    /**
     * Lets requests without an {@code Authorization} header authenticate with a session cookie
     * (the admin console's). A request with an {@code Authorization} header never uses the cookie.
     */
    public void acceptSessions(SessionAuthenticator authenticator) {
        this.sessions = authenticator;
    }

    /** The guard against credential guessing, shared with other sign-in routes. */
    public AuthGuard authGuard() {
        return guard;
    }

    public void add(HttpMethod method, String template, Endpoint endpoint) {
        add(method, template, Access.ACCOUNT, defaultBodyLimit, endpoint);
    }

    public void add(HttpMethod method, String template, Access access, long bodyLimit, Endpoint endpoint) {
        Route route = router.routeWithRegex(method, regex(template)).setName(template);
        route.handler(BodyHandler.create(false).setBodyLimit(bodyLimit).setHandleFileUploads(false));
        route.handler(ctx -> {
            ctx.put(HttpMetrics.ROUTE_KEY, template);
            ctx.next();
        });
        route.handler(ctx -> run(ctx, access, endpoint));
        specs.add(new RouteSpec(method.name(), template));
    }

    public List<RouteSpec> specs() {
        return List.copyOf(specs);
    }

    static String regex(String template) {
        StringBuilder b = new StringBuilder();
        Matcher m = PARAM.matcher(template);
        int last = 0;
        while (m.find()) {
            b.append(Pattern.quote(template.substring(last, m.start())));
            b.append("(?<").append(m.group(1).replace("_", "")).append(">[^/]+)");
            last = m.end();
        }
        b.append(Pattern.quote(template.substring(last)));
        return b.toString();
    }

    private void run(RoutingContext ctx, Access access, Endpoint endpoint) {
        String remote = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        String authorization = ctx.request().getHeader("Authorization");
        String cookie = ctx.request().getHeader("Cookie");
        String csrf = ctx.request().getHeader(CSRF_HEADER);
        HttpMethod method = ctx.request().method();
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        Map<String, String> params = new HashMap<>(ctx.pathParams());
        String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
        var query = ctx.queryParams();
        var headers = ctx.request().headers();
        var form = ctx.request().formAttributes();
        String contentType = ctx.request().getHeader("Content-Type");
        workers.<Reply>executeBlocking(() -> {
            try {
                Principal principal = access == Access.ACCOUNT ? authenticate(remote, authorization, cookie, safe, csrf) : null;
                return endpoint.handle(new Call(principal, params, query, form, headers, body, contentType, remote, guard));
            } catch (PlatformException e) {
                return Problems.of(e);
            }
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ctx, ar.result());
            } else {
                LOG.error("{} {} failed", ctx.request().method(), ctx.currentRoute() == null ? "?" : ctx.currentRoute().getName(),
                        ar.cause());
                send(ctx, Problems.of(500, "the server failed to handle this request; the error is in the node's log"));
            }
        });
    }

    private Principal authenticate(String remote, String authorization, String cookie, boolean safe, String csrf)
            throws PlatformException {
        guard.check(remote);
        SessionAuthenticator s = sessions;
        if (authorization == null && s != null) {
            Optional<Principal> session = s.authenticate(cookie, safe, csrf);
            if (session.isPresent()) {
                return session.get();
            }
        }
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new PlatformException(Kind.UNAUTHORIZED, "Authorization",
                    "send your API key as 'Authorization: Bearer <api_key>'");
        }
        try {
            return Principal.apiKey(accounts.authenticate(authorization.substring(7).trim()));
        } catch (PlatformException e) {
            guard.failed(remote);
            throw e;
        }
    }

    /** Writes a reply unless the client has gone. Safe from any thread. */
    public static void send(RoutingContext ctx, Reply reply) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        var response = ctx.response().setStatusCode(reply.status());
        reply.headers().forEach(response::putHeader);
        response.putHeader("Cache-Control", "no-store");
        if (reply.contentType() != null) {
            response.putHeader("Content-Type", reply.contentType());
        }
        response.end(reply.body());
    }
}
