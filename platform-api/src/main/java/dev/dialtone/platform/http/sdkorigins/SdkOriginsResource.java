package dev.dialtone.platform.http.sdkorigins;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.JsonInput;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.persistence.SdkOriginStore;
import dev.dialtone.platform.service.ApplicationService;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code /api/v1/applications/{application_id}/sdk-origins}: the page origins allowed to log in to the
 * application through the web SDK gateway. An empty list (the default) allows any origin, as the
 * original platform does; a non-empty list refuses logins from pages of other origins (403). Clients
 * that send no {@code Origin} header (not browsers) are not affected.
 */
public final class SdkOriginsResource {
    public static final String PATH = "/api/v1/applications/{application_id}/sdk-origins";
    public static final int MAX_ORIGINS = 50;

    private SdkOriginsResource() {
    }

    public static void register(ApiRoutes routes, ApplicationService apps, SdkOriginStore store) {
        routes.add(HttpMethod.GET, PATH, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            return Reply.ok(view(store.list(app)));
        });
        routes.add(HttpMethod.PUT, PATH, call -> {
            ApplicationId app = apps.get(call.account(), call.applicationId()).id();
            JsonInput in = call.json();
            List<String> given = in.optStringList("origins")
                    .orElseThrow(() -> PlatformException.invalid("origins", "origins is required: an array of origins such as "
                            + "\"https://app.example.com\" (empty: any origin)"));
            in.done();
            if (given.size() > MAX_ORIGINS) {
                throw PlatformException.invalid("origins", "at most " + MAX_ORIGINS + " origins; got " + given.size());
            }
            List<String> origins = new ArrayList<>();
            for (String o : given) {
                String n = normalize(o);
                if (!origins.contains(n)) {
                    origins.add(n);
                }
            }
            store.replace(app, origins);
            return Reply.ok(view(store.list(app)));
        });
    }

    /** {@code scheme://host[:port]} in lower case, as browsers send it in {@code Origin}. */
    static String normalize(String raw) throws PlatformException {
        String problem = "'" + (raw.length() > 80 ? raw.substring(0, 80) + "…" : raw)
                + "' is not an origin: write scheme://host[:port] with no path, e.g. https://app.example.com";
        if (raw.length() > 255) {
            throw PlatformException.invalid("origins", problem);
        }
        URI u;
        try {
            u = new URI(raw);
        } catch (Exception e) {
            throw PlatformException.invalid("origins", problem);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getRawUserInfo() != null
                || (u.getRawPath() != null && !u.getRawPath().isEmpty()) || u.getRawQuery() != null || u.getRawFragment() != null) {
            throw PlatformException.invalid("origins", problem);
        }
        String host = u.getHost().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private static JsonObject view(List<String> origins) {
        return new JsonObject().put("origins", new JsonArray(new ArrayList<>(origins)));
    }
}
