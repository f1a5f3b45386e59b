package dev.dialtone.platform.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.http.AuthGuard;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonObject;

/** Console sessions over real HTTP: the cookie authenticates the native API; changes need the CSRF token. */
class ConsoleSessionIT {
    private static final String PASSWORD = "an-admin-password-for-tests";
    private static TestNode node;
    private static ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void start() throws Exception {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        node = TestNode.start(new BracketChecker(), ConsoleConfig.DEFAULT.withInitialAdminPassword(Optional.of(PASSWORD)));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    /** A signed-in session: its cookie (name=value) and CSRF token. */
    record Session(String cookie, String csrf, JsonObject body) {
    }

    static HttpResponse<String> signIn(String json) throws Exception {
        return node.send(node.request(null, "/console/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static Session session(String json) throws Exception {
        HttpResponse<String> r = signIn(json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        JsonObject body = new JsonObject(r.body());
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), body.getString("csrf_token"), body);
    }

    static HttpResponse<String> call(Session s, String method, String path, String json, String csrf) throws Exception {
        HttpRequest.Builder b = node.request(null, path).header("Cookie", s.cookie());
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return node.send(b.build());
    }

    @Test
    void anApiKeySignInGivesAHardenedCookieThatAuthenticatesTheNativeApi() throws Exception {
        String key = node.createAccount("cookie-owner");
        HttpResponse<String> r = signIn(new JsonObject().put("api_key", key).encode());
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("dialtone_console=").contains("; Path=/", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Secure", "Max-Age", "Expires", key);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonObject("account").getString("name")).isEqualTo("cookie-owner");
        assertThat(body.getString("signed_in_with")).isEqualTo("api_key");
        assertThat(body.getString("csrf_token")).hasSizeGreaterThan(30);

        Session s = session(new JsonObject().put("api_key", key).encode());
        HttpResponse<String> created = call(s, "POST", "/api/v1/applications", "{\"name\":\"via-cookie\"}", s.csrf());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> listed = node.get(key, "/api/v1/applications?name=via-cookie");
        assertThat(new JsonObject(listed.body()).getInteger("total")).isEqualTo(1);
        HttpResponse<String> me = call(s, "GET", "/console/session", null, null);
        assertThat(new JsonObject(me.body()).getString("csrf_token")).isEqualTo(s.csrf());
    }

    @Test
    void aCookieWithoutTheCsrfTokenCannotChangeAnything() throws Exception {
        String key = node.createAccount("csrf-target");
        Session s = session(new JsonObject().put("api_key", key).encode());
        long app = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"guarded\"}").body()).getLong("id");
        node.post(key, "/api/v1/applications/" + app + "/rules", "{\"name\":\"a\",\"pattern\":\"1\"}");
        node.post(key, "/api/v1/applications/" + app + "/rules", "{\"name\":\"b\",\"pattern\":\"2\"}");
        JsonObject rules = new JsonObject(node.get(key, "/api/v1/applications/" + app + "/rules").body());
        long a = rules.getJsonArray("rules").getJsonObject(0).getLong("id");
        long b = rules.getJsonArray("rules").getJsonObject(1).getLong("id");
        String reorder = "{\"rule_ids\":[" + b + "," + a + "],\"version\":" + rules.getLong("version") + "}";

        List<String[]> changes = List.of(
                new String[] {"POST", "/api/v1/applications", "{\"name\":\"sneaky\"}"},
                new String[] {"PATCH", "/api/v1/applications/" + app, "{\"name\":\"renamed\"}"},
                new String[] {"PUT", "/api/v1/applications/" + app + "/rules/order", reorder},
                new String[] {"DELETE", "/api/v1/applications/" + app + "/rules/" + a, null},
                new String[] {"DELETE", "/api/v1/applications/" + app, null});
        for (String csrf : new String[] {null, "", "wrong-token", s.csrf().substring(1)}) {
            for (String[] c : changes) {
                HttpResponse<String> r = call(s, c[0], c[1], c[2], csrf);
                assertThat(r.statusCode()).as(c[0] + " " + c[1] + " with CSRF " + csrf).isEqualTo(403);
                assertThat(new JsonObject(r.body()).getString("detail")).contains("X-CSRF-Token");
            }
        }
        JsonObject after = new JsonObject(node.get(key, "/api/v1/applications/" + app + "/rules").body());
        assertThat(after.getLong("version")).isEqualTo(rules.getLong("version"));
        assertThat(new JsonObject(node.get(key, "/api/v1/applications").body()).getInteger("total")).isEqualTo(1);
        assertThat(new JsonObject(node.get(key, "/api/v1/applications/" + app).body()).getString("name")).isEqualTo("guarded");
        // Reads need no token; a token from another session is refused.
        assertThat(call(s, "GET", "/api/v1/applications", null, null).statusCode()).isEqualTo(200);
        Session other = session(new JsonObject().put("api_key", key).encode());
        assertThat(call(s, "POST", "/api/v1/applications", "{\"name\":\"cross\"}", other.csrf()).statusCode()).isEqualTo(403);
        assertThat(call(s, "PUT", "/api/v1/applications/" + app + "/rules/order", reorder, s.csrf()).statusCode()).isEqualTo(200);
    }

    @Test
    void anAuthorizationHeaderWinsOverTheCookie() throws Exception {
        String key = node.createAccount("header-wins");
        Session s = session(new JsonObject().put("api_key", key).encode());
        HttpResponse<String> r = node.send(node.request("not-a-key-at-all-123", "/api/v1/applications")
                .header("Cookie", s.cookie()).GET().build());
        assertThat(r.statusCode()).isEqualTo(401);
        HttpResponse<String> bearerChange = node.send(node.request(key, "/api/v1/applications").header("Cookie", s.cookie())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"by-key\"}")).build());
        assertThat(bearerChange.statusCode()).as("a Bearer key needs no CSRF token").isEqualTo(201);
    }

    @Test
    void signOutNeedsTheTokenAndEndsTheSession() throws Exception {
        String key = node.createAccount("leaver");
        Session s = session(new JsonObject().put("api_key", key).encode());
        assertThat(call(s, "DELETE", "/console/session", null, null).statusCode()).isEqualTo(403);
        assertThat(call(s, "GET", "/api/v1/applications", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> out = call(s, "DELETE", "/console/session", null, s.csrf());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("dialtone_console=;").contains("Max-Age=0");
        HttpResponse<String> after = call(s, "GET", "/api/v1/applications", null, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(after.body()).getString("detail")).contains("sign in again");
        assertThat(call(s, "GET", "/console/session", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theAdministratorPasswordSignsInAsTheAdministratorAndItsChangeEndsThoseSessions() throws Exception {
        Session s = session(new JsonObject().put("password", PASSWORD).encode());
        assertThat(s.body().getJsonObject("account").getString("name")).isEqualTo("admin");
        assertThat(s.body().getString("signed_in_with")).isEqualTo("password");
        assertThat(call(s, "GET", "/api/v1/accounts", null, null).statusCode()).isEqualTo(200);

        JsonObject status = new JsonObject(node.get(node.adminKey(), "/api/v1/admin/password").body());
        assertThat(status.getBoolean("set")).isTrue();
        assertThat(status.encode()).doesNotContain(PASSWORD).doesNotContain("argon2");

        HttpResponse<String> weak = node.put(node.adminKey(), "/api/v1/admin/password", "{\"password\":\"short\"}");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(weak.body()).getString("field")).isEqualTo("password");
        String next = "the-next-admin-password";
        assertThat(call(s, "PUT", "/api/v1/admin/password", "{\"password\":\"" + next + "\"}", s.csrf()).statusCode())
                .isEqualTo(200);
        assertThat(call(s, "GET", "/api/v1/accounts", null, null).statusCode()).as("the old password's session ended").isEqualTo(401);
        assertThat(signIn(new JsonObject().put("password", PASSWORD).encode()).statusCode()).isEqualTo(401);
        Session again = session(new JsonObject().put("password", next).encode());
        assertThat(call(again, "DELETE", "/api/v1/admin/password", null, again.csrf()).statusCode()).isEqualTo(204);
        assertThat(signIn(new JsonObject().put("password", next).encode()).statusCode()).isEqualTo(401);
        assertThat(node.put(node.adminKey(), "/api/v1/admin/password", "{\"password\":\"" + PASSWORD + "\"}").statusCode())
                .isEqualTo(200);

        String other = node.createAccount("not-the-admin");
        assertThat(node.put(other, "/api/v1/admin/password", "{\"password\":\"a-password-of-mine\"}").statusCode()).isEqualTo(403);
        assertThat(node.get(other, "/api/v1/admin/password").statusCode()).isEqualTo(403);
    }

    @Test
    void scenarioVersionsRecordWhoUploadedThem() throws Exception {
        String key = node.createAccount("authors");
        long app = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"authored\"}").body()).getLong("id");
        String base = "/api/v1/applications/" + app + "/scenarios";
        long id = new JsonObject(node.post(key, base, "{\"name\":\"s\",\"source\":\"1;\"}").body()).getLong("id");
        Session s = session(new JsonObject().put("api_key", key).encode());
        assertThat(call(s, "POST", base + "/" + id + "/versions", "{\"source\":\"2;\"}", s.csrf()).statusCode()).isEqualTo(201);
        var versions = new JsonObject(node.get(key, base + "/" + id + "/versions").body()).getJsonArray("versions");
        assertThat(versions.getJsonObject(0).getString("created_by")).isEqualTo("authors (API key)");
        assertThat(versions.getJsonObject(1).getString("created_by")).isEqualTo("authors (console, API key)");
    }

    @Test
    void badSignInsAreRefusedClearly() throws Exception {
        assertThat(signIn("{}").statusCode()).isEqualTo(400);
        assertThat(signIn("{\"api_key\":\"a\",\"password\":\"b\"}").statusCode()).isEqualTo(400);
        assertThat(signIn("{\"token\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(signIn("not json").statusCode()).isEqualTo(400);
        HttpResponse<String> form = node.send(node.request(null, "/console/session")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=x")).build());
        assertThat(form.statusCode()).as("a cross-site form post").isEqualTo(400);
        assertThat(signIn("{\"api_key\":\"x\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> forged = node.send(node.request(null, "/api/v1/applications")
                .header("Cookie", "dialtone_console=forged").GET().build());
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void theConsoleIsServedWithSecurityHeadersAndOnlyItsOwnFiles() throws Exception {
        HttpResponse<String> root = node.get(null, "/console");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> index = node.get(null, "/console/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'").doesNotContain("unsafe");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(index.body()).contains("<main").doesNotContain("<script>").doesNotContain("style=");
        HttpResponse<String> js = node.get(null, "/console/js/main.js");
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertThat(node.send(node.request(null, "/console/js/main.js").header("If-None-Match", etag).GET().build()).statusCode())
                .isEqualTo(304);
        for (String probe : new String[] {"/console/../pom.xml", "/console/%2e%2e/logback.xml", "/console/logback.xml",
                "/console/db/migration/V1__initial_schema.sql", "/console/js/missing.js", "/console/dev/dialtone/platform/Main.class"}) {
            assertThat(node.get(null, probe).statusCode()).as(probe).isIn(400, 404);
        }
        assertThat(node.get(null, "/console/session").statusCode()).isEqualTo(401);
    }

    @Test
    void wrongCredentialsAreRateLimitedPerAddressAndWrongPasswordsNodeWide() throws Exception {
        ConsoleConfig strict = new ConsoleConfig(ConsoleConfig.DEFAULT_IDLE_TIMEOUT, ConsoleConfig.DEFAULT_MAX_LIFETIME, 3,
                Optional.of(PASSWORD));
        try (TestNode limited = TestNode.start(new BracketChecker(), strict)) {
            for (int i = 0; i < 3; i++) {
                assertThat(post(limited, "{\"password\":\"guess-number-" + i + "\"}").statusCode()).isEqualTo(401);
            }
            assertThat(post(limited, "{\"password\":\"" + PASSWORD + "\"}").statusCode()).as("even the right password waits")
                    .isEqualTo(429);
            assertThat(post(limited, "{\"api_key\":\"" + limited.adminKey() + "\"}").statusCode())
                    .as("API key sign-in is not affected").isEqualTo(200);
            // The 3 wrong passwords also counted against this address; wrong keys bring it to the per-address limit.
            int failures = 3;
            int refusedAt = -1;
            for (int i = 0; i < 2 * AuthGuard.FAILURES_PER_MINUTE && refusedAt < 0; i++) {
                int status = post(limited, "{\"api_key\":\"wrong-key-" + i + "\"}").statusCode();
                if (status == 429) {
                    refusedAt = failures;
                } else {
                    assertThat(status).isEqualTo(401);
                    failures++;
                }
            }
            // A fixed one-minute window: normally refused at exactly the limit, later if the minute turned meanwhile.
            assertThat(refusedAt).isBetween(AuthGuard.FAILURES_PER_MINUTE, 2 * AuthGuard.FAILURES_PER_MINUTE);
            assertThat(limited.get(limited.adminKey(), "/api/v1/applications").statusCode())
                    .as("the same address is also limited on the API").isEqualTo(429);
        }
    }

    private static HttpResponse<String> post(TestNode n, String json) throws Exception {
        return n.send(n.request(null, "/console/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void noSecretReachesTheLog() throws Exception {
        String key = node.createAccount("log-check");
        Session s = session(new JsonObject().put("api_key", key).encode());
        Session admin = session(new JsonObject().put("password", PASSWORD).encode());
        signIn(new JsonObject().put("password", "a-wrong-password-guess").encode());
        call(s, "DELETE", "/console/session", null, s.csrf());
        String token = s.cookie().substring(s.cookie().indexOf('=') + 1);
        String adminToken = admin.cookie().substring(admin.cookie().indexOf('=') + 1);
        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("console sign-in: account 'log-check'"));
        for (String secret : new String[] {key, token, s.csrf(), adminToken, admin.csrf(), PASSWORD, "a-wrong-password-guess"}) {
            assertThat(lines).noneMatch(l -> l.contains(secret));
        }
    }
}
