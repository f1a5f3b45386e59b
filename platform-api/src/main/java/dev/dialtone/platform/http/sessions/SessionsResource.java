package dev.dialtone.platform.http.sessions;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Call;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.model.SessionLogLine;
import dev.dialtone.platform.model.SessionRecord;
import dev.dialtone.platform.sessions.SessionsService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Scenario sessions: {@code /api/v1/applications/{application_id}/sessions} (list),
 * {@code /api/v1/sessions/{session_id}} and its {@code /log}, and starting a rule's scenarios without a
 * call: {@code POST /api/v1/applications/{application_id}/rules/{rule_id}/sessions}. The access URL of a
 * started session is served by {@link AccessUrlRoute}.
 */
public final class SessionsResource {
    private static final String APP = "/api/v1/applications/{application_id}";

    private SessionsResource() {
    }

    public static void register(ApiRoutes routes, SessionsService sessions) {
        routes.add(HttpMethod.GET, APP + "/sessions", call -> {
            ApplicationId app = call.applicationId();
            int offset = call.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.queryInt("limit", 20, 1, 1000);
            Optional<Instant> from = instant(call, "from");
            Optional<Instant> to = instant(call, "to");
            List<SessionRecord> list = sessions.list(call.account(), app, from, to, offset, limit);
            JsonArray items = new JsonArray();
            list.forEach(s -> items.add(view(s)));
            return Reply.ok(Json.page("sessions", items, sessions.count(call.account(), app, from, to), offset));
        });
        routes.add(HttpMethod.GET, "/api/v1/sessions/{session_id}", call ->
                Reply.ok(view(sessions.get(call.account(), call.pathParam("session_id")))));
        routes.add(HttpMethod.GET, "/api/v1/sessions/{session_id}/log", call -> {
            String id = call.pathParam("session_id");
            JsonArray entries = new JsonArray();
            for (SessionLogLine l : sessions.log(call.account(), id)) {
                entries.add(new JsonObject().put("at", Json.time(l.at())).put("kind", l.kind()).put("message", l.message()));
            }
            return Reply.ok(new JsonObject().put("session_id", id).put("entries", entries));
        });
        routes.add(HttpMethod.POST, APP + "/rules/{rule_id}/sessions", call -> {
            JsonInput in = call.jsonOrEmpty();
            Optional<String> data = in.optString("custom_data");
            in.done();
            SessionsService.HttpSession s = sessions.startFromRule(call.account(), Optional.of(call.applicationId()),
                    call.pathId("rule_id"), data);
            return Reply.created(new JsonObject().put("session_id", s.id().value())
                    .put("access_url", s.accessUrl().map(Object::toString).orElse(null))
                    .put("access_secure_url", s.secureAccessUrl().map(Object::toString).orElse(null)),
                    "/api/v1/sessions/" + s.id().value());
        });
    }

    private static Optional<Instant> instant(Call call, String name) throws PlatformException {
        Optional<String> raw = call.query(name);
        if (raw.isEmpty() || raw.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(raw.get()));
        } catch (DateTimeParseException e) {
            throw PlatformException.invalid(name, name + " must be an ISO-8601 instant like 2026-01-31T12:00:00Z");
        }
    }

    /** The {@code Session} object of the API. */
    public static JsonObject view(SessionRecord s) {
        JsonArray names = new JsonArray();
        s.scenarios().forEach(names::add);
        return new JsonObject()
                .put("session_id", s.id().value())
                .put("account_id", s.account().value())
                .put("application_id", s.application().value())
                .put("rule_id", s.ruleId().orElse(null))
                .put("scenarios", names)
                .put("started_at", Json.time(s.startedAt()))
                .put("ended_at", s.endedAt().map(Json::time).orElse(null))
                .put("end_reason", s.endReason().orElse(null))
                .put("log_url", "/api/v1/sessions/" + s.id().value() + "/log");
    }
}
