package dev.dialtone.platform.http.health;

import java.util.function.BooleanSupplier;

import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.ApiRoutes.Access;
import dev.dialtone.platform.http.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** {@code /api/v1/health}: 200 when the database and the live state answer, else 503. No authentication. */
public final class HealthResource {
    private HealthResource() {
    }

    public static void register(ApiRoutes routes, BooleanSupplier database, BooleanSupplier liveState) {
        routes.add(HttpMethod.GET, "/api/v1/health", Access.PUBLIC, 0, call -> {
            boolean db = database.getAsBoolean();
            boolean live = liveState.getAsBoolean();
            boolean up = db && live;
            JsonObject body = new JsonObject().put("status", up ? "UP" : "DOWN")
                    .put("checks", new JsonObject().put("database", db ? "UP" : "DOWN").put("live_state", live ? "UP" : "DOWN"));
            return new Reply(up ? 200 : 503, Reply.JSON, body.encode(), java.util.Map.of());
        });
    }
}
