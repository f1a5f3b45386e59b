package dev.dialtone.platform.http;

import java.time.Instant;
import java.util.Collection;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small helpers for building response bodies. */
public final class Json {
    private Json() {
    }

    public static String time(Instant t) {
        return t.toString();
    }

    public static JsonArray ids(Collection<Long> ids) {
        JsonArray a = new JsonArray();
        ids.forEach(a::add);
        return a;
    }

    public static JsonObject page(String field, JsonArray items, int total, int offset) {
        return new JsonObject().put(field, items).put("total", total).put("offset", offset);
    }
}
