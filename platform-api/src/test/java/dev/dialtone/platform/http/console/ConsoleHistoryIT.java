package dev.dialtone.platform.http.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dialtone.platform.testing.BrowserTests;
import dev.dialtone.platform.testing.TestNode;

/**
 * The console's history pages in headless Chromium against a real node with the real scenario engine
 * (GraalJS sandbox workers) and PostgreSQL: sessions started over HTTP with their logs as timelines,
 * the live view following the SSE stream (and polling without it). The suite is
 * {@code src/test/browser/console/history.suite.mjs}; each test has a fresh account. One node for the class.
 */
class ConsoleHistoryIT {
    private static final Path SUITE = Path.of("src/test/browser/console/history.suite.mjs");
    private static TestNode node;
    private static BrowserTests browser;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(TestNode.SCENARIO_ENGINE);
        browser = BrowserTests.prepare(Path.of("target/browser-tests"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static void run(String test, String account, Map<String, String> extra) throws Exception {
        String key = node.createAccount(account);
        Map<String, String> env = new HashMap<>(extra);
        env.put("DIALTONE_BASE_URL", node.baseUrl());
        env.put("DIALTONE_API_KEY", key);
        env.put("DIALTONE_ACCOUNT", account);
        browser.run(SUITE, env, Duration.ofMinutes(3), test).assertPassed();
    }

    @Test
    void sessionsListAndTheirLogsShowAsTimelines() throws Exception {
        run("session-timeline", "h-timeline", Map.of());
    }

    @Test
    void theLiveViewFollowsSessionsWithoutAReload() throws Exception {
        run("live-view", "h-live", Map.of());
    }
}
