package dev.dialtone.platform.http.users;

import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.AppUser;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.UserService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code /api/v1/applications/{application_id}/users}: application users. Passwords go in, never out. */
public final class UsersResource {
    private static final String BASE = "/api/v1/applications/{application_id}/users";

    private UsersResource() {
    }

    public static void register(ApiRoutes routes, ApplicationService apps, UserService users) {
        routes.add(HttpMethod.GET, BASE, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            String name = call.query("name").orElse("");
            int offset = call.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.queryInt("limit", 100, 1, 1000);
            JsonArray items = new JsonArray();
            users.list(app, name, offset, limit).forEach(u -> items.add(view(u)));
            return Reply.ok(Json.page("users", items, users.count(app, name), offset));
        });
        routes.add(HttpMethod.POST, BASE, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            JsonInput in = call.json();
            String name = in.requireString("name");
            String display = in.optString("display_name").orElse(name);
            String password = in.requireString("password");
            boolean active = in.optBoolean("active").orElse(true);
            String custom = in.optString("custom_data").orElse(null);
            in.done();
            AppUser u = users.create(app, new UserService.NewUser(name, display, password, active, custom));
            return Reply.created(view(u), BASE.replace("{application_id}", app.toString()) + "/" + u.id()).etag(u.version());
        });
        routes.add(HttpMethod.GET, BASE + "/{user_id}", call -> {
            AppUser u = users.get(call.account(), call.applicationId(), call.pathId("user_id"));
            return Reply.ok(view(u)).etag(u.version());
        });
        routes.add(HttpMethod.PATCH, BASE + "/{user_id}", call -> {
            AppUser existing = users.get(call.account(), call.applicationId(), call.pathId("user_id"));
            JsonInput in = call.json();
            var change = new UserService.Change(in.optString("name"), in.optString("display_name"), in.optString("password"),
                    in.optBoolean("active"), in.optString("custom_data"));
            Optional<Long> version = in.optLong("version");
            in.done();
            AppUser u = users.update(call.account(), existing.id(), change, call.versionCheck(version));
            return Reply.ok(view(u)).etag(u.version());
        });
        routes.add(HttpMethod.DELETE, BASE + "/{user_id}", call -> {
            AppUser existing = users.get(call.account(), call.applicationId(), call.pathId("user_id"));
            users.delete(call.account(), existing.id());
            return Reply.noContent();
        });
    }

    static JsonObject view(AppUser u) {
        return new JsonObject()
                .put("id", u.id())
                .put("application_id", u.applicationId().value())
                .put("name", u.name())
                .put("display_name", u.displayName())
                .put("active", u.active())
                .put("custom_data", u.customData())
                .put("version", u.version())
                .put("created_at", Json.time(u.createdAt()))
                .put("modified_at", Json.time(u.modifiedAt()));
    }
}
