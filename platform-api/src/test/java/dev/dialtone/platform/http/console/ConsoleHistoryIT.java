package dev.dialtone.platform.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.BrowserTests;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The console's history pages in headless Chromium against a real node with the real scenario engine
 * (GraalJS sandbox workers), SIP connector and PostgreSQL: real SIP calls placed by SIPp through the
 * node, found in the call history with its filters and opened as timelines; sessions started over HTTP
 * with their logs as timelines; the live view following the SSE stream (and polling without it). The
 * suite is {@code src/test/browser/console/history.suite.mjs}; each test has a fresh account. One node
 * for the class.
 */
class ConsoleHistoryIT {
    private static final Path SUITE = Path.of("src/test/browser/console/history.suite.mjs");
    /** Answers, writes two log lines, ends the session when the caller hangs up. */
    private static final String ANSWERS = """
            VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
              Logger.write('answering ' + e.destination);
              e.call.addEventListener(CallEvents.Connected, function () { Logger.write('answered'); });
              e.call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
              e.call.answer();
            });
            """;
    private static TestNode node;
    private static BrowserTests browser;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestNode.SCENARIO_ENGINE);
        node.awaitScenarioWorker();
        browser = BrowserTests.prepare(Path.of("target/browser-tests"));
        dir = Files.createTempDirectory("console-history-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (dir != null) {
            TestNode.deleteTree(dir);
        }
    }

    private static void run(String test, String account, String key, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("DIALTONE_BASE_URL", node.baseUrl());
        env.put("DIALTONE_API_KEY", key);
        env.put("DIALTONE_ACCOUNT", account);
        browser.run(SUITE, env, Duration.ofMinutes(3), test).assertPassed();
    }

    private static long created(String key, String path, JsonObject body) throws Exception {
        var r = node.post(key, path, body.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getLong("id");
    }

    @Test
    void callsAreFilteredAndOpenAsTimelines() throws Exception {
        String account = "h-calls";
        String key = node.createAccount(account);
        JsonArray placed = new JsonArray();
        String[][] calls = {{"support", "+15551110001"}, {"sales", "+15551110002"}};
        for (String[] c : calls) {
            long app = created(key, "/api/v1/applications", new JsonObject().put("name", c[0]));
            String base = "/api/v1/applications/" + app;
            long scenario = created(key, base + "/scenarios", new JsonObject().put("name", "answers").put("source", ANSWERS));
            created(key, base + "/rules", new JsonObject().put("name", "all").put("pattern", ".*")
                    .put("scenario_ids", new JsonArray().add(scenario)));
            SipCaller.call(node, dir.resolve(c[0]), c[0] + "." + account + ".dialtone.local", c[1], "+15550009999",
                    Duration.ofMillis(400));
            placed.add(new JsonObject().put("number", c[1]).put("application", c[0]).put("application_id", app));
        }
        awaitEndedSessions(key, calls.length);
        run("call-history", account, key, Map.of("DIALTONE_CALLS", placed.encode()));
    }

    /** Waits until the account's calls are recorded and their sessions have ended (their logs are complete). */
    private static void awaitEndedSessions(String key, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            JsonArray calls = new JsonObject(node.get(key, "/api/v1/calls").body()).getJsonArray("calls");
            last = calls.encode();
            boolean done = calls.size() == count;
            for (int i = 0; done && i < calls.size(); i++) {
                String session = calls.getJsonObject(i).getString("session_id");
                done = session != null && new JsonObject(node.get(key, "/api/v1/sessions/" + session).body()).getString("ended_at") != null;
            }
            if (done) {
                return;
            }
            LockSupport.parkNanos(100_000_000L);
        }
        throw new AssertionError("the calls' sessions did not end within 20 s: " + last);
    }

    @Test
    void sessionsListAndTheirLogsShowAsTimelines() throws Exception {
        run("session-timeline", "h-timeline", node.createAccount("h-timeline"), Map.of());
    }

    @Test
    void theLiveViewFollowsSessionsWithoutAReload() throws Exception {
        run("live-view", "h-live", node.createAccount("h-live"), Map.of());
    }
}
