package dev.dialtone.platform.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a handler answers: a status, a body and extra headers. */
public record Reply(int status, String contentType, String body, Map<String, String> headers) {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    /** Answered by a {@link ApiRoutes.StreamEndpoint} that has taken over the response: nothing more is sent. */
    public static final Reply STREAMING = new Reply(200, null, "", Map.of());

    public static Reply ok(JsonObject body) {
        return new Reply(200, JSON, body.encode(), Map.of());
    }

    public static Reply ok(JsonArray body) {
        return new Reply(200, JSON, body.encode(), Map.of());
    }

    public static Reply created(JsonObject body, String location) {
        return new Reply(201, JSON, body.encode(), Map.of("Location", location));
    }

    public static Reply noContent() {
        return new Reply(204, null, "", Map.of());
    }

    public static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body, Map.of());
    }

    /** The same reply with one more header. */
    public Reply with(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, h);
    }

    /** The same reply with an ETag for {@code version}. */
    public Reply etag(long version) {
        return with("ETag", "\"" + version + "\"");
    }
}
