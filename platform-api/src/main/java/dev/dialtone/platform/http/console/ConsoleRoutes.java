package dev.dialtone.platform.http.console;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.PlatformException.Kind;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.AuthGuard;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Problems;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.live.LiveState;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.service.AccountService;
import dev.dialtone.platform.service.AdminPasswordService;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The admin console at {@code /console}: its static files and its session routes. The console reads
 * and changes data only through the native API ({@code /api/v1}); these routes only open, show and
 * end a session:
 * <ul>
 *   <li>{@code POST /console/session} {@code {"api_key":…}} or {@code {"password":…}} → a session cookie
 *       (HttpOnly, SameSite=Strict, Secure over HTTPS) and the session's CSRF token;</li>
 *   <li>{@code GET /console/session} → who is signed in, and the CSRF token again (for a reloaded page);</li>
 *   <li>{@code DELETE /console/session} (with the CSRF token) → signs out.</li>
 * </ul>
 * Wrong credentials count against the same per-address limit as wrong API keys; wrong administrator
 * passwords also count against a node-wide limit.
 */
public final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    public static final String SESSION_PATH = "/console/session";
    static final String PASSWORD_FAILURES = "console-password-failures";
    private static final long SIGN_IN_BODY_LIMIT = 8 * 1024;

    private final WorkerExecutor workers;
    private final ConsoleSessions sessions;
    private final AccountService accounts;
    private final AdminPasswordService passwords;
    private final LiveState live;
    private final AuthGuard guard;
    private final ConsoleAssets assets = new ConsoleAssets();

    private ConsoleRoutes(WorkerExecutor workers, ConsoleSessions sessions, AccountService accounts, AdminPasswordService passwords,
                          LiveState live, AuthGuard guard) {
        this.workers = workers;
        this.sessions = sessions;
        this.accounts = accounts;
        this.passwords = passwords;
        this.live = live;
        this.guard = guard;
    }

    /** Serves the console and lets its session cookie authenticate requests to the native API. */
    public static void register(Router router, ApiRoutes routes, WorkerExecutor workers, ConsoleSessions sessions,
                                AccountService accounts, AdminPasswordService passwords, LiveState live) {
        ConsoleRoutes c = new ConsoleRoutes(workers, sessions, accounts, passwords, live, routes.authGuard());
        routes.acceptSessions(sessions);
        router.post(SESSION_PATH).setName(SESSION_PATH)
                .handler(BodyHandler.create(false).setBodyLimit(SIGN_IN_BODY_LIMIT).setHandleFileUploads(false))
                .handler(c::signIn);
        router.get(SESSION_PATH).setName(SESSION_PATH).handler(c::show);
        router.delete(SESSION_PATH).setName(SESSION_PATH).handler(c::signOut);
        router.routeWithRegex(HttpMethod.GET, "/console").setName("/console").handler(ctx -> {
            SecurityHeaders.apply(ctx.response().headers());
            ctx.response().setStatusCode(302).putHeader("Location", "/console/").end();
        });
        router.routeWithRegex(HttpMethod.GET, "/console/(?<asset>.*)").setName("/console/*")
                .handler(ctx -> c.assets.serve(ctx, ctx.pathParam("asset")));
        router.routeWithRegex(HttpMethod.HEAD, "/console/(?<asset>.*)").setName("/console/*")
                .handler(ctx -> c.assets.serve(ctx, ctx.pathParam("asset")));
    }

    private void signIn(RoutingContext ctx) {
        String remote = remote(ctx);
        Optional<String> previous = ConsoleSessions.tokenFrom(ctx.request().getHeader("Cookie"));
        String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
        String contentType = ctx.request().getHeader("Content-Type");
        boolean secure = ctx.request().isSSL();
        blocking(ctx, () -> {
            guard.check(remote);
            if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw PlatformException.invalid("Content-Type", "send the sign-in as application/json");
            }
            JsonInput in = JsonInput.parse(body);
            Optional<String> key = in.optString("api_key");
            Optional<String> password = in.optString("password");
            in.done();
            if (key.isPresent() == password.isPresent()) {
                throw PlatformException.invalid(null, "sign in with either api_key or password (the administrator's)");
            }
            ConsoleSessions.Opened opened = key.isPresent() ? withKey(remote, key.get()) : withPassword(remote, password.get());
            previous.ifPresent(sessions::close);
            Account a = opened.active().account();
            LOG.info("console sign-in: account '{}' (id {}) with {} from {}", a.name(), a.id(), opened.active().method().label(),
                    remote);
            return Reply.ok(view(opened.active())).with("Set-Cookie", cookie(opened.token(), secure));
        });
    }

    private ConsoleSessions.Opened withKey(String remote, String key) throws PlatformException {
        try {
            return sessions.open(accounts.authenticate(key), SignInMethod.API_KEY, Optional.empty());
        } catch (PlatformException e) {
            if (e.kind() == Kind.UNAUTHORIZED) {
                guard.failed(remote);
                LOG.info("console sign-in refused: wrong API key from {}", remote);
            }
            throw e;
        }
    }

    private ConsoleSessions.Opened withPassword(String remote, String password) throws PlatformException {
        Duration minute = Duration.ofMinutes(1);
        if (live.count(PASSWORD_FAILURES, minute) >= sessions.config().passwordFailuresPerMinute()) {
            throw new PlatformException(Kind.TOO_MANY_REQUESTS, null, "too many wrong administrator passwords on this node; "
                    + "wait a minute (signing in with an API key still works)");
        }
        Optional<AdminPasswordService.Verified> verified = passwords.verify(password);
        if (verified.isEmpty()) {
            guard.failed(remote);
            live.increment(PASSWORD_FAILURES, minute);
            LOG.info("console sign-in refused: wrong administrator password from {}", remote);
            throw new PlatformException(Kind.UNAUTHORIZED, "password", "wrong password, or no administrator password is set "
                    + "(set one with DIALTONE_ADMIN_PASSWORD on start or PUT /api/v1/admin/password)");
        }
        return sessions.open(verified.get().account(), SignInMethod.PASSWORD, Optional.of(verified.get().passwordChangedAt()));
    }

    private void show(RoutingContext ctx) {
        Optional<String> token = ConsoleSessions.tokenFrom(ctx.request().getHeader("Cookie"));
        blocking(ctx, () -> {
            ConsoleSessions.Active active = token.flatMap(sessions::find).orElseThrow(() -> new PlatformException(Kind.UNAUTHORIZED,
                    null, "not signed in to the console"));
            return Reply.ok(view(active));
        });
    }

    private void signOut(RoutingContext ctx) {
        Optional<String> token = ConsoleSessions.tokenFrom(ctx.request().getHeader("Cookie"));
        String csrf = ctx.request().getHeader(ApiRoutes.CSRF_HEADER);
        boolean secure = ctx.request().isSSL();
        blocking(ctx, () -> {
            Optional<ConsoleSessions.Active> active = token.flatMap(sessions::find);
            if (active.isPresent()) {
                ConsoleSessions.checkCsrf(active.get(), csrf);
                sessions.close(token.get());
                LOG.info("console sign-out: account '{}' (id {})", active.get().account().name(), active.get().account().id());
            }
            return Reply.noContent().with("Set-Cookie", expiredCookie(secure));
        });
    }

    private void blocking(RoutingContext ctx, Callable<Reply> work) {
        workers.<Reply>executeBlocking(() -> {
            try {
                return work.call();
            } catch (PlatformException e) {
                return Problems.of(e);
            }
        }, false).onComplete(ar -> {
            SecurityHeaders.apply(ctx.response().headers());
            if (ar.succeeded()) {
                ApiRoutes.send(ctx, ar.result());
            } else {
                LOG.error("{} {} failed", ctx.request().method(), SESSION_PATH, ar.cause());
                ApiRoutes.send(ctx, Problems.of(500, "the server failed to handle this request; the error is in the node's log"));
            }
        });
    }

    static JsonObject view(ConsoleSessions.Active s) {
        Account a = s.account();
        return new JsonObject()
                .put("account", new JsonObject().put("id", a.id().value()).put("name", a.name()).put("admin", a.admin()))
                .put("signed_in_with", s.method().wire())
                .put("csrf_token", s.csrfToken())
                .put("csrf_header", ApiRoutes.CSRF_HEADER)
                .put("expires_at", s.expiresAt().toString());
    }

    static String cookie(String token, boolean secure) {
        return (secure ? ConsoleSessions.SECURE_COOKIE : ConsoleSessions.COOKIE) + "=" + token
                + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    static String expiredCookie(boolean secure) {
        return (secure ? ConsoleSessions.SECURE_COOKIE : ConsoleSessions.COOKIE) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    private static String remote(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    }
}
