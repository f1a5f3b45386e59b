package dev.dialtone.platform.http.platformapi;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiRoutes.Access;
import dev.dialtone.platform.http.Call;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.service.AccountService;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.RuleService;
import dev.dialtone.platform.service.ScenarioService;
import dev.dialtone.platform.service.UserService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * {@code /platform_api/<Method>}: the original platform's HTTP API, so that scripts written for it
 * work by changing the base URL. Parameters come in the query (GET) or a form (POST); the caller is
 * {@code account_id} or {@code account_name} plus {@code api_key}. Answers are {@code {"result":…}}
 * or {@code {"error":{"msg":…,"code":…}}} with HTTP 200, except 401/429 for authentication and 413
 * for bodies over the cap.
 */
public final class PlatformApiResource {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformApiResource.class);
    /** The methods that upload scenario source and so may send bodies over the general cap. */
    private static final Set<String> UPLOADS = Set.of("AddScenario", "SetScenarioInfo");

    private final Map<String, CompatMethod> methods = new HashMap<>();
    private final AccountService accounts;
    private final long maxBody;

    private PlatformApiResource(AccountService accounts, long maxBody) {
        this.accounts = accounts;
        this.maxBody = maxBody;
    }

    public static void register(ApiRoutes routes, AccountService accounts, ApplicationService apps, ScenarioService scenarios,
                                RuleService rules, UserService users, long maxBody, long uploadLimit) {
        PlatformApiResource r = new PlatformApiResource(accounts, maxBody);
        ApplicationMethods.register(r.methods, apps, rules, scenarios);
        ScenarioMethods.register(r.methods, apps, scenarios, rules);
        RuleMethods.register(r.methods, apps, rules, scenarios);
        UserMethods.register(r.methods, apps, users);
        routes.add(HttpMethod.GET, "/platform_api/{method}", Access.PUBLIC, uploadLimit, r::handle);
        routes.add(HttpMethod.POST, "/platform_api/{method}", Access.PUBLIC, uploadLimit, r::handle);
    }

    /** The names of the implemented methods. */
    public static Set<String> methodNames() {
        Map<String, CompatMethod> m = new HashMap<>();
        ApplicationMethods.register(m, null, null, null);
        ScenarioMethods.register(m, null, null, null);
        RuleMethods.register(m, null, null, null);
        UserMethods.register(m, null, null);
        return Set.copyOf(m.keySet());
    }

    private Reply handle(Call call) {
        String name = call.pathParam("method");
        CompatMethod method = methods.get(name);
        if (method == null) {
            return error(200, "Unknown command '" + (name.length() > 40 ? name.substring(0, 40) : name) + "'", 103);
        }
        if (!UPLOADS.contains(name) && call.body().length() > maxBody) {
            return error(413, "the request body is larger than " + maxBody + " bytes", 101);
        }
        CompatParams params = new CompatParams(call.params());
        Account caller;
        try {
            call.authGuard().check(call.remote());
        } catch (PlatformException e) {
            return error(429, e.getMessage(), 100);
        }
        try {
            caller = authenticate(params);
        } catch (PlatformException e) {
            call.authGuard().failed(call.remote());
            return error(401, "Authorization failed: " + e.getMessage(), 100);
        }
        try {
            return new Reply(200, Reply.JSON, method.call(caller, params).encode(), Map.of());
        } catch (PlatformException e) {
            return error(200, e.getMessage(), code(e.kind()));
        } catch (RuntimeException e) {
            LOG.error("platform_api {} failed for account {}", name, caller.id(), e);
            return error(200, "Internal error", 2);
        }
    }

    private Account authenticate(CompatParams p) throws PlatformException {
        Optional<String> key = p.string("api_key").filter(s -> !s.isEmpty());
        Optional<Long> id = p.number("account_id");
        Optional<String> name = p.string("account_name").filter(s -> !s.isEmpty());
        if (key.isEmpty()) {
            throw new PlatformException(PlatformException.Kind.UNAUTHORIZED, "api_key", "api_key is required");
        }
        return accounts.authenticate(id, name, key.get());
    }

    /** The original's error codes: 100 authorization failed, 101 invalid arguments, 103 unknown command, 2 internal error. */
    static int code(PlatformException.Kind kind) {
        return switch (kind) {
            case UNAUTHORIZED, FORBIDDEN, TOO_MANY_REQUESTS -> 100;
            case UNAVAILABLE -> 2;
            default -> 101;
        };
    }

    private static Reply error(int status, String msg, int code) {
        JsonObject body = new JsonObject().put("error", new JsonObject().put("msg", msg).put("code", code));
        return new Reply(status, Reply.JSON, body.encode(), Map.of());
    }
}
