package dev.dialtone.platform.http.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.dialtone.platform.ConsoleConfig;
import dev.dialtone.platform.testing.BracketChecker;
import dev.dialtone.platform.testing.BrowserTests;
import dev.dialtone.platform.testing.TestNode;

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
            BrowserTests.prepare(Path.of("target/browser-tests"))
                    .run(Path.of("src/test/browser/console/screenshots.suite.mjs"), Map.of(
                            "DIALTONE_BASE_URL", node.baseUrl(),
                            "DIALTONE_API_KEY", key,
                            "DIALTONE_SCREENSHOT_DIR", Path.of(dir).toAbsolutePath().toString()), Duration.ofMinutes(4))
                    .assertPassed();
        }
    }
}
