package dev.dialtone.scenario;

import java.util.Objects;

/**
 * What a session's access URL answers: the {@code AppEvents.HttpRequest} handler's return value
 * (a string as is, anything else as JSON), 204 when the handler returned nothing, 410 when the
 * session has ended.
 */
public record SessionHttpResponse(int status, String contentType, String body) {
    public SessionHttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }
}
