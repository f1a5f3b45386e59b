package dev.dialtone.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.dialtone.core.ApplicationId;
import dev.dialtone.platform.persistence.GuestAccessStore;
import dev.dialtone.platform.persistence.SdkOriginStore;
import dev.dialtone.platform.sdk.internal.AccessTokens;
import dev.dialtone.platform.sdk.internal.Guests;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.SdkTestClient;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Guest sign-up on a real node: {@code /api/v1/applications/{id}/guest-access} turns it on and off per application;
 * {@code POST /sdk/guests} (HTTPS) creates a temporary user and an access token that logs in over the web SDK
 * gateway; bad input, plain HTTP, other origins, the cap on guests and the per-source rate are refused with
 * problem+json; expired guests are swept unless logged in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestSignUpIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static TestNode node;
    private static SSLContext ssl;
    private static HttpClient https;
    private static String key;
    private static long appId;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(new BracketChecker(), SdkConfig.DEFAULT);
        ssl = TestNode.trusting(node.node().certificate().orElseThrow().certFile());
        https = node.httpsClient();
        key = node.createAccount("party");
        appId = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"rooms\"}").body()).getLong("id");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static HttpResponse<String> signUp(String body, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.httpsBaseUrl() + "/sdk/guests")).timeout(WAIT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> signUp(String displayName) throws Exception {
        return signUp(new JsonObject().put("application", "rooms.party").put("display_name", displayName).encode(), null);
    }

    private static String path() {
        return "/api/v1/applications/" + appId + "/guest-access";
    }

    @Test
    @Order(1)
    void aGuestSignsUpLogsInWithItsTokenAndIsSweptWhenItsTimeIsUp() throws Exception {
        HttpResponse<String> off = signUp("Alice");
        assertThat(off.statusCode()).as(off.body()).isEqualTo(404);
        assertThat(off.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(node.get(key, path()).statusCode()).isEqualTo(404);

        HttpResponse<String> on = node.put(key, path(), "{\"user_prefix\":\"visitor\",\"max_guests\":50}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(new JsonObject(on.body()).getLong("ttl_seconds")).isEqualTo(43_200L);
        assertThat(node.put(key, path(), "{\"user_prefix\":\"Not OK!\"}").statusCode()).isEqualTo(400);
        assertThat(node.put(key, path(), "{\"max_guests\":0}").statusCode()).isEqualTo(400);

        HttpResponse<String> r = signUp("Alice Liddell");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject guest = new JsonObject(r.body());
        String user = guest.getString("user");
        assertThat(user).matches("visitor-[a-z0-9]{10}@rooms\\.party\\.dialtone\\.local");
        assertThat(guest.getString("display_name")).isEqualTo("Alice Liddell");
        assertThat(guest.getLong("expires_in")).isPositive();

        // The token logs the guest in over the web SDK gateway, with the display name typed at sign-up.
        try (SdkTestClient c = SdkTestClient.connect(ssl, node.node().httpsPort(), null).autoPing()) {
            assertThat(c.next(WAIT).getString("name")).isEqualTo("__connectionSuccessful");
            c.send("login", user, "", new JsonObject().put("accessToken", guest.getString("access_token")));
            JsonObject f = c.next(WAIT);
            assertThat(f.getString("name")).as(f.encode()).isEqualTo("loginSuccessful");
            assertThat(f.getJsonArray("params").getString(0)).isEqualTo("Alice Liddell");
        }
        JsonArray users = new JsonObject(node.get(key, "/api/v1/applications/" + appId + "/users").body()).getJsonArray("users");
        assertThat(users).hasSize(1);
        // A guest has no password: its stored hash is none any password matches (no argon2id run at sign-up), so
        // a password login fails like a wrong one.
        assertThat(node.node().services().database().dsl()
                .fetchValue("select password_hash from app_users where name = ?", user.substring(0, user.indexOf('@'))))
                .asString().startsWith("$none$");
        try (SdkTestClient c = SdkTestClient.connect(ssl, node.node().httpsPort(), null).autoPing()) {
            assertThat(c.next(WAIT).getString("name")).isEqualTo("__connectionSuccessful");
            c.send("login", user, "$none$", new JsonObject());
            JsonObject f = c.next(WAIT);
            assertThat(f.getString("name")).as(f.encode()).isEqualTo("loginFailed");
        }

        // Thirteen hours later (a clock ahead of the node's) the sweep deletes it, unless it is logged in.
        Guests later = new Guests(node.node().services(), new GuestAccessStore(node.node().services().database().dsl()),
                new SdkOriginStore(node.node().services().database().dsl()),
                new AccessTokens(node.node().services().live(), Clock.systemUTC(), new SecureRandom(), Duration.ofHours(1),
                        Duration.ofDays(1)),
                node.node().services().live(), new SecureRandom(), Clock.offset(Clock.systemUTC(), Duration.ofHours(13)),
                "dialtone.local", List.of(), 10);
        assertThat(later.sweep((app, name) -> true)).as("a logged-in guest stays").isZero();
        assertThat(later.sweep((app, name) -> !app.equals(new ApplicationId(appId)))).isEqualTo(1);
        assertThat(new JsonObject(node.get(key, "/api/v1/applications/" + appId + "/users").body()).getJsonArray("users"))
                .isEmpty();

        assertThat(node.delete(key, path()).statusCode()).isEqualTo(204);
        assertThat(signUp("Bob").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void badRequestsAreRefusedWithProblems() throws Exception {
        long other = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"strict\"}").body()).getLong("id");
        String strict = "/api/v1/applications/" + other + "/guest-access";
        assertThat(node.put(key, strict, "{\"max_guests\":2}").statusCode()).isEqualTo(200);
        String body = new JsonObject().put("application", "strict.party").put("display_name", "Carol").encode();

        assertThat(signUp("not json", null).statusCode()).isEqualTo(400);
        assertThat(signUp("{\"application\":\"strict.party\"}", null).statusCode()).isEqualTo(400);
        assertThat(signUp("{\"application\":\"strict.party\",\"display_name\":\"  \"}", null).statusCode()).isEqualTo(400);
        assertThat(signUp("{\"application\":\"nodots\",\"display_name\":\"Carol\"}", null).statusCode()).isEqualTo(400);
        assertThat(signUp("{\"application\":\"nothere.party\",\"display_name\":\"Carol\"}", null).statusCode()).isEqualTo(404);
        assertThat(signUp("{\"application\":\"strict.party\",\"display_name\":\"" + "x".repeat(5000) + "\"}", null).statusCode())
                .as("a body past the limit").isEqualTo(413);

        // Plain HTTP never hands out credentials.
        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/sdk/guests"))
                .timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(403);

        // The application's page-origin allow-list applies to sign-up as to logins.
        assertThat(node.put(key, "/api/v1/applications/" + other + "/sdk-origins", "{\"origins\":[\"https://meet.example.com\"]}")
                .statusCode()).isEqualTo(200);
        assertThat(signUp(body, "https://evil.example.net").statusCode()).isEqualTo(403);
        assertThat(signUp(body, "https://meet.example.com").statusCode()).isEqualTo(201);
        assertThat(signUp(body, null).statusCode()).isEqualTo(201);
        // At most two guests at once.
        HttpResponse<String> full = signUp(body, null);
        assertThat(full.statusCode()).as(full.body()).isEqualTo(503);
        assertThat(new JsonObject(full.body()).getString("detail")).contains("maximum of 2 guests");

        // Another account's key cannot see or change this application's setting.
        String stranger = node.createAccount("stranger");
        assertThat(node.get(stranger, strict).statusCode()).isEqualTo(404);
        assertThat(node.put(stranger, strict, "{}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void oneSourceCannotSignUpGuestsWithoutLimit() throws Exception {
        long flood = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"flood\"}").body()).getLong("id");
        assertThat(node.put(key, "/api/v1/applications/" + flood + "/guest-access", "{\"max_guests\":1000}").statusCode())
                .isEqualTo(200);
        String body = new JsonObject().put("application", "flood.party").put("display_name", "Mallory").encode();
        // The budget is counted in fixed one-minute windows on the node's clock (the system clock here): a
        // flood that straddles a minute boundary starts over at 0 (a CI run saw 40 sign-ups and no 429).
        // The loop takes well under a second; start it at least 10 s before the next boundary.
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 50_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
        int created = 0;
        int limited = 0;
        for (int i = 0; i < 40 && limited == 0; i++) {
            int status = signUp(body, null).statusCode();
            if (status == 201) {
                created++;
            } else if (status == 429) {
                limited++;
            }
        }
        assertThat(limited).as("429 after the per-minute budget").isEqualTo(1);
        assertThat(created).isLessThanOrEqualTo(30);
    }
}
