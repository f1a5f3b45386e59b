package dev.dialtone.platform.http.platformapi;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.calls.CallHistory;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiRoutes.Access;
import dev.dialtone.platform.http.Call;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.KeyRole;
import dev.dialtone.platform.service.AccountService;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.RuleService;
import dev.dialtone.platform.service.ScenarioService;
import dev.dialtone.platform.service.ServiceKeyService;
import dev.dialtone.platform.service.UserService;
import dev.dialtone.platform.sessions.SessionsService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * The original platform's HTTP API, so that scripts and the original's published API clients work by
 * changing the host. Two faces, one code path: {@code /platform_api/<Method>}, and {@code /platform_api}
 * with the method in a {@code cmd} parameter (what the official clients send, as multipart/form-data).
 * Parameters come in the query or a form body (url-encoded or multipart). The caller is either
 * {@code Authorization: Bearer <JWT>} signed by a service-account key (or {@code Bearer <api_key>}), or
 * {@code account_id} / {@code account_name} plus {@code api_key}. A key's role is checked here and only here. Answers are {@code {"result":…}} or
 * {@code {"error":{"msg":…,"code":…}}} with HTTP 200, except 401/403/429 for authentication and
 * roles, 400 for an unreadable body and 413 for bodies over the cap.
 */
public final class PlatformApiResource {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformApiResource.class);
    /** The methods that upload scenario source and so may send bodies over the general cap. */
    private static final Set<String> UPLOADS = Set.of("AddScenario", "SetScenarioInfo");

    private final Map<String, CompatMethod> methods = new HashMap<>();
    private final AccountService accounts;
    private final ServiceKeyService keys;
    private final long maxBody;

    /** Who is calling: the account, the role it acts with and, for a JWT, the key id. */
    private record Caller(Account account, KeyRole role, Optional<String> keyId) {
    }

    private PlatformApiResource(AccountService accounts, ServiceKeyService keys, long maxBody) {
        this.accounts = accounts;
        this.keys = keys;
        this.maxBody = maxBody;
    }

    public static void register(ApiRoutes routes, AccountService accounts, ApplicationService apps, ScenarioService scenarios,
                                RuleService rules, UserService users, ServiceKeyService keys, SessionsService sessions,
                                CallHistory calls, Clock clock,
                                long maxBody, long uploadLimit) {
        PlatformApiResource r = new PlatformApiResource(accounts, keys, maxBody);
        ApplicationMethods.register(r.methods, apps, rules, scenarios);
        ScenarioMethods.register(r.methods, apps, scenarios, rules);
        RuleMethods.register(r.methods, apps, rules, scenarios);
        UserMethods.register(r.methods, apps, users);
        KeyMethods.register(r.methods, keys);
        CallHistoryMethods.register(r.methods, apps, calls, clock);
        SessionMethods.register(r.methods, apps, sessions);
        for (String template : new String[] {"/platform_api", "/platform_api/{method}"}) {
            for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.POST}) {
                routes.add(m, template, Access.PUBLIC, uploadLimit, r::handle, CompatFailures::reply, true);
            }
        }
    }

    /** The names of the implemented methods. */
    public static Set<String> methodNames() {
        Map<String, CompatMethod> m = new HashMap<>();
        ApplicationMethods.register(m, null, null, null);
        ScenarioMethods.register(m, null, null, null);
        RuleMethods.register(m, null, null, null);
        UserMethods.register(m, null, null);
        KeyMethods.register(m, null);
        CallHistoryMethods.register(m, null, null, null);
        SessionMethods.register(m, null, null);
        return Set.copyOf(m.keySet());
    }

    private Reply handle(Call call) {
        CompatParams params;
        try {
            params = new CompatParams(call.formParams());
        } catch (PlatformException e) {
            return error(400, "The request body could not be read: " + e.getMessage(), 101);
        }
        Optional<String> cmd = params.string("cmd").filter(s -> !s.isEmpty());
        String name = call.pathParam("method");
        if (name == null && cmd.isEmpty()) {
            return error(200, "No method given: send cmd=<Method> (in a multipart/form-data or application/x-www-form-urlencoded "
                    + "body, or the query), or call /platform_api/<Method>", 103);
        }
        if (name != null && cmd.isPresent() && !cmd.get().equals(name)) {
            return error(200, "cmd '" + cut(cmd.get()) + "' names another method than the path ('" + cut(name) + "'); send one", 101);
        }
        name = name != null ? name : cmd.get();
        CompatMethod method = methods.get(name);
        if (method == null) {
            return error(200, "Unknown command '" + cut(name) + "'", 103);
        }
        if (!UPLOADS.contains(name) && call.bodySize() > maxBody) {
            return error(413, "the request body is larger than " + maxBody + " bytes", 101);
        }
        try {
            call.authGuard().check(call.remote());
        } catch (PlatformException e) {
            return error(429, e.getMessage(), 100);
        }
        Caller caller;
        try {
            caller = authenticate(call, params);
        } catch (PlatformException e) {
            call.authGuard().failed(call.remote());
            return error(401, "Authorization failed: " + e.getMessage(), 100);
        }
        if (!caller.role().permits(name)) {
            return error(403, "Access denied: the service-account key " + caller.keyId().orElse("") + " has the "
                    + caller.role().original() + " role, which allows only Get* methods; " + name + " is not one", 100);
        }
        try {
            return new Reply(200, Reply.JSON, method.call(caller.account(), params).encode(), Map.of());
        } catch (PlatformException e) {
            return error(200, e.getMessage(), code(e.kind()));
        } catch (RuntimeException e) {
            LOG.error("platform_api {} failed for account {}", name, caller.account().id(), e);
            return error(200, "Internal error", 2);
        }
    }

    /** A JWT in {@code Authorization: Bearer}, else {@code api_key} with {@code account_id} or {@code account_name}. */
    private Caller authenticate(Call call, CompatParams p) throws PlatformException {
        Optional<String> authorization = call.header("Authorization");
        if (authorization.isPresent()) {
            String value = authorization.get().trim();
            if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new PlatformException(PlatformException.Kind.UNAUTHORIZED, "Authorization", "the Authorization header must be "
                        + "'Bearer <JWT>' with a JWT signed by a service-account key");
            }
            String credential = value.substring(7).trim();
            if (credential.indexOf('.') < 0) { // an API key, as the native API takes it
                return new Caller(accounts.authenticate(credential), KeyRole.OWNER, Optional.empty());
            }
            ServiceKeyService.KeyCaller k = keys.authenticate(credential);
            return new Caller(k.account(), k.key().role(), Optional.of(k.key().keyId()));
        }
        Optional<String> key = p.string("api_key").filter(s -> !s.isEmpty());
        Optional<Long> id = p.number("account_id");
        Optional<String> name = p.string("account_name").filter(s -> !s.isEmpty());
        if (key.isEmpty()) {
            throw new PlatformException(PlatformException.Kind.UNAUTHORIZED, "api_key", "send 'Authorization: Bearer <JWT>' "
                    + "signed by a service-account key, or api_key with account_id or account_name");
        }
        return new Caller(accounts.authenticate(id, name, key.get()), KeyRole.OWNER, Optional.empty());
    }

    /** The original's error codes: 100 authorization failed, 101 invalid arguments, 103 unknown command, 2 internal error. */
    static int code(PlatformException.Kind kind) {
        return switch (kind) {
            case UNAUTHORIZED, FORBIDDEN, TOO_MANY_REQUESTS -> 100;
            case UNAVAILABLE -> 2;
            default -> 101;
        };
    }

    static Reply error(int status, String msg, int code) {
        JsonObject body = new JsonObject().put("error", new JsonObject().put("msg", msg).put("code", code));
        return new Reply(status, Reply.JSON, body.encode(), Map.of());
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 40) : s;
    }
}
