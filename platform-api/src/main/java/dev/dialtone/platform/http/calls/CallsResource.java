package dev.dialtone.platform.http.calls;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.SessionId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.calls.CallHistory;
import dev.dialtone.platform.calls.CallQuery;
import dev.dialtone.platform.calls.StoredCall;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Call;
import dev.dialtone.platform.http.Json;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.pstn.CallRecord;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /api/v1/calls}: the account's call records (CDRs), oldest first. Query: {@code from},
 * {@code to} (ISO-8601 instants, start time in {@code [from, to)}), {@code application_id},
 * {@code number} (calls from or to it), {@code offset}, {@code limit} (1..1000, default 100).
 */
public final class CallsResource {
    private static final String BASE = "/api/v1/calls";

    private CallsResource() {
    }

    public static void register(ApiRoutes routes, CallHistory history) {
        routes.add(HttpMethod.GET, BASE, call -> {
            Optional<Instant> from = instant(call, "from");
            Optional<Instant> to = instant(call, "to");
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                throw PlatformException.invalid("to", "'to' must be after 'from'");
            }
            Optional<ApplicationId> app = Optional.empty();
            if (call.query("application_id").isPresent()) {
                app = Optional.of(new ApplicationId(call.queryInt("application_id", 1, 1, Integer.MAX_VALUE)));
            }
            List<String> numbers = call.query("number").filter(s -> !s.isEmpty()).map(List::of).orElse(List.of());
            if (numbers.size() == 1 && numbers.getFirst().length() > 256) {
                throw PlatformException.invalid("number", "'number' must be at most 256 characters");
            }
            int offset = call.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = call.queryInt("limit", 100, 1, CallQuery.MAX_LIMIT);
            CallHistory.Page page = history.calls(call.account(),
                    new CallQuery(from, to, app, numbers, List.of(), List.of(), List.of(), offset, limit));
            JsonArray items = new JsonArray();
            page.calls().forEach(c -> items.add(view(c)));
            return Reply.ok(Json.page("calls", items, page.total(), offset));
        });
    }

    private static Optional<Instant> instant(Call call, String name) throws PlatformException {
        Optional<String> v = call.query(name).filter(s -> !s.isEmpty());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(v.get()).toInstant());
        } catch (DateTimeParseException e) {
            throw PlatformException.invalid(name, "'" + name + "' must be an ISO-8601 time with an offset, e.g. 2026-01-31T12:00:00Z");
        }
    }

    /** The session log of a call's session (served by the sessions API). */
    public static String logUrl(SessionId session) {
        return "/api/v1/sessions/" + session.value() + "/log";
    }

    static JsonObject view(StoredCall stored) {
        CallRecord r = stored.record();
        return new JsonObject()
                .put("call_id", r.legId().value())
                .put("session_id", r.session().map(SessionId::value).orElse(null))
                .put("account_id", r.account().value())
                .put("application_id", r.application().value())
                .put("direction", r.direction().name().toLowerCase(Locale.ROOT))
                .put("client_type", r.clientType().scenarioName())
                .put("from", r.from())
                .put("to", r.to())
                .put("trunk_id", r.trunkId().orElse(null))
                .put("started_at", Json.time(r.startedAt()))
                .put("answered_at", r.answeredAt().map(Json::time).orElse(null))
                .put("ended_at", r.endedAt().map(Json::time).orElse(null))
                .put("duration_ms", r.duration().toMillis())
                .put("disconnect_reason", r.finished() ? r.disconnectReason() : null)
                .put("sip_code", r.sipCode() > 0 ? r.sipCode() : null)
                .put("log_url", r.session().map(CallsResource::logUrl).orElse(null));
    }
}
