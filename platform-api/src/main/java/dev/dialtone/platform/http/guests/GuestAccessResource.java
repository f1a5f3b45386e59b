package dev.dialtone.platform.http.guests;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.persistence.GuestAccessStore;
import dev.dialtone.platform.service.ApplicationService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * {@code /api/v1/applications/{application_id}/guest-access}: whether anyone who can reach the node may create a
 * short-lived web SDK user of the application with only a display name ({@code POST /sdk/guests}, e.g. the
 * videoconf sample's join page). Off until {@code PUT}; {@code DELETE} turns it off again (existing guests stay
 * until they expire).
 */
public final class GuestAccessResource {
    public static final String PATH = "/api/v1/applications/{application_id}/guest-access";
    public static final String DEFAULT_PREFIX = "guest";
    public static final int DEFAULT_MAX_GUESTS = 100;
    public static final int MAX_MAX_GUESTS = 10_000;
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);
    public static final Duration MIN_TTL = Duration.ofMinutes(5);
    public static final Duration MAX_TTL = Duration.ofDays(7);
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,15}");

    private GuestAccessResource() {
    }

    public static void register(ApiRoutes routes, ApplicationService apps, GuestAccessStore store) {
        routes.add(HttpMethod.GET, PATH, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            return Reply.ok(view(store.find(app).orElseThrow(() -> new PlatformException(PlatformException.Kind.NOT_FOUND, null,
                    "guest sign-up is off for application " + app.value() + ": PUT " + PATH + " turns it on"))));
        });
        routes.add(HttpMethod.PUT, PATH, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            JsonInput in = call.json();
            String prefix = in.optString("user_prefix").orElse(DEFAULT_PREFIX);
            if (!PREFIX.matcher(prefix).matches()) {
                throw PlatformException.invalid("user_prefix", "user_prefix is 1-16 characters, a-z and 0-9, starting with a letter");
            }
            int max = in.optInt("max_guests", 1, MAX_MAX_GUESTS).orElse(DEFAULT_MAX_GUESTS);
            int ttl = in.optInt("ttl_seconds", (int) MIN_TTL.toSeconds(), (int) MAX_TTL.toSeconds())
                    .orElse((int) DEFAULT_TTL.toSeconds());
            in.done();
            GuestAccessStore.Settings s = new GuestAccessStore.Settings(app, prefix, max, Duration.ofSeconds(ttl));
            store.put(s);
            return Reply.ok(view(s));
        });
        routes.add(HttpMethod.DELETE, PATH, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            store.delete(app);
            return Reply.noContent();
        });
    }

    private static JsonObject view(GuestAccessStore.Settings s) {
        return new JsonObject().put("user_prefix", s.userPrefix()).put("max_guests", s.maxGuests())
                .put("ttl_seconds", s.ttl().toSeconds()).put("sign_up_url", "/sdk/guests");
    }
}
