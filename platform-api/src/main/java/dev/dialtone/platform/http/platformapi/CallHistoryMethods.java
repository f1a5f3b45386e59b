package dev.dialtone.platform.http.platformapi;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.core.CallDirection;
import dev.dialtone.core.SessionId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.calls.CallHistory;
import dev.dialtone.platform.calls.CallQuery;
import dev.dialtone.platform.calls.SessionCalls;
import dev.dialtone.platform.calls.StoredCall;
import dev.dialtone.platform.http.calls.CallsResource;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.service.ApplicationService;
import dev.dialtone.pstn.CallRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code GetCallHistory}: the original's call history, one entry per session
 * ({@code call_session_history_id} is the numeric id of the session's first call) with its calls when
 * {@code with_calls} is set. Dates are {@code YYYY-MM-DD HH:mm:ss} in {@code timezone} (default UTC).
 * Without dates, the last 30 days. Only sessions with at least one call are listed.
 */
final class CallHistoryMethods {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private CallHistoryMethods() {
    }

    static void register(Map<String, CompatMethod> methods, ApplicationService apps, CallHistory history, Clock clock) {
        methods.put("GetCallHistory", (caller, p) -> {
            ZoneId zone = zone(p.string("timezone").filter(s -> !s.isEmpty() && !s.equalsIgnoreCase("auto")).orElse("UTC"));
            Optional<Instant> from = date(p, "from_date", zone);
            Optional<Instant> to = date(p, "to_date", zone);
            if (from.isEmpty() && to.isEmpty()) {
                to = Optional.of(clock.instant().plusSeconds(1));
                from = Optional.of(to.get().minus(DEFAULT_RANGE));
            }
            Optional<Application> app = Original.optionalApplication(apps, caller, p);
            List<String> sessionKeys = new ArrayList<>();
            Optional<CompatParams.IdList> ids = p.ids("call_session_history_id");
            if (ids.isPresent() && !ids.get().all()) {
                for (long id : ids.get().ids()) {
                    history.sessionOf(caller, id).ifPresent(sessionKeys::add);
                }
                if (sessionKeys.isEmpty()) {
                    return Original.list(new JsonArray(), 0).put("timezone", zoneName(zone));
                }
            }
            List<String> remote = p.list("remote_number").orElse(List.of());
            List<String> local = p.list("local_number").orElse(List.of());
            boolean withCalls = p.bool("with_calls").orElse(false);
            boolean descending = p.bool("desc_order").orElse(false);
            boolean withTotal = p.bool("with_total_count").orElse(true);
            int count = Math.max(1, p.count("count", 20, CallQuery.MAX_LIMIT));
            int offset = p.count("offset", 0, 10_000);
            p.accept("application_name", "user_id", "rule_name", "remote_number_list", "call_session_history_custom_data",
                    "with_records", "with_other_resources", "child_account_id", "children_calls_only", "with_header",
                    "is_async", "min_duration", "max_duration").done();
            if (remote.size() > CallQuery.MAX_NUMBERS || local.size() > CallQuery.MAX_NUMBERS) {
                throw PlatformException.invalid("remote_number", "at most " + CallQuery.MAX_NUMBERS + " numbers");
            }
            CallQuery q = new CallQuery(from, to, app.map(Application::id), List.of(), remote, local, sessionKeys, offset, count);
            CallHistory.SessionPage page = history.sessions(caller, q, descending);
            Map<ApplicationId, String> names = new HashMap<>();
            JsonArray items = new JsonArray();
            for (SessionCalls s : page.sessions()) {
                items.add(session(s, withCalls, zone, appName(apps, caller, names, s.calls().getFirst().record().application())));
            }
            return Original.list(items, withTotal ? page.total() : items.size()).put("timezone", zoneName(zone));
        });
    }

    private static String appName(ApplicationService apps, Account caller, Map<ApplicationId, String> names, ApplicationId id) {
        return names.computeIfAbsent(id, k -> {
            try {
                return apps.fullName(caller, apps.get(caller, k));
            } catch (PlatformException e) {
                return ""; // the application was deleted; its calls stay in the history
            }
        });
    }

    private static JsonObject session(SessionCalls s, boolean withCalls, ZoneId zone, String appName) {
        CallRecord first = s.calls().getFirst().record();
        Instant start = first.startedAt();
        Instant end = start;
        for (StoredCall c : s.calls()) {
            Instant e = c.record().endedAt().orElse(c.record().startedAt());
            end = e.isAfter(end) ? e : end;
        }
        Optional<SessionId> session = s.calls().stream().map(c -> c.record().session()).flatMap(Optional::stream).findFirst();
        JsonObject o = new JsonObject()
                .put("call_session_history_id", s.historyId())
                .put("account_id", first.account().value())
                .put("application_id", first.application().value())
                .put("application_name", appName)
                .put("start_date", format(start, zone))
                .put("duration", Duration.between(start, end).toSeconds())
                .put("log_file_url", session.map(CallsResource::logUrl).orElse(""))
                .put("session_id", session.map(SessionId::value).orElse(null));
        if (withCalls) {
            JsonArray calls = new JsonArray();
            s.calls().forEach(c -> calls.add(call(c, zone)));
            o.put("calls", calls);
        }
        return o;
    }

    private static JsonObject call(StoredCall c, ZoneId zone) {
        CallRecord r = c.record();
        boolean incoming = r.direction() == CallDirection.INBOUND;
        return new JsonObject()
                .put("call_id", c.id())
                .put("start_time", format(r.startedAt(), zone))
                .put("duration", r.duration().toSeconds())
                .put("local_number", incoming ? r.to() : r.from())
                .put("remote_number", incoming ? r.from() : r.to())
                .put("remote_number_type", switch (r.clientType()) {
                    case PSTN -> "pstn";
                    case SIP -> "sip";
                    case WEB -> "user";
                    case INTERNAL -> "internal";
                })
                .put("incoming", incoming)
                .put("successful", r.answeredAt().isPresent())
                .put("transaction_id", 0)
                .put("cost", 0)
                .put("end_reason", r.finished() ? r.disconnectReason() : "")
                .put("sip_code", r.sipCode());
    }

    private static String zoneName(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    private static String format(Instant t, ZoneId zone) {
        return FORMAT.format(LocalDateTime.ofInstant(t, zone));
    }

    private static ZoneId zone(String id) throws PlatformException {
        try {
            return id.equalsIgnoreCase("UTC") ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException e) {
            throw PlatformException.invalid("timezone", "'timezone' must be a time zone id such as Europe/Berlin or UTC");
        }
    }

    private static Optional<Instant> date(CompatParams p, String name, ZoneId zone) throws PlatformException {
        Optional<String> v = p.string(name).filter(s -> !s.isBlank());
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(v.get().trim(), FORMAT).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            throw PlatformException.invalid(name, "'" + name + "' must be YYYY-MM-DD HH:mm:ss");
        }
    }
}
