package dev.dialtone.platform.http.turncredentials;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.BiFunction;

import dev.dialtone.platform.PlatformException;
import dev.dialtone.platform.http.ApiRoutes;
import dev.dialtone.platform.http.Reply;
import dev.dialtone.platform.sdk.TurnCredentials;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /api/v1/turn-credentials?user=…}: time-limited TURN credentials for the caller's own pages
 * (TURN REST scheme: username {@code expiry:user}, password base64(HMAC-SHA1(secret, username))),
 * in the shape of the TURN REST API draft ({@code username}, {@code password}, {@code ttl}, {@code uris})
 * plus {@code ice_servers} ready for {@code new RTCPeerConnection({iceServers})}. 404 when the node has
 * no TURN secret configured.
 */
public final class TurnCredentialsResource {
    public static final String PATH = "/api/v1/turn-credentials";

    private TurnCredentialsResource() {
    }

    /** @param issue (account id, user label) → credentials, or empty when TURN is not configured */
    public static void register(ApiRoutes routes, Clock clock, BiFunction<Long, String, Optional<TurnCredentials>> issue) {
        routes.add(HttpMethod.GET, PATH, call -> {
            String user = call.query("user").orElse("account-" + call.account().id().value());
            if (!user.matches("[A-Za-z0-9._@-]{1,100}")) {
                throw PlatformException.invalid("user", "user must be 1..100 letters, digits, '.', '_', '@' or '-'");
            }
            TurnCredentials c = issue.apply(call.account().id().value(), user).orElseThrow(() -> new PlatformException(
                    PlatformException.Kind.NOT_FOUND, null, "TURN is not configured on this node (set DIALTONE_TURN_SECRET "
                    + "and DIALTONE_TURN_URIS)"));
            JsonArray uris = new JsonArray(new ArrayList<>(c.uris()));
            return Reply.ok(new JsonObject().put("username", c.username()).put("password", c.password())
                    .put("ttl", c.ttlSeconds(clock.instant())).put("expires_at", c.expiresAt().toString()).put("uris", uris)
                    .put("ice_servers", new JsonArray().add(new JsonObject().put("urls", uris).put("username", c.username())
                            .put("credential", c.password()))));
        });
    }
}
