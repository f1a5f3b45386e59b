package dev.dialtone.platform.http.servicekeys;

import java.util.Optional;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.KeyRole;
import dev.dialtone.platform.model.ServiceKey;
import dev.dialtone.platform.service.ServiceKeyService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code /api/v1/service-keys}: service-account keys for the original platform's API clients. Creating
 * one answers, once, exactly the credentials file those clients read ({@code account_id},
 * {@code key_id}, {@code private_key}); the node keeps only the public key.
 */
public final class ServiceKeysResource {
    private static final String BASE = "/api/v1/service-keys";

    private ServiceKeysResource() {
    }

    public static void register(ApiRoutes routes, ServiceKeyService keys) {
        routes.add(HttpMethod.GET, BASE, call -> {
            int offset = call.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.queryInt("limit", 100, 1, 1000);
            JsonArray items = new JsonArray();
            keys.list(call.account(), offset, limit).forEach(k -> items.add(view(k)));
            return Reply.ok(Json.page("service_keys", items, keys.count(call.account()), offset));
        });
        routes.add(HttpMethod.POST, BASE, call -> {
            JsonInput in = call.jsonOrEmpty();
            Optional<String> name = in.optString("name");
            Optional<String> description = in.optString("description");
            Optional<KeyRole> role = role(in);
            in.done();
            ServiceKeyService.Created c = keys.create(call.account(), name, description, role.orElse(KeyRole.READ_ONLY));
            JsonObject credentials = new JsonObject()
                    .put("account_id", call.account().id().value())
                    .put("key_id", c.key().keyId())
                    .put("private_key", c.privateKeyPem());
            return Reply.created(credentials, BASE + "/" + c.key().keyId());
        });
        routes.add(HttpMethod.GET, BASE + "/{key_id}", call -> Reply.ok(view(keys.get(call.account(), call.pathParam("key_id")))));
        routes.add(HttpMethod.PATCH, BASE + "/{key_id}", call -> {
            JsonInput in = call.json();
            Optional<String> name = in.optString("name");
            Optional<String> description = in.optString("description");
            Optional<KeyRole> role = role(in);
            in.done();
            return Reply.ok(view(keys.update(call.account(), call.pathParam("key_id"), name, description, role)));
        });
        routes.add(HttpMethod.DELETE, BASE + "/{key_id}", call -> {
            keys.delete(call.account(), call.pathParam("key_id"));
            return Reply.noContent();
        });
    }

    private static Optional<KeyRole> role(JsonInput in) throws PlatformException {
        Optional<String> role = in.optString("role");
        if (role.isEmpty()) {
            return Optional.empty();
        }
        for (KeyRole r : KeyRole.values()) {
            if (r.wire().equals(role.get())) {
                return Optional.of(r);
            }
        }
        throw PlatformException.invalid("role", "role must be 'owner' (everything) or 'read_only' (reads only)");
    }

    static JsonObject view(ServiceKey k) {
        return new JsonObject()
                .put("key_id", k.keyId())
                .put("name", k.name())
                .put("description", k.description())
                .put("role", k.role().wire())
                .put("created_at", Json.time(k.createdAt()));
    }
}
