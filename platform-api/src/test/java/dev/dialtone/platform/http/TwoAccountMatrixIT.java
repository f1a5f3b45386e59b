package dev.dialtone.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonObject;

/**
 * Two accounts try each other's resources on every route that takes an id: always 404, never the
 * other account's data, and nothing changes. Also checks that no API key or password reaches the log.
 */
class TwoAccountMatrixIT {
    private static final String USER_PASSWORD = "Matrix-User-Passw0rd";
    private static final String TRUNK_PASSWORD = "Matrix-Trunk-Secret";
    private static ListAppender<ILoggingEvent> logs;
    private static TestNode node;
    private static Owned alice;
    private static Owned bob;

    /** One account's key and the ids of one of each of its resources. */
    record Owned(String key, long account, long app, long scenario, long rule, long user, long number, long trunk) {
    }

    @BeforeAll
    static void start() throws Exception {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        node = TestNode.start(new BracketChecker());
        alice = populate("alice-acct", "+15550001");
        bob = populate("bob-acct", "+15550002");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    private static long id(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getLong("id");
    }

    private static Owned populate(String name, String number) throws Exception {
        String key = node.createAccount(name);
        long account = new JsonObject(node.get(key, "/api/v1/accounts").body()).getJsonArray("accounts").getJsonObject(0).getLong("id");
        long app = id(node.post(key, "/api/v1/applications", "{\"name\":\"app\"}"));
        String a = "/api/v1/applications/" + app;
        long scenario = id(node.post(key, a + "/scenarios", "{\"name\":\"s\",\"source\":\"x();\"}"));
        long rule = id(node.post(key, a + "/rules", "{\"name\":\"r\",\"pattern\":\".*\",\"scenario_ids\":[" + scenario + "]}"));
        long user = id(node.post(key, a + "/users", "{\"name\":\"user" + account + "\",\"password\":\"" + USER_PASSWORD + "\"}"));
        long num = id(node.post(key, "/api/v1/phone-numbers", "{\"number\":\"" + number + "\",\"application_id\":" + app + "}"));
        long trunk = id(node.post(key, "/api/v1/sip-trunks", "{\"name\":\"t\",\"host\":\"sip.example.org\",\"username\":\"u\","
                + "\"password\":\"" + TRUNK_PASSWORD + "\"}"));
        return new Owned(key, account, app, scenario, rule, user, num, trunk);
    }

    /** Every route with an id of {@code victim}'s, with a harmless valid body where one is needed. */
    private static List<String[]> attacks(Owned victim, Owned attacker) {
        String a = "/api/v1/applications/" + victim.app;
        String s = a + "/scenarios/" + victim.scenario;
        String r = a + "/rules/" + victim.rule;
        String u = a + "/users/" + victim.user;
        List<String[]> list = new ArrayList<>();
        list.add(new String[] {"GET", "/api/v1/accounts/" + victim.account, null});
        list.add(new String[] {"DELETE", "/api/v1/accounts/" + victim.account, null});
        list.add(new String[] {"GET", a, null});
        list.add(new String[] {"PATCH", a, "{\"name\":\"stolen\"}"});
        list.add(new String[] {"DELETE", a, null});
        list.add(new String[] {"GET", a + "/scenarios", null});
        list.add(new String[] {"POST", a + "/scenarios", "{\"name\":\"evil\",\"source\":\"x();\"}"});
        list.add(new String[] {"GET", s, null});
        list.add(new String[] {"PATCH", s, "{\"name\":\"stolen\"}"});
        list.add(new String[] {"DELETE", s, null});
        list.add(new String[] {"GET", s + "/versions", null});
        list.add(new String[] {"POST", s + "/versions", "{\"source\":\"evil();\"}"});
        list.add(new String[] {"GET", s + "/versions/1", null});
        list.add(new String[] {"PUT", s + "/active-version", "{\"version\":1}"});
        list.add(new String[] {"POST", s + "/rollback", null});
        list.add(new String[] {"GET", a + "/rules", null});
        list.add(new String[] {"POST", a + "/rules", "{\"name\":\"evil\",\"pattern\":\"1\"}"});
        list.add(new String[] {"GET", r, null});
        list.add(new String[] {"PATCH", r, "{\"pattern\":\"2\",\"version\":1}"});
        list.add(new String[] {"DELETE", r, null});
        list.add(new String[] {"PUT", a + "/rules/order", "{\"rule_ids\":[" + victim.rule + "],\"version\":1}"});
        list.add(new String[] {"GET", a + "/rules:match?dialed=123", null});
        list.add(new String[] {"GET", a + "/users", null});
        list.add(new String[] {"POST", a + "/users", "{\"name\":\"evil\",\"password\":\"long-enough-pw\"}"});
        list.add(new String[] {"GET", u, null});
        list.add(new String[] {"PATCH", u, "{\"display_name\":\"stolen\"}"});
        list.add(new String[] {"DELETE", u, null});
        list.add(new String[] {"GET", "/api/v1/phone-numbers/" + victim.number, null});
        list.add(new String[] {"PATCH", "/api/v1/phone-numbers/" + victim.number, "{\"application_id\":" + attacker.app + "}"});
        list.add(new String[] {"DELETE", "/api/v1/phone-numbers/" + victim.number, null});
        list.add(new String[] {"POST", "/api/v1/phone-numbers", "{\"number\":\"+15559999\",\"application_id\":" + victim.app + "}"});
        list.add(new String[] {"GET", "/api/v1/sip-trunks/" + victim.trunk, null});
        list.add(new String[] {"PATCH", "/api/v1/sip-trunks/" + victim.trunk, "{\"port\":1}"});
        list.add(new String[] {"DELETE", "/api/v1/sip-trunks/" + victim.trunk, null});
        return list;
    }

    @Test
    void eachAccountGets404ForEveryResourceOfTheOther() throws Exception {
        for (Owned[] pair : new Owned[][] {{alice, bob}, {bob, alice}}) {
            Owned victim = pair[0];
            Owned attacker = pair[1];
            for (String[] attack : attacks(victim, attacker)) {
                HttpRequest.Builder b = node.request(attacker.key, attack[1]);
                b = attack[2] == null ? b.method(attack[0], HttpRequest.BodyPublishers.noBody())
                        : b.header("Content-Type", "application/json").method(attack[0], HttpRequest.BodyPublishers.ofString(attack[2]));
                HttpResponse<String> r = node.send(b.build());
                assertThat(r.statusCode()).as(attack[0] + " " + attack[1] + " -> " + r.body()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("sip.example.org").doesNotContain("\"pattern\"");
            }
        }
        for (Owned o : new Owned[] {alice, bob}) {
            String a = "/api/v1/applications/" + o.app;
            assertThat(new JsonObject(node.get(o.key, a).body()).getString("name")).isEqualTo("app");
            assertThat(new JsonObject(node.get(o.key, a + "/scenarios/" + o.scenario).body()).getInteger("latest_version")).isEqualTo(1);
            assertThat(new JsonObject(node.get(o.key, a + "/rules").body()).getJsonArray("rules")).hasSize(1);
            assertThat(new JsonObject(node.get(o.key, a + "/users").body()).getJsonArray("users")).hasSize(1);
            assertThat(new JsonObject(node.get(o.key, "/api/v1/phone-numbers/" + o.number).body()).getLong("application_id"))
                    .isEqualTo(o.app);
            assertThat(new JsonObject(node.get(o.key, "/api/v1/sip-trunks/" + o.trunk).body()).getInteger("port")).isEqualTo(5060);
        }
    }

    @Test
    void compatibleFaceKeepsAccountsApartToo() throws Exception {
        String q = "account_id=" + bob.account + "&api_key=" + URLEncoder.encode(bob.key, StandardCharsets.UTF_8);
        for (String call : new String[] {"GetRules?application_id=" + alice.app, "GetUsers?application_id=" + alice.app,
                "GetScenarios?scenario_id=" + alice.scenario + "&with_script=true", "DelRule?rule_id=" + alice.rule,
                "SetRuleInfo?rule_id=" + alice.rule + "&rule_name=stolen", "DelUser?user_id=" + alice.user,
                "DelScenario?scenario_id=" + alice.scenario, "DelApplication?application_id=" + alice.app,
                "SetScenarioInfo?scenario_id=" + alice.scenario + "&scenario_name=stolen"}) {
            HttpResponse<String> r = node.get(null, "/platform_api/" + call + (call.contains("?") ? "&" : "?") + q);
            JsonObject body = new JsonObject(r.body());
            boolean emptyList = body.containsKey("result") && body.getValue("result") instanceof io.vertx.core.json.JsonArray a && a.isEmpty();
            assertThat(body.containsKey("error") || emptyList).as(call + " -> " + r.body()).isTrue();
            assertThat(r.body()).doesNotContain("x();");
        }
        HttpResponse<String> mixed = node.get(null, "/platform_api/GetApplications?account_id=" + alice.account + "&api_key="
                + URLEncoder.encode(bob.key, StandardCharsets.UTF_8));
        assertThat(mixed.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(node.get(alice.key, "/api/v1/applications/" + alice.app + "/rules").body())
                .getJsonArray("rules").getJsonObject(0).getString("name")).isEqualTo("r");
    }

    @Test
    void noApiKeyOrPasswordIsEverLogged() throws Exception {
        node.get("dt_definitely-wrong-key-123456", "/api/v1/applications");
        node.get(null, "/platform_api/GetApplications?account_name=alice-acct&api_key=" + URLEncoder.encode(alice.key, StandardCharsets.UTF_8));
        node.post(alice.key, "/api/v1/applications/" + alice.app + "/users", "{\"name\":\"bad user\",\"password\":\"" + USER_PASSWORD + "\"}");
        node.post(alice.key, "/api/v1/applications/" + alice.app + "/users", "{\"name\":\"x\",\"password\":\"" + USER_PASSWORD + "\", ");
        List<String> secrets = List.of(alice.key, bob.key, TestNode.ADMIN_KEY, USER_PASSWORD, TRUNK_PASSWORD,
                "dt_definitely-wrong-key-123456");
        assertThat(logs.list).as("the test captured the node's log").isNotEmpty();
        for (ILoggingEvent e : new ArrayList<>(logs.list)) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))
                    + e.getMDCPropertyMap();
            for (String secret : secrets) {
                assertThat(text).as("log line from " + e.getLoggerName()).doesNotContain(secret);
            }
        }
    }
}
