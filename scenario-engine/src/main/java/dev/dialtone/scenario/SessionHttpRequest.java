package dev.dialtone.scenario;

import java.util.Map;
import java.util.Objects;

/** A request to a session's access URL, as the scenario sees it in {@code AppEvents.HttpRequest}. */
public record SessionHttpRequest(String method, String path, Map<String, String> headers, String body) {
    public SessionHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? "" : body;
    }
}
