package dev.dialtone.platform.http.platformapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The Voximplant-compatible face against a real node: a script written for the original works here. */
class PlatformApiIT {
    private static TestNode node;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(new BracketChecker());
        key = node.createAccount("compat");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static String form(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("account_name", "compat");
        all.put("api_key", key);
        return all.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** POST form, as the original's clients do. */
    private static JsonObject post(String method, Map<String, String> params) throws Exception {
        HttpResponse<String> r = node.send(node.request(null, "/platform_api/" + method)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build());
        return new JsonObject(r.body());
    }

    /** GET with a query string. */
    private static JsonObject get(String method, Map<String, String> params) throws Exception {
        return new JsonObject(node.get(null, "/platform_api/" + method + "?" + form(params)).body());
    }

    @Test
    void aScriptForTheOriginalManagesApplicationsScenariosRulesAndUsers() throws Exception {
        JsonObject app = post("AddApplication", Map.of("application_name", "ivr"));
        assertThat(app.getInteger("result")).isEqualTo(1);
        long appId = app.getLong("application_id");
        assertThat(app.getString("application_name")).isEqualTo("ivr.compat.dialtone.local");

        JsonObject apps = get("GetApplications", Map.of());
        assertThat(apps.getInteger("total_count")).isEqualTo(1);
        assertThat(apps.getJsonArray("result").getJsonObject(0).getString("modified")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

        String script = "VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => { e.call.answer(); });";
        long s1 = post("AddScenario", Map.of("scenario_name", "main", "scenario_script", script,
                "application_name", "ivr.compat.dialtone.local")).getLong("scenario_id");
        long s2 = post("AddScenario", Map.of("scenario_name", "helpers", "scenario_script", "function h() {}",
                "application_id", Long.toString(appId))).getLong("scenario_id");
        JsonObject broken = post("AddScenario", Map.of("scenario_name", "broken", "scenario_script", "if (x {",
                "application_id", Long.toString(appId)));
        assertThat(broken.getJsonObject("error").getInteger("code")).isEqualTo(101);
        assertThat(broken.getJsonObject("error").getString("msg")).contains("line 1");

        long r1 = post("AddRule", Map.of("application_id", Long.toString(appId), "rule_name", "conf", "rule_pattern", "conf_.*",
                "rule_pattern_exclude", "conf_test", "scenario_id", s1 + ";" + s2)).getLong("rule_id");
        long r2 = post("AddRule", Map.of("application_id", Long.toString(appId), "rule_name", "catchall", "rule_pattern", ".*",
                "scenario_name", "main,helpers")).getLong("rule_id");
        long r3 = post("AddRule", Map.of("application_id", Long.toString(appId), "rule_name", "late", "rule_pattern", "12+",
                "scenario_id", Long.toString(s1))).getLong("rule_id");
        JsonObject badRule = post("AddRule", Map.of("application_id", Long.toString(appId), "rule_name", "bad", "rule_pattern", "[0-9"));
        assertThat(badRule.getJsonObject("error").getString("msg")).contains("not a valid regular expression");

        JsonObject rules = get("GetRules", Map.of("application_id", Long.toString(appId), "with_scenarios", "true"));
        assertThat(rules.getInteger("total_count")).isEqualTo(3);
        JsonArray result = rules.getJsonArray("result");
        JsonObject first = result.getJsonObject(0);
        assertThat(first.getLong("rule_id")).isEqualTo(r1);
        assertThat(first.getString("rule_pattern_exclude")).isEqualTo("conf_test");
        assertThat(first.getJsonArray("scenarios").stream().map(o -> ((JsonObject) o).getString("scenario_name")).toList())
                .containsExactly("main", "helpers");
        assertThat(get("GetRules", Map.of("application_id", Long.toString(appId), "template", "conf_1"))
                .getJsonArray("result").stream().map(o -> ((JsonObject) o).getLong("rule_id")).toList()).containsExactly(r1, r2);

        assertThat(post("ReorderRules", Map.of("rule_id", r3 + ";" + r1 + ";" + r2)).getInteger("result")).isEqualTo(1);
        assertThat(get("GetRules", Map.of("application_id", Long.toString(appId))).getJsonArray("result").stream()
                .map(o -> ((JsonObject) o).getLong("rule_id")).toList()).containsExactly(r3, r1, r2);
        assertThat(post("ReorderRules", Map.of("rule_id", r2 + "," + r1)).getInteger("result")).isEqualTo(1);
        assertThat(get("GetRules", Map.of("application_id", Long.toString(appId))).getJsonArray("result").stream()
                .map(o -> ((JsonObject) o).getLong("rule_id")).toList()).containsExactly(r3, r2, r1);

        assertThat(post("SetRuleInfo", Map.of("rule_id", Long.toString(r3), "rule_pattern", "123")).getInteger("result")).isEqualTo(1);
        assertThat(post("SetRuleInfo", Map.of("rule_id", Long.toString(r3), "rule_pattern", "(")).containsKey("error")).isTrue();
        assertThat(post("DelRule", Map.of("rule_name", "late", "application_id", Long.toString(appId))).getInteger("result")).isEqualTo(1);

        assertThat(post("SetScenarioInfo", Map.of("scenario_id", Long.toString(s1), "scenario_script", "say('v2');"))
                .getInteger("result")).isEqualTo(1);
        JsonObject scenarios = get("GetScenarios", Map.of("scenario_id", Long.toString(s1), "with_script", "true"));
        assertThat(scenarios.getJsonArray("result").getJsonObject(0).getString("scenario_script")).isEqualTo("say('v2');");
        assertThat(get("GetScenarios", Map.of("application_id", Long.toString(appId))).getInteger("total_count")).isEqualTo(2);

        long u = post("AddUser", Map.of("user_name", "agent1", "user_display_name", "Agent One", "user_password", "Agent-Passw0rd",
                "application_id", Long.toString(appId), "parent_accounting", "true")).getLong("user_id");
        JsonObject users = get("GetUsers", Map.of("application_id", Long.toString(appId)));
        assertThat(users.getJsonArray("result").getJsonObject(0).getString("user_display_name")).isEqualTo("Agent One");
        assertThat(users.encode()).doesNotContain("Agent-Passw0rd");
        assertThat(post("SetUserInfo", Map.of("user_name", "agent1", "application_id", Long.toString(appId),
                "user_display_name", "Agent 1", "user_active", "false")).getInteger("result")).isEqualTo(1);
        JsonObject after = get("GetUsers", Map.of("application_id", Long.toString(appId), "user_id", Long.toString(u)));
        assertThat(after.getJsonArray("result").getJsonObject(0).getBoolean("user_active")).isFalse();
        assertThat(post("DelUser", Map.of("user_id", Long.toString(u))).getInteger("result")).isEqualTo(1);
        assertThat(get("GetUsers", Map.of("application_id", Long.toString(appId))).getInteger("total_count")).isZero();

        assertThat(post("DelScenario", Map.of("scenario_name", "helpers")).getInteger("result")).isEqualTo(1);
        assertThat(post("DelApplication", Map.of("application_id", Long.toString(appId))).getInteger("result")).isEqualTo(1);
        assertThat(get("GetApplications", Map.of()).getInteger("total_count")).isZero();
    }

    @Test
    void errorsUseTheOriginalShapeAndCodes() throws Exception {
        HttpResponse<String> noAuth = node.get(null, "/platform_api/GetApplications");
        assertThat(noAuth.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(noAuth.body()).getJsonObject("error").getInteger("code")).isEqualTo(100);
        JsonObject unknownMethod = get("FlyToTheMoon", Map.of());
        assertThat(unknownMethod.getJsonObject("error").getInteger("code")).isEqualTo(103);
        JsonObject unknownParam = get("GetApplications", Map.of("colour", "red"));
        assertThat(unknownParam.getJsonObject("error").getString("msg")).contains("colour");
        JsonObject missing = post("AddRule", Map.of("rule_name", "x", "rule_pattern", "1"));
        assertThat(missing.getJsonObject("error").getString("msg")).contains("application_id");
        JsonObject badBool = get("GetApplications", Map.of("with_rules", "maybe"));
        assertThat(badBool.getJsonObject("error").getInteger("code")).isEqualTo(101);
        JsonObject control = post("AddApplication", Map.of("application_name", "bad\u0001name"));
        assertThat(control.getJsonObject("error").getInteger("code")).isEqualTo(101);
    }
}
