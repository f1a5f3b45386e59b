package dev.dialtone.platform.http.applications;

import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.service.ApplicationService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code /api/v1/applications} and {@code /api/v1/applications/{application_id}}. */
public final class ApplicationsResource {
    private ApplicationsResource() {
    }

    public static void register(ApiRoutes routes, ApplicationService apps) {
        routes.add(HttpMethod.GET, "/api/v1/applications", call -> {
            String name = call.query("name").orElse("");
            int offset = call.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.queryInt("limit", 100, 1, 1000);
            JsonArray items = new JsonArray();
            apps.list(call.account(), name, offset, limit).forEach(a -> items.add(view(apps, call.account(), a)));
            return Reply.ok(Json.page("applications", items, apps.count(call.account(), name), offset));
        });
        routes.add(HttpMethod.POST, "/api/v1/applications", call -> {
            JsonInput in = call.json();
            String name = in.requireString("name");
            boolean secure = in.optBoolean("secure_record_storage").orElse(false);
            in.done();
            Application a = apps.create(call.account(), name, secure);
            return Reply.created(view(apps, call.account(), a), "/api/v1/applications/" + a.id());
        });
        routes.add(HttpMethod.GET, "/api/v1/applications/{application_id}",
                call -> Reply.ok(view(apps, call.account(), apps.get(call.account(), call.applicationId()))));
        routes.add(HttpMethod.PATCH, "/api/v1/applications/{application_id}", call -> {
            JsonInput in = call.json();
            var name = in.optString("name");
            var secure = in.optBoolean("secure_record_storage");
            in.done();
            return Reply.ok(view(apps, call.account(), apps.update(call.account(), call.applicationId(), name, secure)));
        });
        routes.add(HttpMethod.DELETE, "/api/v1/applications/{application_id}", call -> {
            apps.delete(call.account(), call.applicationId());
            return Reply.noContent();
        });
    }

    static JsonObject view(ApplicationService apps, Account owner, Application a) {
        return new JsonObject()
                .put("id", a.id().value())
                .put("name", a.name())
                .put("full_name", apps.fullName(owner, a))
                .put("secure_record_storage", a.secureRecordStorage())
                .put("rules_version", a.rulesVersion())
                .put("created_at", Json.time(a.createdAt()))
                .put("modified_at", Json.time(a.modifiedAt()));
    }
}
