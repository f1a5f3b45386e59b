package dev.dialtone.platform.http.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.BrowserTests;
import dev.dialtone.platform.testing.TestNode;
import io.vertx.core.json.JsonObject;

/**
 * Regenerates the console screenshots of {@code docs/console/} — only when asked, not on every test run:
 * <pre>
 * mvn -B -pl platform-api -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ConsoleScreenshotsIT -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Ddialtone.console.screenshots=$PWD/docs/console
 * </pre>
 */
class ConsoleScreenshotsIT {
    @Test
    void screenshotsOfTheMainPages() throws Exception {
        String dir = System.getProperty("dialtone.console.screenshots");
        assumeTrue(dir != null && !dir.isBlank(), "set -Ddialtone.console.screenshots=<dir> to regenerate the screenshots");
        try (TestNode node = TestNode.start(new BracketChecker(),
                ConsoleConfig.DEFAULT.withInitialAdminPassword(Optional.of("screenshots-admin-password")))) {
            String key = node.createAccount("acme");
            placeCalls(node, key);
            BrowserTests.prepare(Path.of("target/browser-tests"))
                    .run(Path.of("src/test/browser/console/screenshots.suite.mjs"), Map.of(
                            "DIALTONE_BASE_URL", node.baseUrl(),
                            "DIALTONE_API_KEY", key,
                            "DIALTONE_SCREENSHOT_DIR", Path.of(dir).toAbsolutePath().toString()), Duration.ofMinutes(4))
                    .assertPassed();
        }
    }

    /** The reception application, and three real SIP calls to it (SIPp through the node) for the call history. */
    private static void placeCalls(TestNode node, String key) throws Exception {
        long app = new JsonObject(node.post(key, "/api/v1/applications", "{\"name\":\"reception\"}").body()).getLong("id");
        String base = "/api/v1/applications/" + app;
        long scenario = new JsonObject(node.post(key, base + "/scenarios",
                new JsonObject().put("name", "front-desk").put("source", RECEPTION).encode()).body()).getLong("id");
        node.post(key, base + "/rules", "{\"name\":\"front-desk\",\"pattern\":\".*\",\"scenario_ids\":[" + scenario + "]}");
        Path dir = Files.createTempDirectory("console-screenshots");
        try {
            String[][] calls = {{"+15551230000", "+15550001001"}, {"sales", "+15550001002"}, {"+15551230000", "+15550001003"}};
            for (String[] c : calls) {
                SipCaller.call(node, dir.resolve(c[1].substring(1)), "reception.acme.dialtone.local", c[0], c[1], Duration.ofSeconds(10));
            }
        } finally {
            TestNode.deleteTree(dir);
        }
    }

    private static final String RECEPTION = """
            VoxEngine.addEventListener(AppEvents.CallAlerting, function (e) {
              Logger.write('incoming call from ' + e.callerid + ' to ' + e.destination);
              e.call.addEventListener(CallEvents.Connected, function () {
                Logger.write('answered; playing the greeting');
                e.call.say('Thank you for calling Acme.', Language.UK_ENGLISH_FEMALE);
              });
              e.call.addEventListener(CallEvents.PlaybackFinished, function () {
                Logger.write('greeting played; hanging up');
                e.call.hangup();
              });
              e.call.addEventListener(CallEvents.Disconnected, function () { VoxEngine.terminate(); });
              e.call.answer();
            });
            """;
}
