package dev.dialtone.platform.http.trunks;

import java.util.Optional;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.SipTrunk;
import dev.dialtone.platform.service.TrunkService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code /api/v1/sip-trunks}: SIP trunk configuration. The password is write-only. */
public final class SipTrunksResource {
    private static final String BASE = "/api/v1/sip-trunks";

    private SipTrunksResource() {
    }

    public static void register(ApiRoutes routes, TrunkService trunks) {
        routes.add(HttpMethod.GET, BASE, call -> {
            JsonArray items = new JsonArray();
            trunks.list(call.account()).forEach(t -> items.add(view(t)));
            return Reply.ok(new JsonObject().put("sip_trunks", items));
        });
        routes.add(HttpMethod.POST, BASE, call -> {
            JsonInput in = call.json();
            TrunkService.Input input = input(in);
            in.done();
            SipTrunk t = trunks.create(call.account(), input);
            return Reply.created(view(t), BASE + "/" + t.id()).etag(t.version());
        });
        routes.add(HttpMethod.GET, BASE + "/{trunk_id}", call -> {
            SipTrunk t = trunks.get(call.account(), call.pathId("trunk_id"));
            return Reply.ok(view(t)).etag(t.version());
        });
        routes.add(HttpMethod.PATCH, BASE + "/{trunk_id}", call -> {
            JsonInput in = call.json();
            TrunkService.Input input = input(in);
            Optional<Long> version = in.optLong("version");
            in.done();
            SipTrunk t = trunks.update(call.account(), call.pathId("trunk_id"), input, call.versionCheck(version));
            return Reply.ok(view(t)).etag(t.version());
        });
        routes.add(HttpMethod.DELETE, BASE + "/{trunk_id}", call -> {
            trunks.delete(call.account(), call.pathId("trunk_id"));
            return Reply.noContent();
        });
    }

    private static TrunkService.Input input(JsonInput in) throws PlatformException {
        return new TrunkService.Input(in.optString("name"), in.optString("host"), in.optInt("port", 1, 65535),
                in.optString("transport"), in.optStringList("allowed_sources"), in.optString("username"),
                in.optString("password"));
    }

    static JsonObject view(SipTrunk t) {
        JsonArray sources = new JsonArray();
        t.allowedSources().forEach(sources::add);
        return new JsonObject()
                .put("id", t.id())
                .put("name", t.name())
                .put("host", t.host())
                .put("port", t.port())
                .put("transport", t.transport())
                .put("allowed_sources", sources)
                .put("username", t.digestUsername().orElse(null))
                .put("has_password", t.hasPassword())
                .put("version", t.version())
                .put("created_at", Json.time(t.createdAt()))
                .put("modified_at", Json.time(t.modifiedAt()));
    }
}
