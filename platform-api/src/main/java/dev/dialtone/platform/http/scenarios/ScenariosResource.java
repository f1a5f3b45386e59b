package dev.dialtone.platform.http.scenarios;

import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiRoutes.Access;
import dev.dialtone.platform.http.Call;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.Scenario;
import dev.dialtone.platform.model.ScenarioVersion;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.platform.service.ScenarioService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code /api/v1/applications/{application_id}/scenarios/...}: scenarios with immutable versions.
 * Uploads take JSON ({@code {"name":…,"source":…}}) or the raw script with
 * {@code Content-Type: application/javascript}.
 */
public final class ScenariosResource {
    private static final String BASE = "/api/v1/applications/{application_id}/scenarios";

    private ScenariosResource() {
    }

    public static void register(ApiRoutes routes, ApplicationService apps, ScenarioService scenarios, long uploadLimit) {
        routes.add(HttpMethod.GET, BASE, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            String name = call.query("name").orElse("");
            int offset = call.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.queryInt("limit", 100, 1, 1000);
            JsonArray items = new JsonArray();
            scenarios.list(call.account(), Optional.of(app), name, offset, limit).forEach(s -> items.add(view(s)));
            return Reply.ok(Json.page("scenarios", items, scenarios.count(call.account(), Optional.of(app), name), offset));
        });
        routes.add(HttpMethod.POST, BASE, Access.ACCOUNT, uploadLimit, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            String name;
            String source;
            if (isScript(call)) {
                name = call.query("name").orElseThrow(() -> PlatformException.invalid("name",
                        "name is required: with a raw script body, pass it as ?name=..."));
                source = call.body();
            } else {
                JsonInput in = call.json();
                name = in.requireString("name");
                source = in.requireString("source");
                in.done();
            }
            Scenario s = scenarios.create(app, name, source, Optional.ofNullable(call.actor()));
            return Reply.created(view(s), BASE.replace("{application_id}", app.toString()) + "/" + s.id());
        });
        String one = BASE + "/{scenario_id}";
        routes.add(HttpMethod.GET, one, call -> {
            Scenario s = scenario(call, scenarios);
            return Reply.ok(view(s).put("source", scenarios.version(call.account(), s.id(), s.activeVersion()).source()));
        });
        routes.add(HttpMethod.PATCH, one, call -> {
            Scenario s = scenario(call, scenarios);
            JsonInput in = call.json();
            String name = in.requireString("name");
            in.done();
            return Reply.ok(view(scenarios.rename(call.account(), s.id(), name)));
        });
        routes.add(HttpMethod.DELETE, one, call -> {
            scenarios.delete(call.account(), scenario(call, scenarios).id());
            return Reply.noContent();
        });
        routes.add(HttpMethod.GET, one + "/versions", call -> {
            Scenario s = scenario(call, scenarios);
            JsonArray items = new JsonArray();
            scenarios.versions(call.account(), s.id()).forEach(v -> items.add(versionView(v, s, false)));
            return Reply.ok(view(s).put("versions", items));
        });
        routes.add(HttpMethod.POST, one + "/versions", Access.ACCOUNT, uploadLimit, call -> {
            Scenario s = scenario(call, scenarios);
            String source;
            boolean activate;
            if (isScript(call)) {
                source = call.body();
                activate = !"false".equals(call.query("activate").orElse("true"));
            } else {
                JsonInput in = call.json();
                source = in.requireString("source");
                activate = in.optBoolean("activate").orElse(true);
                in.done();
            }
            Scenario updated = scenarios.upload(call.account(), s.id(), source, activate, Optional.ofNullable(call.actor()));
            return Reply.created(view(updated), BASE.replace("{application_id}", s.applicationId().toString()) + "/"
                    + s.id() + "/versions/" + updated.latestVersion());
        });
        routes.add(HttpMethod.GET, one + "/versions/{version}", call -> {
            Scenario s = scenario(call, scenarios);
            long v = call.pathId("version");
            if (v > Integer.MAX_VALUE) {
                throw PlatformException.notFound("scenario version", v);
            }
            return Reply.ok(versionView(scenarios.version(call.account(), s.id(), (int) v), s, true));
        });
        routes.add(HttpMethod.PUT, one + "/active-version", call -> {
            Scenario s = scenario(call, scenarios);
            JsonInput in = call.json();
            long v = in.requireLong("version");
            in.done();
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw PlatformException.invalid("version", "version must be a positive integer");
            }
            return Reply.ok(view(scenarios.activate(call.account(), s.id(), (int) v)));
        });
        routes.add(HttpMethod.POST, one + "/rollback", call -> {
            Scenario s = scenario(call, scenarios);
            call.jsonOrEmpty().done();
            return Reply.ok(view(scenarios.rollback(call.account(), s.id())));
        });
    }

    private static boolean isScript(Call call) {
        return call.bodyIs("application/javascript") || call.bodyIs("text/javascript") || call.bodyIs("text/plain");
    }

    private static Scenario scenario(Call call, ScenarioService scenarios) throws PlatformException {
        return scenarios.get(call.account(), call.applicationId(), call.pathId("scenario_id"));
    }

    static JsonObject view(Scenario s) {
        return new JsonObject()
                .put("id", s.id())
                .put("application_id", s.applicationId().value())
                .put("name", s.name())
                .put("active_version", s.activeVersion())
                .put("latest_version", s.latestVersion())
                .put("created_at", Json.time(s.createdAt()))
                .put("modified_at", Json.time(s.modifiedAt()));
    }

    static JsonObject versionView(ScenarioVersion v, Scenario s, boolean withSource) {
        JsonObject o = new JsonObject()
                .put("version", v.version())
                .put("active", v.version() == s.activeVersion())
                .put("size", v.source().length())
                .put("created_at", Json.time(v.createdAt()))
                .put("created_by", v.createdBy().orElse(null));
        return withSource ? o.put("source", v.source()) : o;
    }
}
