package dev.dialtone.scenario;

import java.net.URI;
import java.util.Objects;

import dev.dialtone.core.SessionId;

/**
 * A session started over HTTP ({@code StartScenarios}): its id and its access URL. Requests to the
 * URL reach the session as {@code AppEvents.HttpRequest}; the URL's last path segment is a secret
 * token the platform passes back to {@link ScenarioEngine#deliverHttpRequest}.
 */
public record StartedSession(SessionId id, URI accessUrl, String accessToken) {
    public StartedSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accessUrl, "accessUrl");
        Objects.requireNonNull(accessToken, "accessToken");
    }
}
