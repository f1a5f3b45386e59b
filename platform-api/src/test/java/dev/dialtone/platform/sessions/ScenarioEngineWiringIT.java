package dev.dialtone.platform.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonObject;

/**
 * The node runs the real scenario engine: uploads are syntax-checked by GraalJS in a sandbox worker
 * (not by a test checker), and the workers run with the optimizing JIT.
 */
class ScenarioEngineWiringIT {
    private static TestNode node;
    private static String key;
    private static long app;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestNode.SCENARIO_ENGINE);
        node.awaitScenarioWorker();
        key = node.adminKey();
        app = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"wiring\"}").body()).getLong("id");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void uploadWithASyntaxErrorIsRefusedWithGraalJsLineAndColumn() throws Exception {
        // BracketChecker would accept this (brackets balance); only a JavaScript parser refuses it.
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", "broken").put("source", "var ok = 1;\nfunction (").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonObject p = new JsonObject(r.body());
        assertThat(p.getInteger("line")).isEqualTo(2);
        assertThat(p.getInteger("column")).isPositive();
        assertThat(p.getString("detail")).startsWith("syntax error at line 2, column ");

        HttpResponse<String> letLet = node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", "redeclared").put("source", "let a = 1;\nlet a = 2;").encode());
        assertThat(letLet.statusCode()).as(letLet.body()).isEqualTo(400);
        assertThat(new JsonObject(letLet.body()).getInteger("line")).isEqualTo(2);
    }

    @Test
    void validUploadIsStoredAndNeverRun() throws Exception {
        HttpResponse<String> r = node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", "fine").put("source", "while (true) {}\nVoxEngine.terminate();").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void sandboxWorkersRunTheOptimizingJit() throws Exception {
        node.post(key, "/api/v1/applications/" + app + "/scenarios",
                new JsonObject().put("name", "jit-probe").put("source", "Logger.write('x');").encode());
        assertThat(node.node().scenarioEngine().runtimeName()).isEqualTo("GraalVM CE");
    }
}
