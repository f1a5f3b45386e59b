package dev.dialtone.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.SdkTestClient;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The web SDK gateway on a real node over real wss: connection life, logins, tokens, keys, limits, TURN, DelUser. */
class SdkGatewayIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TURN_SECRET = "it-turn-secret-0123456789";
    private static final String PASSWORD = "correct horse battery";

    private static TestNode node;
    private static SSLContext ssl;
    private static String accountKey;
    private static long appId;

    @BeforeAll
    static void start() throws Exception {
        SdkConfig sdk = SdkConfig.DEFAULT.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(4))
                .withFailureLimits(3, Duration.ofMinutes(15), 1000)
                .withFrameLimits(8192, 20, 40)
                .withIce(Optional.of(TURN_SECRET), List.of("turn:127.0.0.1:3478?transport=udp", "stun:127.0.0.1:3478"),
                        Duration.ofHours(1));
        node = TestNode.start(new BracketChecker(), sdk);
        ssl = TestNode.trusting(node.node().certificate().orElseThrow().certFile());
        accountKey = node.createAccount("acme");
        appId = new JsonObject(node.post(accountKey, "/api/v1/applications", "{\"name\":\"conf\"}").body()).getLong("id");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static long createUser(String name) throws Exception {
        HttpResponse<String> r = node.post(accountKey, "/api/v1/applications/" + appId + "/users", new JsonObject()
                .put("name", name).put("display_name", "User " + name).put("password", PASSWORD).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getLong("id");
    }

    private static String full(String user) {
        return user + "@conf.acme.dialtone.local";
    }

    private static SdkTestClient connect() throws Exception {
        return connect(null);
    }

    private static SdkTestClient connect(String origin) throws Exception {
        SdkTestClient c = SdkTestClient.connect(ssl, node.node().httpsPort(), origin).autoPing();
        assertThat(c.next(WAIT).getString("name")).isEqualTo("__connectionSuccessful");
        return c;
    }

    private static JsonArray login(SdkTestClient c, String user, String password) throws Exception {
        c.send("login", full(user), password, new JsonObject());
        JsonObject f = c.next(WAIT);
        assertThat(f.getString("name")).isIn("loginSuccessful", "loginFailed");
        return f.getJsonArray("params").add(0, f.getString("name"));
    }

    @Test
    void plainHttpIsRefusedWith426() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", node.node().httpPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /platform?version=3 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder response = new StringBuilder();
            byte[] buf = new byte[512];
            for (int n; response.indexOf("wss://") < 0 && (n = socket.getInputStream().read(buf)) > 0; ) {
                response.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            assertThat(response.toString()).startsWith("HTTP/1.1 426").contains("wss://");
        }
    }

    @Test
    void connectionIsAcceptedAndPingsAreAnswered() throws Exception {
        try (SdkTestClient c = SdkTestClient.connect(ssl, node.node().httpsPort(), null)) {
            assertThat(c.next(WAIT).encode()).isEqualTo("{\"name\":\"__connectionSuccessful\",\"params\":[]}");
            c.send("__ping", new JsonArray());
            JsonObject pong = c.next("__pong", WAIT);
            assertThat(pong.getJsonArray("params")).isEmpty();
        }
    }

    @Test
    void passwordLoginAnswersDisplayNameTokensAndIceConfigWithTurnCredentials() throws Exception {
        createUser("alice");
        try (SdkTestClient c = connect()) {
            assertThat(login(c, "alice", "wrong password")).containsExactly("loginFailed", 401);
            JsonArray ok = login(c, "alice", PASSWORD);
            assertThat(ok.getString(0)).isEqualTo("loginSuccessful");
            assertThat(ok.getString(1)).isEqualTo("User alice");
            JsonObject details = ok.getJsonObject(2);
            assertThat(details.getString("connectionId")).isNotBlank();
            JsonObject oauth = details.getJsonObject("OAuth");
            assertThat(oauth.getString("accessToken")).hasSize(43);
            assertThat(oauth.getString("refreshToken")).hasSize(43).isNotEqualTo(oauth.getString("accessToken"));
            assertThat(oauth.getLong("accessExpire")).isEqualTo(SdkConfig.DEFAULT_ACCESS_TOKEN_TTL.toSeconds());
            JsonArray servers = details.getJsonObject("iceConfig").getJsonArray("iceServers");
            JsonObject turn = servers.getJsonObject(0);
            assertThat(turn.getJsonArray("urls").getList()).containsExactly("turn:127.0.0.1:3478?transport=udp");
            String username = turn.getString("username");
            assertThat(username).matches("\\d+:alice@" + appId);
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            assertThat(expiry - System.currentTimeMillis() / 1000).isBetween(3500L, 3601L);
            assertThat(turn.getString("credential")).isEqualTo(hmacSha1Base64(TURN_SECRET, username));
            assertThat(servers.getJsonObject(1).getJsonArray("urls").getList()).containsExactly("stun:127.0.0.1:3478");
            assertThat(node.node().sdkGateway().online()).anySatisfy(u -> {
                assertThat(u.user()).isEqualTo("alice");
                assertThat(u.displayName()).isEqualTo("User alice");
            });
            // a second login on a logged-in connection is an invalid state
            assertThat(login(c, "alice", PASSWORD)).containsExactly("loginFailed", 491);
        }
    }

    @Test
    void unknownUsersApplicationsAndMalformedNamesAnswer404() throws Exception {
        try (SdkTestClient c = connect()) {
            assertThat(login(c, "nobody", PASSWORD)).containsExactly("loginFailed", 404);
            c.send("login", "alice@nope.acme.dialtone.local", PASSWORD, new JsonObject());
            assertThat(c.next(WAIT).getJsonArray("params").getInteger(0)).isEqualTo(404);
            c.send("login", "alice", PASSWORD, new JsonObject());
            assertThat(c.next(WAIT).getJsonArray("params").getInteger(0)).isEqualTo(404);
        }
    }

    @Test
    void accessTokenLogsInAndRefreshTokenIsSingleUse() throws Exception {
        createUser("tokyo");
        JsonObject oauth;
        try (SdkTestClient c = connect()) {
            oauth = login(c, "tokyo", PASSWORD).getJsonObject(2).getJsonObject("OAuth");
        }
        try (SdkTestClient c = connect()) {
            c.send("login", full("tokyo"), "", new JsonObject().put("serverPresenceControl", false)
                    .put("accessToken", "not-a-token"));
            assertThat(c.next(WAIT).getJsonArray("params").getList()).containsExactly(401);
            c.send("login", full("tokyo"), "", new JsonObject().put("serverPresenceControl", false)
                    .put("accessToken", oauth.getString("accessToken")));
            JsonObject ok = c.next(WAIT);
            assertThat(ok.getString("name")).isEqualTo("loginSuccessful");
        }
        try (SdkTestClient c = connect()) {
            c.send("refreshOauthToken", full("tokyo"), oauth.getString("refreshToken"));
            JsonObject refreshed = c.next(WAIT);
            assertThat(refreshed.getString("name")).isEqualTo("refreshOauthTokenSuccessful");
            JsonObject fresh = refreshed.getJsonArray("params").getJsonObject(0).getJsonObject("OAuth");
            assertThat(fresh.getString("accessToken")).isNotEqualTo(oauth.getString("accessToken"));
            c.send("refreshOauthToken", full("tokyo"), new JsonObject().put("refreshToken", oauth.getString("refreshToken")));
            JsonObject replay = c.next(WAIT);
            assertThat(replay.getString("name")).isEqualTo("refreshOauthTokenFailed");
            assertThat(replay.getJsonArray("params").getList()).containsExactly(401);
            // the new access token works; another user's name with it does not
            c.send("login", full("alice"), "", new JsonObject().put("accessToken", fresh.getString("accessToken")));
            assertThat(c.next(WAIT).getString("name")).isEqualTo("loginFailed");
            c.send("login", full("tokyo"), "", new JsonObject().put("accessToken", fresh.getString("accessToken")));
            assertThat(c.next(WAIT).getString("name")).isEqualTo("loginSuccessful");
        }
    }

    @Test
    void tokensIssuedBeforeAPasswordChangeAreRefused() throws Exception {
        long id = createUser("pwchange");
        JsonObject oauth;
        try (SdkTestClient c = connect()) {
            oauth = login(c, "pwchange", PASSWORD).getJsonObject(2).getJsonObject("OAuth");
        }
        assertThat(node.patch(accountKey, "/api/v1/applications/" + appId + "/users/" + id,
                "{\"password\":\"a brand new password\"}").statusCode()).isEqualTo(200);
        try (SdkTestClient c = connect()) {
            c.send("login", full("pwchange"), "", new JsonObject().put("accessToken", oauth.getString("accessToken")));
            assertThat(c.next(WAIT).getJsonArray("params").getList()).containsExactly(401);
        }
    }

    @Test
    void oneTimeKeyLoginWithTheOriginalsHashSchemeIsSingleUse() throws Exception {
        createUser("otkuser");
        try (SdkTestClient c = connect()) {
            c.send("loginGenerateOneTimeKey", full("otkuser"));
            JsonArray keyAnswer = c.next(WAIT).getJsonArray("params");
            assertThat(keyAnswer.getInteger(0)).isEqualTo(302);
            String key = keyAnswer.getString(1);
            assertThat(key).matches("[0-9a-f]{32}");
            // computed here from the documented formula, independently of the server's code
            String hash = md5(key + "|" + md5("otkuser:voximplant.com:" + PASSWORD));
            c.send("loginUsingOneTimeKey", full("otkuser"), hash, new JsonObject().put("serverPresenceControl", false));
            JsonObject ok = c.next(WAIT);
            assertThat(ok.getString("name")).isEqualTo("loginSuccessful");
        }
        try (SdkTestClient c = connect()) {
            c.send("loginGenerateOneTimeKey", full("otkuser"));
            String key = c.next(WAIT).getJsonArray("params").getString(1);
            String good = md5(key + "|" + md5("otkuser:voximplant.com:" + PASSWORD));
            c.send("loginUsingOneTimeKey", full("otkuser"), md5("wrong"), new JsonObject());
            assertThat(c.next(WAIT).getJsonArray("params").getList()).containsExactly(401);
            // the wrong attempt used the key up: the right hash for it is refused too (replay)
            c.send("loginUsingOneTimeKey", full("otkuser"), good, new JsonObject());
            assertThat(c.next(WAIT).getJsonArray("params").getList()).containsExactly(401);
        }
    }

    @Test
    void wrongPasswordsAreThrottledPerUser() throws Exception {
        createUser("guessme");
        try (SdkTestClient c = connect()) {
            for (int i = 0; i < 3; i++) {
                assertThat(login(c, "guessme", "wrong " + i)).containsExactly("loginFailed", 401);
            }
            assertThat(login(c, "guessme", PASSWORD)).containsExactly("loginFailed", 429);
        }
    }

    @Test
    void malformedFramesAreAnsweredAndTheConnectionLives() throws Exception {
        try (SdkTestClient c = connect()) {
            c.sendRaw("this is not json");
            JsonObject err = c.next(WAIT);
            assertThat(err.getString("name")).isEqualTo("__error");
            assertThat(err.getJsonArray("params").getInteger(0)).isEqualTo(400);
            c.sendRaw("{\"name\":\"login\",\"params\":[42]}");
            assertThat(c.next(WAIT).getString("name")).isEqualTo("__error");
            assertThat(c.next(WAIT).encode()).isEqualTo("{\"name\":\"loginFailed\",\"params\":[400]}");
            c.send("createCall", -1, "joinconf", true, "call-1", null, null, new JsonObject(), "", "v=0", new JsonObject());
            assertThat(c.next(WAIT).getJsonArray("params").getInteger(0)).isEqualTo(401);
            JsonObject failed = c.next(WAIT);
            assertThat(failed.getString("name")).isEqualTo("handleConnectionFailed");
            assertThat(failed.getJsonArray("params").getString(0)).isEqualTo("call-1");
            c.send("__ping", new JsonArray());
            c.next("__pong", WAIT);
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void oversizedFrameClosesWith1009() throws Exception {
        try (SdkTestClient c = connect()) {
            c.sendRaw("{\"name\":\"x\",\"params\":[\"" + "a".repeat(9000) + "\"]}");
            assertThat(c.closeCode(WAIT)).isEqualTo(1009);
        }
    }

    @Test
    void frameFloodClosesWith1008() throws Exception {
        try (SdkTestClient c = connect()) {
            for (int i = 0; i < 60 && !c.isClosed(); i++) {
                c.sendRaw("{\"name\":\"__ping\",\"params\":[[]]}");
            }
            assertThat(c.closeCode(WAIT)).isEqualTo(1008);
        }
    }

    @Test
    void silentConnectionsAndConnectionsThatNeverLogInAreClosedByTheServer() throws Exception {
        try (SdkTestClient silent = SdkTestClient.connect(ssl, node.node().httpsPort(), null);
             SdkTestClient lurker = connect()) {
            long t0 = System.nanoTime();
            assertThat(silent.closeCode(WAIT)).isEqualTo(1001);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
            assertThat(lurker.closeCode(WAIT)).isEqualTo(1001);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(3500));
        }
    }

    @Test
    void originAllowListIsPerApplication() throws Exception {
        createUser("origins");
        HttpResponse<String> bad = node.put(accountKey, "/api/v1/applications/" + appId + "/sdk-origins",
                "{\"origins\":[\"https://good.example/path\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> put = node.put(accountKey, "/api/v1/applications/" + appId + "/sdk-origins",
                "{\"origins\":[\"HTTPS://Good.Example:443\"]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(new JsonObject(put.body()).getJsonArray("origins").getList()).containsExactly("https://good.example");
        try {
            try (SdkTestClient c = connect("https://evil.example")) {
                assertThat(login(c, "origins", PASSWORD)).containsExactly("loginFailed", 403);
            }
            try (SdkTestClient c = connect("https://good.example")) {
                assertThat(login(c, "origins", PASSWORD).getString(0)).isEqualTo("loginSuccessful");
            }
            try (SdkTestClient c = connect()) {
                assertThat(login(c, "origins", PASSWORD).getString(0)).as("non-browser clients send no Origin")
                        .isEqualTo("loginSuccessful");
            }
        } finally {
            node.put(accountKey, "/api/v1/applications/" + appId + "/sdk-origins", "{\"origins\":[]}");
        }
        String other = node.createAccount("other");
        assertThat(node.get(other, "/api/v1/applications/" + appId + "/sdk-origins").statusCode()).isEqualTo(404);
    }

    @Test
    void deletingAUserEndsItsLiveConnections() throws Exception {
        long id = createUser("doomed");
        try (SdkTestClient c = connect()) {
            assertThat(login(c, "doomed", PASSWORD).getString(0)).isEqualTo("loginSuccessful");
            assertThat(node.delete(accountKey, "/api/v1/applications/" + appId + "/users/" + id).statusCode()).isEqualTo(204);
            assertThat(c.closeCode(WAIT)).isEqualTo(1008);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.node().sdkGateway().online().stream().anyMatch(u -> u.user().equals("doomed")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(node.node().sdkGateway().online()).noneMatch(u -> u.user().equals("doomed"));
    }

    @Test
    void turnCredentialsEndpointHandsOutRestCredentials() throws Exception {
        HttpResponse<String> r = node.get(accountKey, "/api/v1/turn-credentials?user=page-7");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("username")).matches("\\d+:page-7");
        assertThat(body.getString("password")).isEqualTo(hmacSha1Base64(TURN_SECRET, body.getString("username")));
        assertThat(body.getLong("ttl")).isBetween(3590L, 3600L);
        assertThat(body.getJsonArray("uris").getList()).contains("turn:127.0.0.1:3478?transport=udp");
        assertThat(node.get(null, "/api/v1/turn-credentials").statusCode()).isEqualTo(401);
        assertThat(node.get(accountKey, "/api/v1/turn-credentials?user=a:b").statusCode()).isEqualTo(400);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hmacSha1Base64(String secret, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }
}
