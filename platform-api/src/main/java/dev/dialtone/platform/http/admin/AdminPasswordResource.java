package dev.dialtone.platform.http.admin;

import java.time.Instant;
import java.util.Optional;

import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.service.AdminPasswordService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * {@code /api/v1/admin/password}: the administrator's console password (administrator only). It is
 * write-only: reading tells whether one is set and since when.
 */
public final class AdminPasswordResource {
    private static final String PATH = "/api/v1/admin/password";

    private AdminPasswordResource() {
    }

    public static void register(ApiRoutes routes, AdminPasswordService passwords) {
        routes.add(HttpMethod.GET, PATH, call -> Reply.ok(view(passwords.changedAt(call.account()))));
        routes.add(HttpMethod.PUT, PATH, call -> {
            JsonInput in = call.json();
            String password = in.requireString("password");
            in.done();
            return Reply.ok(view(Optional.of(passwords.set(call.account(), password))));
        });
        routes.add(HttpMethod.DELETE, PATH, call -> {
            passwords.clear(call.account());
            return Reply.noContent();
        });
    }

    static JsonObject view(Optional<Instant> changedAt) {
        JsonObject o = new JsonObject().put("set", changedAt.isPresent());
        return changedAt.isPresent() ? o.put("changed_at", Json.time(changedAt.get())) : o.putNull("changed_at");
    }
}
