package dev.dialtone.platform.http.platformapi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.model.Account;
import dev.dialtone.platform.model.Application;
import dev.dialtone.platform.model.Scenario;
import dev.dialtone.platform.service.ApplicationService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Shapes and look-ups shared by the compatible methods, in the original platform's field names. */
final class Original {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Original() {
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    static JsonObject ok() {
        return new JsonObject().put("result", 1);
    }

    static JsonObject list(JsonArray items, int total) {
        return new JsonObject().put("result", items).put("total_count", total).put("count", items.size());
    }

    /** The application named by {@code application_id} or {@code application_name}; required. */
    static Application application(ApplicationService apps, Account caller, CompatParams p) throws PlatformException {
        return optionalApplication(apps, caller, p).orElseThrow(() -> PlatformException.invalid("application_id",
                "the 'application_id' or 'application_name' parameter is required"));
    }

    static Optional<Application> optionalApplication(ApplicationService apps, Account caller, CompatParams p)
            throws PlatformException {
        Optional<Long> id = p.number("application_id");
        Optional<String> name = p.string("application_name").filter(s -> !s.isEmpty());
        if (id.isPresent()) {
            if (id.get() <= 0) {
                throw PlatformException.notFound("application", id.get());
            }
            return Optional.of(apps.get(caller, new dev.dialtone.core.ApplicationId(id.get())));
        }
        if (name.isPresent()) {
            return Optional.of(apps.byName(caller, name.get()));
        }
        return Optional.empty();
    }

    static JsonObject application(ApplicationService apps, Account owner, Application a) {
        return new JsonObject()
                .put("application_id", a.id().value())
                .put("application_name", apps.fullName(owner, a))
                .put("modified", time(a.modifiedAt()))
                .put("secure_record_storage", a.secureRecordStorage());
    }

    static JsonObject scenario(Scenario s, Optional<String> script) {
        JsonObject o = new JsonObject()
                .put("scenario_id", s.id())
                .put("scenario_name", s.name())
                .put("modified", time(s.modifiedAt()))
                .put("parent", false);
        script.ifPresent(src -> o.put("scenario_script", src));
        return o;
    }

    static JsonArray scenarios(List<JsonObject> items) {
        JsonArray a = new JsonArray();
        items.forEach(a::add);
        return a;
    }
}
