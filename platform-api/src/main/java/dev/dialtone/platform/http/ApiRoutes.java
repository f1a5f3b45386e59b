package dev.dialtone.platform.http;

import java.nio.charset.StandardCharsets;
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
import io.vertx.core.MultiMap;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Registers API routes by their OpenAPI template ({@code /api/v1/applications/{application_id}/rules}),
 * reads bodies up to a per-route limit, authenticates the caller and runs the handler on the
 * worker pool, then writes its {@link Reply}. Every registered route is listed by {@link #specs()}.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    private static final String MULTIPART_TYPE = "dialtone.multipart-content-type";

    /** The header a cookie-authenticated change must carry with the session's CSRF token. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** Who may call a route. */
    public enum Access { PUBLIC, ACCOUNT }

    /** A registered route: HTTP method and template, as in the OpenAPI document. */
    public record RouteSpec(String method, String template) {
    }

    /**
     * How a route answers a request that fails before its handler runs: a body over the limit (413),
     * a body that cannot be decoded (400), an unexpected error (500).
     */
    @FunctionalInterface
    public interface FailureReply {
        Reply reply(int status, Throwable cause, String tooLargeDetail);
    }

    /** The native API's failure answers: problem+json. */
    public static final FailureReply PROBLEMS = (status, cause, tooLarge) -> Problems.of(status, switch (status) {
        case 413 -> tooLarge;
        case 400 -> "the request could not be read";
        default -> "the server failed to handle this request";
    });

    private final Router router;
    private final WorkerExecutor workers;
    private final AccountService accounts;
    private final AuthGuard guard;
    private final long defaultBodyLimit;
    private final String tooLargeDetail;
    private final List<RouteSpec> specs = new ArrayList<>();
    private volatile SessionAuthenticator sessions;

    /** @param tooLargeDetail what a 413 answer says about the limits */
    public ApiRoutes(Router router, WorkerExecutor workers, AccountService accounts, LiveState live, long defaultBodyLimit,
                     String tooLargeDetail) {
        this.router = router;
        this.workers = workers;
        this.accounts = accounts;
        this.guard = new AuthGuard(live);
        this.defaultBodyLimit = defaultBodyLimit;
        this.tooLargeDetail = tooLargeDetail;
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

    /**
     * A handler that writes the response itself (a file, a server-sent event stream). It runs on a
     * worker thread after authentication, like any endpoint; it answers {@link Reply#STREAMING} once it
     * has taken over the response, or a normal reply (e.g. a problem) instead.
     */
    @FunctionalInterface
    public interface StreamEndpoint {
        Reply open(Call call, RoutingContext ctx) throws PlatformException;
    }

    /** Registers an authenticated route whose handler writes the response itself (see {@link StreamEndpoint}). */
    public void addStream(HttpMethod method, String template, StreamEndpoint endpoint) {
        Route route = router.routeWithRegex(method, regex(template)).setName(template);
        route.failureHandler(ctx -> send(ctx, PROBLEMS.reply(ctx.statusCode() > 0 ? ctx.statusCode() : 500, ctx.failure(),
                tooLargeDetail)));
        route.handler(BodyHandler.create(false).setBodyLimit(defaultBodyLimit).setHandleFileUploads(false));
        route.handler(ctx -> {
            ctx.put(HttpMetrics.ROUTE_KEY, template);
            run(ctx, Access.ACCOUNT, call -> endpoint.open(call, ctx));
        });
        specs.add(new RouteSpec(method.name(), template));
    }

    /** The router, for routes that are not API operations (a session's access URL). */
    public Router router() {
        return router;
    }

    public void add(HttpMethod method, String template, Access access, long bodyLimit, Endpoint endpoint) {
        add(method, template, access, bodyLimit, endpoint, PROBLEMS, false);
    }

    /**
     * @param failures      how the route answers a request that fails before {@code endpoint} runs
     * @param readMultipart whether a multipart/form-data body is kept as bytes for {@link Call#formParams()}
     *                      to parse strictly (the body handler's own decoder drops malformed parts silently)
     */
    public void add(HttpMethod method, String template, Access access, long bodyLimit, Endpoint endpoint, FailureReply failures,
                    boolean readMultipart) {
        Route route = router.routeWithRegex(method, regex(template)).setName(template);
        if (readMultipart) {
            route.handler(new KeepMultipartBytes());
        }
        route.failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            if (status >= 500) {
                LOG.error("{} {} failed", method, template, ctx.failure());
            }
            send(ctx, failures.reply(status, ctx.failure(), tooLargeDetail));
        });
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

    /**
     * Hides a multipart Content-Type from the body handler so that it keeps the body's bytes (it
     * would otherwise decode them leniently and drop them); {@link Call#formParams()} parses them.
     * A platform handler, because Vert.x Web runs those before the body handler.
     */
    private static final class KeepMultipartBytes implements PlatformHandler {
        @Override
        public void handle(RoutingContext ctx) {
            String type = ctx.request().getHeader("Content-Type");
            if (MultipartForm.isMultipart(type)) {
                ctx.put(MULTIPART_TYPE, type);
                ctx.request().headers().set("Content-Type", "application/octet-stream");
            }
            ctx.next();
        }
    }

    private void run(RoutingContext ctx, Access access, Endpoint endpoint) {
        String remote = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        String authorization = ctx.request().getHeader("Authorization");
        String cookie = ctx.request().getHeader("Cookie");
        String csrf = ctx.request().getHeader(CSRF_HEADER);
        HttpMethod method = ctx.request().method();
        boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        Map<String, String> params = new HashMap<>(ctx.pathParams());
        String multipartType = ctx.get(MULTIPART_TYPE);
        byte[] multipart = multipartType == null || ctx.body() == null || ctx.body().buffer() == null ? null
                : ctx.body().buffer().getBytes();
        String body = multipart != null || ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
        var query = ctx.queryParams();
        var headers = ctx.request().headers();
        var form = ctx.request().formAttributes();
        String contentType = multipartType != null ? multipartType : ctx.request().getHeader("Content-Type");
        long bodySize = multipart != null ? multipart.length : bodySize(ctx, form);
        workers.<Reply>executeBlocking(() -> {
            try {
                Principal principal = access == Access.ACCOUNT ? authenticate(remote, authorization, cookie, safe, csrf) : null;
                return endpoint.handle(new Call(principal, params, query, form, multipart, headers, body, bodySize, contentType,
                        remote, guard));
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

    /**
     * The size of the request body: its bytes, or for a multipart body (which the body handler
     * decodes into form attributes without keeping the bytes) Content-Length or the attributes' size.
     */
    private static long bodySize(RoutingContext ctx, MultiMap form) {
        long size = ctx.body() == null ? 0 : Math.max(0, ctx.body().length());
        if (size > 0 || form == null || form.isEmpty()) {
            return size;
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && length.matches("[0-9]{1,18}")) {
            size = Long.parseLong(length);
        }
        long attributes = 0;
        for (var e : form) {
            attributes += e.getKey().length() + (long) e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        return Math.max(size, attributes);
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
        if (reply == Reply.STREAMING || ctx.response().ended() || ctx.response().closed() || ctx.response().headWritten()) {
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
