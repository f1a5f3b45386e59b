package dev.dialtone.platform.http.platformapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.CompatForms;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonObject;

/**
 * {@code /platform_api} with the method in {@code cmd}, as the original's official clients call it:
 * multipart/form-data and url-encoded bodies answer exactly as {@code /platform_api/<Method>} does.
 */
class CmdFaceIT {
    private static TestNode node;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(new BracketChecker());
        key = node.createAccount("cmdface");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static Map<String, String> auth(Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("account_name", "cmdface");
        all.put("api_key", key);
        return all;
    }

    private static HttpResponse<String> multipart(Map<String, String> params) throws Exception {
        return node.send(CompatForms.multipart(node.request(null, "/platform_api"), params).build());
    }

    private static HttpResponse<String> urlencoded(String path, Map<String, String> params) throws Exception {
        return node.send(CompatForms.urlencoded(node.request(null, path), params).build());
    }

    @Test
    void cmdInMultipartOrUrlencodedAnswersExactlyAsThePerMethodFace() throws Exception {
        HttpResponse<String> added = multipart(auth(Map.of("cmd", "AddApplication", "application_name", "viamultipart")));
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(added.body()).getString("application_name")).isEqualTo("viamultipart.cmdface.dialtone.local");
        long app = new JsonObject(added.body()).getLong("application_id");
        JsonObject rule = new JsonObject(urlencoded("/platform_api", auth(Map.of("cmd", "AddRule", "application_id", Long.toString(app),
                "rule_name", "all", "rule_pattern", ".*"))).body());
        assertThat(rule.getInteger("result")).isEqualTo(1);

        Map<String, String> get = auth(Map.of("application_id", Long.toString(app), "with_rules", "true"));
        String perMethod = urlencoded("/platform_api/GetApplications", get).body();
        Map<String, String> withCmd = new LinkedHashMap<>(get);
        withCmd.put("cmd", "GetApplications");
        assertThat(new JsonObject(perMethod).getJsonArray("result").getJsonObject(0).getJsonArray("rules")).hasSize(1);
        assertThat(multipart(withCmd).body()).isEqualTo(perMethod);
        assertThat(urlencoded("/platform_api", withCmd).body()).isEqualTo(perMethod);
        assertThat(node.get(null, "/platform_api?" + CompatForms.urlencoded(withCmd)).body()).isEqualTo(perMethod);
        // cmd naming the same method as the path is fine
        assertThat(urlencoded("/platform_api/GetApplications", withCmd).body()).isEqualTo(perMethod);
    }

    @Test
    void errorsOfTheCmdFaceUseTheOriginalShape() throws Exception {
        JsonObject none = new JsonObject(multipart(auth(Map.of())).body());
        assertThat(none.getJsonObject("error").getInteger("code")).isEqualTo(103);
        assertThat(none.getJsonObject("error").getString("msg")).contains("cmd=<Method>");
        JsonObject unknown = new JsonObject(multipart(auth(Map.of("cmd", "FlyToTheMoon"))).body());
        assertThat(unknown.getJsonObject("error").getString("msg")).isEqualTo("Unknown command 'FlyToTheMoon'");
        JsonObject contradiction = new JsonObject(urlencoded("/platform_api/GetRules", auth(Map.of("cmd", "DelApplication"))).body());
        assertThat(contradiction.getJsonObject("error").getInteger("code")).isEqualTo(101);
        assertThat(contradiction.getJsonObject("error").getString("msg")).contains("another method than the path");
        HttpResponse<String> noAuth = multipart(Map.of("cmd", "GetApplications"));
        assertThat(noAuth.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(noAuth.body()).getJsonObject("error").getInteger("code")).isEqualTo(100);
    }

    @Test
    void malformedMultipartGetsAClearErrorInTheOriginalShape() throws Exception {
        String truncated = CompatForms.multipart(auth(Map.of("cmd", "GetApplications")));
        truncated = truncated.substring(0, truncated.length() - 30) + "\r\n--" + CompatForms.BOUNDARY + "\r\nContent-Dispo";
        for (HttpRequest request : new HttpRequest[] {
            node.request(null, "/platform_api").header("Content-Type", "multipart/form-data; boundary=" + CompatForms.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofString(truncated)).build(),
            node.request(null, "/platform_api").header("Content-Type", "multipart/form-data; boundary=" + CompatForms.BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofString("this is not multipart at all")).build(),
            node.request(null, "/platform_api").header("Content-Type", "multipart/form-data")
                    .POST(HttpRequest.BodyPublishers.ofString(CompatForms.multipart(auth(Map.of("cmd", "GetApplications"))))).build(),
        }) {
            HttpResponse<String> r = node.send(request);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            JsonObject error = new JsonObject(r.body()).getJsonObject("error");
            assertThat(error.getInteger("code")).isEqualTo(101);
            assertThat(error.getString("msg")).startsWith("The request body could not be read: malformed multipart/form-data body: ");
        }
        // the node still answers well-formed requests afterwards
        assertThat(new JsonObject(multipart(auth(Map.of("cmd", "GetApplications"))).body()).containsKey("result")).isTrue();
    }

    @Test
    void multipartBodiesRespectTheBodyCap() throws Exception {
        String big = "x".repeat(1_100_000);
        HttpResponse<String> overCap = multipart(auth(Map.of("cmd", "GetApplications", "application_name", big)));
        assertThat(overCap.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(overCap.body()).getJsonObject("error").getString("msg")).contains("larger than 1048576 bytes");
        String huge = "x".repeat(3_000_000);
        HttpResponse<String> overUpload = multipart(auth(Map.of("cmd", "AddScenario", "scenario_script", huge)));
        assertThat(overUpload.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(overUpload.body()).getJsonObject("error").getString("msg")).contains("too large");
        // a scenario of 250,000 characters goes through multipart like through the per-method face
        long app = new JsonObject(multipart(auth(Map.of("cmd", "AddApplication", "application_name", "bigscript"))).body())
                .getLong("application_id");
        String script = "// " + "y".repeat(250_000) + "\nVoxEngine.terminate();";
        JsonObject uploaded = new JsonObject(multipart(auth(Map.of("cmd", "AddScenario", "application_id", Long.toString(app),
                "scenario_name", "big", "scenario_script", script))).body());
        assertThat(uploaded.getInteger("result")).as(uploaded.encode()).isEqualTo(1);
    }
}
